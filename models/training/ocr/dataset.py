"""Data helpers: charset, the Node-side preprocessing (two-line stitch + stretch), augmentation,
real BR crop loading and the plate-grouped train/held-out split."""
import csv
import os
import sys

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from split_rule import held_out, in_split  # noqa: E402

CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'  # model class i+1; class 0 = CTC blank
C2I = {c: i + 1 for i, c in enumerate(CHARSET)}
IN_H, IN_W = 32, 128
TWO_LINE_ASPECT_BELOW = 1.5  # 1.0.0 used 2.0 (cut US ~2:1 and some BR one-line crops through the characters)


def encode(text):
    return [C2I[c] for c in text]


def stitch_two_line(gray):
    """Node rule (manifest input.twoLineAspectBelow): crop aspect w/h < 1.5 -> cut into top and bottom halves, place side by side
    (top left, bottom right). Halves are floor(h/2) rows each (an odd last row is dropped)."""
    h, w = gray.shape[:2]
    if h >= 2 and w / h < TWO_LINE_ASPECT_BELOW:
        hh = h // 2
        return np.hstack([gray[:hh], gray[hh:2 * hh]])
    return gray


def prepare_crop(gray, rng=None):
    """uint8 grey crop (any size) -> uint8 [32,128] exactly as the Node side prepares it.
    During training (rng given) the resize filter is randomised, since the Node resampler may differ."""
    g = stitch_two_line(gray)
    if rng is None:
        interp = cv2.INTER_AREA if g.shape[1] > IN_W else cv2.INTER_LINEAR
    else:
        interp = [cv2.INTER_AREA, cv2.INTER_LINEAR, cv2.INTER_CUBIC][int(rng.integers(0, 3))]
    return cv2.resize(g, (IN_W, IN_H), interpolation=interp)


def to_tensor_array(u8):
    """uint8 [..., 32, 128] -> float32 normalised (pixel/255 - 0.5) / 0.5 with channel axis."""
    x = (u8.astype(np.float32) / 255.0 - 0.5) / 0.5
    return x[:, None] if x.ndim == 3 else x[None, None]


def photometric(g, rng, strength=1.0, blur_scale=1.0):
    g = g.astype(np.float32)
    if rng.random() < 0.3 * strength:  # lighting gradient / shadow
        h, w = g.shape
        ax = rng.uniform(-1, 1)
        ramp = np.linspace(-1, 1, w)[None, :] * ax + np.linspace(-1, 1, h)[:, None] * rng.uniform(-1, 1)
        g = g * (1 + 0.35 * strength * ramp)
    alpha = rng.uniform(1 - 0.5 * strength, 1 + 0.3 * strength)
    beta = rng.uniform(-45, 45) * strength
    g = (g - 128) * alpha + 128 + beta
    g = np.clip(g, 0, 255)
    if rng.random() < 0.3:
        g = 255 * (g / 255) ** rng.uniform(0.6, 1.6)
    if rng.random() < 0.15 * strength:
        g = 255 - g  # IR / inverted polarity (bright text on dark)
    if rng.random() < 0.6 * strength:
        s = rng.uniform(0.2, 0.2 + 1.1 * strength * blur_scale)
        g = cv2.GaussianBlur(g, (0, 0), s)
    if rng.random() < 0.12 * strength:
        k = int(rng.integers(2, 5))
        ker = np.zeros((k, k), np.float32)
        ker[k // 2, :] = 1.0 / k
        g = cv2.filter2D(g, -1, ker)
    if rng.random() < 0.7:
        g = g + rng.normal(0, rng.uniform(0, 12 * strength), g.shape)
    g = np.clip(g, 0, 255).astype(np.uint8)
    if rng.random() < 0.6 * strength:
        q = int(rng.integers(25, 96))
        ok, enc = cv2.imencode('.jpg', g, [cv2.IMWRITE_JPEG_QUALITY, q])
        g = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    return g


def geometric_jitter(g, rng, j=0.05):
    """Small perspective + crop jitter on an already-cropped plate (real crops)."""
    h, w = g.shape
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + np.float32(rng.uniform(-0.03, 0.03, (4, 2)) * [w, h])
    M = cv2.getPerspectiveTransform(src, dst)
    g = cv2.warpPerspective(g, M, (w, h), borderMode=cv2.BORDER_REPLICATE)
    l, r = (rng.uniform(-j, j, 2) * w).astype(int)
    t, b = (rng.uniform(-j, j * 1.5, 2) * h).astype(int)
    g = cv2.copyMakeBorder(g, max(t, 0), max(b, 0), max(l, 0), max(r, 0), cv2.BORDER_REPLICATE)
    H, W = g.shape
    g = g[max(-t, 0):H - max(-b, 0), max(-l, 0):W - max(-r, 0)]
    return g


def hard_photometric(g, rng):
    """Extra jitter aimed at the 1.0.0 held-out failure modes: dim / low-contrast crops and
    inverted (IR, bright-on-dark) crops."""
    r = rng.random()
    if r < 0.15:  # dim, low contrast
        g = g.astype(np.float32)
        g = g * rng.uniform(0.2, 0.55) + rng.uniform(0, 25)
        g = np.clip(g, 0, 255).astype(np.uint8)
    elif r < 0.25:  # inverted polarity
        g = 255 - g
    elif r < 0.32:  # washed out (over-exposed IR)
        g = g.astype(np.float32)
        g = 255 - (255 - g) * rng.uniform(0.25, 0.55)
        g = np.clip(g, 0, 255).astype(np.uint8)
    return g


def augment_real(gray, rng, hard=False):
    g = geometric_jitter(gray, rng) if rng.random() < 0.9 else gray
    if hard:
        g = hard_photometric(g, rng)
    g = photometric(g, rng, strength=0.6)
    return prepare_crop(g, rng)


def read_labels(csv_path):
    base = os.path.dirname(os.path.abspath(csv_path))
    with open(csv_path, newline='', encoding='utf-8') as f:
        return [(os.path.join(base, r['file']), r['plate'].strip().upper()) for r in csv.DictReader(f)]


def load_gray(paths):
    return [cv2.imread(p, cv2.IMREAD_GRAYSCALE) for p in paths]


def _lev1(a, b):
    if a == b:
        return True
    if len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b)) <= 1


def plate_groups(plates):
    """Connected components of plates within one substitution of each other: a misread of the
    same car (IVD8248 / IVO8248) must not end up on both sides of the split."""
    plates = sorted(set(plates))
    parent = {p: p for p in plates}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for i, a in enumerate(plates):
        for b in plates[i + 1:]:
            if _lev1(a, b):
                parent[find(a)] = find(b)
    groups = {}
    for p in plates:
        groups.setdefault(find(p), []).append(p)
    return {p: min(groups[find(p)]) for p in plates}  # plate -> group key


def split_real(rows, seed=1234, holdout_frac=0.2):
    """Deterministic split BY PLATE TEXT (plate groups, see plate_groups). A group is held out
    when sha1(seed:group_key) falls in the lowest holdout_frac of the hash space."""
    g = plate_groups([p for _, p in rows])
    return _split_by(rows, lambda plate: in_split(g[plate], seed, holdout_frac))


def split_heldout(rows, source, frac=0.5):
    """The hand-read real sets (issue 12): a plate group is held out when sha1("heldout-<source>:<group
    key>") falls in the lowest `frac` (0.5) of the hash space. scripts/anpr-pack.ts isHeldOut is the
    same rule; anpr:eval --pack measures the held-out half. Returns (train, held_out)."""
    g = plate_groups([p for _, p in rows])
    return _split_by(rows, lambda plate: held_out(source, g[plate], frac))


def _split_by(rows, held):
    """(train, held out) of (path, plate) rows, by a predicate on the plate."""
    return [r for r in rows if not held(r[1])], [r for r in rows if held(r[1])]


def write_heldout_csv(rows, out_csv):
    os.makedirs(os.path.dirname(os.path.abspath(out_csv)), exist_ok=True)
    base = os.path.dirname(os.path.abspath(out_csv))
    with open(out_csv, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(['file', 'plate'])
        for p, t in rows:
            w.writerow([os.path.relpath(p, base), t])
