"""Augmentation + CenterNet target building.

Each sample is (uint8 RGB image 224x384, quads float32 [N,4,2] TL,TR,BR,BL in input px).
"""
import math

import cv2
import numpy as np

from dataset import IN_W, IN_H, STRIDE

cv2.setNumThreads(1)


def rect_quad(x, y, w, h):
    return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)


def photometric(img, rng, allow_gray=True):
    # brightness / contrast / gamma / per-channel gain folded into one lookup table (fast on uint8)
    a = rng.uniform(0.6, 1.4)
    b = rng.uniform(-40, 40)
    g = rng.uniform(0.6, 1.8) if rng.random() < 0.3 else 1.0
    gain = rng.uniform(0.85, 1.15, size=3) if rng.random() < 0.3 else np.ones(3)
    i = np.arange(256, dtype=np.float32)
    lut = np.clip(i * a + b, 0, 255)
    lut = 255.0 * np.power(lut / 255.0, g)
    lut3 = np.clip(lut[:, None] * gain[None, :], 0, 255).astype(np.uint8).reshape(256, 1, 3)
    if img.ndim == 3 and img.shape[2] == 3:
        img = cv2.LUT(img, lut3)
    if allow_gray and rng.random() < 0.15:
        gr = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
        img = cv2.cvtColor(gr, cv2.COLOR_GRAY2RGB)
    if rng.random() < 0.25:
        k = int(rng.choice([3, 5]))
        img = cv2.GaussianBlur(img, (k, k), 0)
    if rng.random() < 0.2:
        n = np.empty(img.shape, np.int16)
        cv2.randn(n, 0, float(rng.uniform(2, 10)))
        img = cv2.add(img.astype(np.int16), n, dtype=cv2.CV_16S)
        img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.1:  # jpeg artefacts
        q = int(rng.integers(25, 70))
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
        if ok:
            img = cv2.imdecode(enc, cv2.IMREAD_UNCHANGED)
    return img


def _visible_quads(boxes, M, flip_w=None):
    """Map x,y,w,h boxes through the 3x3 homography M: visible plates as quads, mostly-outside ones as
    ignore rectangles (x0,y0,x1,y1)."""
    quads, ignores = [], []
    for x, y, w, h in boxes:
        src = np.array([[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]], np.float32)
        q = cv2.perspectiveTransform(src, M)[0]
        if flip_w is not None:  # mirrored: keep TL,TR,BR,BL order
            q = q[[1, 0, 3, 2]]
        x0, y0, x1, y1 = q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()
        cx0, cx1 = max(0, x0), min(IN_W, x1)
        cy0, cy1 = max(0, y0), min(IN_H, y1)
        if cx1 <= cx0 or cy1 <= cy0:
            continue
        if cx1 - cx0 < 0.6 * (x1 - x0) or cy1 - cy0 < 0.6 * (y1 - y0):
            ignores.append((cx0, cy0, cx1, cy1))  # partially visible: ignored in the loss
            continue
        q = np.clip(q, 0, [IN_W, IN_H]).astype(np.float32)
        quads.append(q)
    return quads, ignores


def warp_scene(img, boxes, rng, zoom=(0.75, 1.7), flip=True, rot=0.0, persp=0.0, bg=None, zoom_z=None):
    """Stretch a scene to 384x224 as the booth does, then zoom / translate / flip, optionally rotate
    (degrees, in-plane) and tilt (perspective: each canvas corner moved by up to `persp` of the canvas).
    Zoom < 1 shrinks the frame inside the canvas (small plates); the uncovered part shows `bg`
    (a plate-free background) or, without one, the frame's replicated border (never a mirrored copy,
    whose plates would be unlabelled). boxes: [N,4] x,y,w,h in img pixels. Returns image, quads, ignores."""
    H, W = img.shape[:2]
    z = zoom_z if zoom_z is not None else math.exp(rng.uniform(math.log(zoom[0]), math.log(zoom[1])))
    asp = math.exp(rng.uniform(-0.2, 0.2))  # includes the foreshortening of a yawed view
    S0 = np.array([[IN_W / W, 0, 0], [0, IN_H / H, 0], [0, 0, 1]], np.float64)  # the plain stretch
    C = np.array([[1, 0, -IN_W / 2], [0, 1, -IN_H / 2], [0, 0, 1]], np.float64)
    Ci = np.linalg.inv(C)
    A = np.eye(3)
    if rot:
        a = math.radians(rng.uniform(-rot, rot))
        A = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]]) @ A
    Z = np.diag([z * asp, z / asp, 1.0])
    M = Ci @ Z @ A @ C @ S0
    if persp:
        src = np.array([[0, 0], [IN_W, 0], [IN_W, IN_H], [0, IN_H]], np.float32)
        # a tilt: one side shrinks, like a plate seen off-axis (plus some free corner jitter)
        t = rng.uniform(-persp, persp)
        dst = src.copy()
        if rng.random() < 0.5:  # yaw
            dst[[1, 2], 1] += np.array([t, -t]) * IN_H * 0.5 * (t > 0)
            dst[[0, 3], 1] += np.array([-t, t]) * IN_H * 0.5 * (t < 0)
        else:  # pitch
            dst[[2, 3], 0] += np.array([-t, t]) * IN_W * 0.5 * (t > 0)
            dst[[0, 1], 0] += np.array([-t, t]) * IN_W * 0.5 * (t < 0)
        dst += rng.uniform(-persp / 4, persp / 4, size=(4, 2)).astype(np.float32) * np.array([IN_W, IN_H], np.float32)
        P = cv2.getPerspectiveTransform(src, dst.astype(np.float32)).astype(np.float64)
        M = P @ M
    # translation: where the warped frame is larger than the canvas keep it covering, else a random offset
    fc = cv2.perspectiveTransform(np.array([[[0, 0], [W, 0], [W, H], [0, H]]], np.float64), M)[0]
    lo, hi = fc.min(0), fc.max(0)
    tx = rng.uniform(min(-lo[0], IN_W - hi[0]), max(-lo[0], IN_W - hi[0]))
    ty = rng.uniform(min(-lo[1], IN_H - hi[1]), max(-lo[1], IN_H - hi[1]))
    M = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]) @ M
    do_flip = flip and rng.random() < 0.5
    if do_flip:
        M = np.array([[-1, 0, IN_W], [0, 1, 0], [0, 0, 1]]) @ M
    M = M.astype(np.float32)
    covers = lo[0] + tx <= 0.5 and lo[1] + ty <= 0.5 and hi[0] + tx >= IN_W - 0.5 and hi[1] + ty >= IN_H - 0.5
    if bg is not None and not (covers and not rot and not persp):
        out = cv2.warpPerspective(img, M, (IN_W, IN_H), dst=bg.copy(), flags=cv2.INTER_LINEAR,
                                  borderMode=cv2.BORDER_TRANSPARENT)
    else:
        out = cv2.warpPerspective(img, M, (IN_W, IN_H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    quads, ignores = _visible_quads(boxes, M, IN_W if do_flip else None)
    return out, quads, ignores


def paste(canvas, crop, quad, rng):
    """Perspective-paste crop onto canvas at quad (TL,TR,BR,BL); only the quad's bounding ROI is touched."""
    h, w = crop.shape[:2]
    x0 = max(0, int(np.floor(quad[:, 0].min())) - 1); x1 = min(IN_W, int(np.ceil(quad[:, 0].max())) + 1)
    y0 = max(0, int(np.floor(quad[:, 1].min())) - 1); y1 = min(IN_H, int(np.ceil(quad[:, 1].max())) + 1)
    if x1 <= x0 or y1 <= y0:
        return canvas
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    P = cv2.getPerspectiveTransform(src, (quad - np.array([x0, y0], np.float32)).astype(np.float32))
    c = crop
    if rng.random() < 0.5:
        c = photometric(c, rng, allow_gray=False)
    if (quad[1, 0] - quad[0, 0]) < 0.6 * w:  # strong downscale: pre-shrink to limit aliasing
        f = max(0.05, (quad[1, 0] - quad[0, 0]) / w)
        c = cv2.resize(c, (max(2, int(w * f)), max(2, int(h * f))), interpolation=cv2.INTER_AREA)
        S = np.diag([w / c.shape[1], h / c.shape[0], 1.0])
        P = P @ S
    sz = (x1 - x0, y1 - y0)
    warped = cv2.warpPerspective(c, P, sz, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full(c.shape[:2], 255, np.uint8), P, sz, flags=cv2.INTER_LINEAR)
    m = (mask.astype(np.float32) / 255.0)[..., None]
    out = canvas.copy()
    roi = out[y0:y1, x0:x1].astype(np.float32)
    out[y0:y1, x0:x1] = (roi * (1 - m) + warped.astype(np.float32) * m).astype(np.uint8)
    return out


def random_quad(rng, crop, wmin, wmax, cx=None, cy=None, persp=0.08, rot=8):
    h, w = crop.shape[:2]
    W = math.exp(rng.uniform(math.log(wmin), math.log(wmax)))
    asp = (w / h) * math.exp(rng.uniform(-0.2, 0.2))
    Hq = W / asp
    if cx is None:
        cx = rng.uniform(W / 2, IN_W - W / 2) if W < IN_W else IN_W / 2
    if cy is None:
        cy = rng.uniform(Hq / 2, IN_H - Hq / 2) if Hq < IN_H else IN_H / 2
    q = np.array([[-W / 2, -Hq / 2], [W / 2, -Hq / 2], [W / 2, Hq / 2], [-W / 2, Hq / 2]], np.float32)
    q += rng.uniform(-persp, persp, size=(4, 2)).astype(np.float32) * np.array([W, Hq], np.float32)
    a = math.radians(rng.uniform(-rot, rot))
    R = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], np.float32)
    q = q @ R.T + np.array([cx, cy], np.float32)
    return q


def _bbox(q):
    return np.array([q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()], np.float32)


def _overlaps(q, quads, margin=4):
    b = _bbox(q)
    for o in quads:
        c = _bbox(o)
        if b[0] < c[2] + margin and c[0] < b[2] + margin and b[1] < c[3] + margin and c[1] < b[3] + margin:
            return True
    return False


def paste_many(canvas, quads, crops, rng, n, wmin=16, wmax=130, avoid=()):
    for _ in range(n):
        crop = crops[int(rng.integers(len(crops)))]
        for _try in range(5):
            q = random_quad(rng, crop, wmin, wmax, persp=0.12, rot=(30 if rng.random() < 0.15 else 8))
            b = _bbox(q)
            if b[0] < 0 or b[1] < 0 or b[2] > IN_W or b[3] > IN_H:
                continue
            if _overlaps(q, list(quads) + list(avoid)):
                continue
            canvas = paste(canvas, crop, q, rng)
            quads.append(q)
            break
    return canvas, quads


def neg_background(neg, rng):
    img, _, _ = warp_scene(neg, np.zeros((0, 4), np.float32), rng, zoom=(1.0, 1.6))
    return img


# ---------------- target-domain photometry: night, glare, motion blur ----------------

def _blob(img, cx, cy, r, color, strength):
    """Additive soft light (Gaussian falloff) centred at cx,cy with radius r (px)."""
    H, W = img.shape[:2]
    R = int(3 * r) + 1
    x0, x1 = max(0, int(cx) - R), min(W, int(cx) + R + 1)
    y0, y1 = max(0, int(cy) - R), min(H, int(cy) + R + 1)
    if x0 >= x1 or y0 >= y1:
        return img
    xs = np.arange(x0, x1, dtype=np.float32)[None, :] - cx
    ys = np.arange(y0, y1, dtype=np.float32)[:, None] - cy
    g = np.exp(-(xs * xs + ys * ys) / (2 * r * r))[..., None] * strength
    roi = img[y0:y1, x0:x1].astype(np.float32) + g * np.asarray(color, np.float32)[None, None, :]
    img[y0:y1, x0:x1] = np.clip(roi, 0, 255).astype(np.uint8)
    return img


def night(img, rng, quads=()):
    """Dark frame, blue-ish cast, sensor noise, headlight / street-light bloom; the plate (lit by the
    car's own lamp or the camera's IR) sometimes stays brighter than the scene."""
    out = img.astype(np.float32)
    k = rng.uniform(0.12, 0.45)
    g = rng.uniform(1.2, 2.2)
    out = 255.0 * np.power(out / 255.0, g) * k * 2.2
    if rng.random() < 0.6:
        out *= np.array([rng.uniform(0.8, 1.0), rng.uniform(0.85, 1.0), rng.uniform(1.0, 1.2)], np.float32)
    if quads and rng.random() < 0.5:  # the plate lamp / IR keeps the plate readable
        for q in quads:
            x0, y0 = np.floor(q.min(0)).astype(int)
            x1, y1 = np.ceil(q.max(0)).astype(int)
            x0, y0, x1, y1 = max(0, x0), max(0, y0), min(IN_W, x1), min(IN_H, y1)
            if x1 > x0 and y1 > y0:
                out[y0:y1, x0:x1] = img[y0:y1, x0:x1].astype(np.float32) * rng.uniform(0.5, 1.0)
    out = np.clip(out, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(0, 5))):  # headlights (often in pairs) and street lights
        cx, cy, r = rng.uniform(0, IN_W), rng.uniform(0, IN_H), rng.uniform(2, 18)
        col = (255, 240, 210) if rng.random() < 0.7 else (255, 60, 40)  # white head / red tail lights
        out = _blob(out, cx, cy, r, col, rng.uniform(0.6, 1.5))
        out = _blob(out, cx, cy, 3 * r, col, rng.uniform(0.1, 0.35))  # bloom
        if rng.random() < 0.5:
            dx = rng.uniform(20, 120) * (1 if rng.random() < 0.5 else -1)
            out = _blob(out, cx + dx, cy, r, col, rng.uniform(0.6, 1.5))
            out = _blob(out, cx + dx, cy, 3 * r, col, rng.uniform(0.1, 0.35))
    n = np.empty(out.shape, np.int16)
    cv2.randn(n, 0, float(rng.uniform(4, 16)))
    out = np.clip(out.astype(np.int16) + n, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        out = cv2.GaussianBlur(out, (3, 3), 0)
    return out


def glare(img, rng, quads=()):
    """A bright washed-out patch (sun on paint or glass, a lamp reflected on the plate)."""
    out = img.copy()
    if quads and rng.random() < 0.6:
        q = quads[int(rng.integers(len(quads)))]
        cx, cy = q[:, 0].mean() + rng.uniform(-0.4, 0.4) * np.ptp(q[:, 0]), q[:, 1].mean()
        r = max(3.0, np.ptp(q[:, 0]) * rng.uniform(0.15, 0.6))
    else:
        cx, cy, r = rng.uniform(0, IN_W), rng.uniform(0, IN_H), rng.uniform(10, 80)
    return _blob(out, cx, cy, r, (255, 250, 240), rng.uniform(0.4, 1.2))


def motion_blur(img, rng):
    n = int(rng.integers(3, 10))
    k = np.zeros((n, n), np.float32)
    k[n // 2, :] = 1.0 / n
    R = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
    k = cv2.warpAffine(k, R, (n, n))
    k /= max(1e-6, k.sum())
    return cv2.filter2D(img, -1, k)


# sample kinds and their share of a batch (renormalised over what the data allows)
MIX = {"ro": 0.24, "kaggle": 0.2, "openimages": 0.26, "negpaste": 0.14, "fill": 0.08, "neg": 0.08}
# negatives far from any labelled box weigh this much in the heatmap loss, per source: the kaggle
# annotation misses plates in street scenes and collages; Open Images boxes miss some tiny far ones
FAR_NEG_WEIGHT = {"kaggle": 0.25, "openimages": 0.6}


class Sampler:
    def __init__(self, ro_train, negatives, crops, seed=0, photos=(), mix=None):
        """photos: (source, file, rgb, boxes, native size) of the kaggle / openimages training halves."""
        self.by_src = {"ro": [(f, im, b) for f, im, b, _ in ro_train]}
        for s, f, im, b, _ in photos:
            self.by_src.setdefault(s, []).append((f, im, b))
        self.neg = negatives
        self.crops = crops
        self.rng = np.random.default_rng(seed)
        agpl = len(self.neg) > 0 and len(self.crops) > 0
        mix = dict(mix or MIX)
        kinds = {k: v for k, v in mix.items()
                 if (k in ("ro", "kaggle", "openimages") and self.by_src.get(k)) or
                 (k in ("negpaste", "fill", "neg") and agpl)}
        tot = sum(kinds.values())
        self.kinds = list(kinds)
        self.p = np.array([kinds[k] / tot for k in self.kinds])

    def _bg(self):
        if self.neg and self.rng.random() < 0.8:
            return neg_background(self.neg[int(self.rng.integers(len(self.neg)))], self.rng)
        c = self.rng.integers(0, 256, size=3).astype(np.uint8)
        return np.ascontiguousarray(np.broadcast_to(c, (IN_H, IN_W, 3)))

    def _scene(self, src):
        rng = self.rng
        rows = self.by_src[src]
        _, img, boxes = rows[int(rng.integers(len(rows)))]
        u = rng.random()
        if src == "ro":
            lz = (0.5, 1.0) if u < 0.3 else (1.0, 1.8)
        else:
            # the booth's first pass (whole photo), zoom-outs (plates smaller than in any photo),
            # the tiled second pass (a tile is ~57% of the frame per axis, stretched: ~1.75x), zoom-ins
            lz = (0.4, 1.0) if u < 0.3 else (1.0, 1.4) if u < 0.6 else (1.5, 2.1) if u < 0.85 else (2.1, 3.0)
        rot = 30.0 if rng.random() < 0.15 else 6.0
        persp = 0.35 if rng.random() < 0.2 else 0.05
        img, quads, ignores = warp_scene(img, boxes, rng, zoom=lz, rot=rot, persp=persp, bg=self._bg())
        return img, quads, ignores

    def sample(self):
        """-> (uint8 RGB image, quads, ignore rects, far-negative weight)"""
        rng = self.rng
        kind = self.kinds[int(rng.choice(len(self.kinds), p=self.p))]
        ignores, far_w = [], 1.0
        if kind in ("ro", "kaggle", "openimages"):
            img, quads, ignores = self._scene(kind)
            far_w = FAR_NEG_WEIGHT.get(kind, 1.0)
            if self.crops and rng.random() < 0.25:
                avoid = [rect_quad(a, b, c - a, d - b) for a, b, c, d in ignores]
                img, quads = paste_many(img, quads, self.crops, rng, int(rng.integers(1, 3)), wmin=14, wmax=190,
                                        avoid=avoid)
        elif kind == "negpaste":
            img = neg_background(self.neg[int(rng.integers(len(self.neg)))], rng)
            # plates from ~60 px in a 1280 frame (18 px at the input) to half the frame width
            img, quads = paste_many(img, [], self.crops, rng, int(rng.integers(1, 5)), wmin=14, wmax=192)
        elif kind == "fill":
            # a single plate filling most of the frame (the CLI stretches whole crops)
            crop = self.crops[int(rng.integers(len(self.crops)))]
            img = neg_background(self.neg[int(rng.integers(len(self.neg)))], rng)
            if rng.random() < 0.5:
                # full stretch with small margins, like a crop image stretched to the input
                mx, my = rng.uniform(0, 0.12) * IN_W, rng.uniform(0, 0.12) * IN_H
                q = np.array([[mx, my], [IN_W - mx, my], [IN_W - mx, IN_H - my], [mx, IN_H - my]], np.float32)
                q += rng.uniform(-0.04, 0.04, size=(4, 2)).astype(np.float32) * np.array([IN_W, IN_H], np.float32)
                q = np.clip(q, 0, [IN_W, IN_H]).astype(np.float32)
            else:
                q = random_quad(rng, crop, 150, 380, cx=IN_W / 2 + rng.uniform(-40, 40),
                                cy=IN_H / 2 + rng.uniform(-30, 30), persp=0.05, rot=5)
                q[:, 1] = np.clip(q[:, 1], 0, IN_H)
                q[:, 0] = np.clip(q[:, 0], 0, IN_W)
            img = paste(img, crop, q, rng)
            quads = [q]
        else:
            img = neg_background(self.neg[int(rng.integers(len(self.neg)))], rng)
            quads = []
        u = rng.random()
        if u < 0.12:
            img = night(img, rng, quads)
        else:
            img = photometric(img, rng)
        if rng.random() < 0.1:
            img = glare(img, rng, quads)
        if rng.random() < 0.1:
            img = motion_blur(img, rng)
        return img, quads, ignores, far_w


def gaussian_2d(hm, cx, cy, sx, sy):
    H, W = hm.shape
    rx, ry = int(3 * sx) + 1, int(3 * sy) + 1
    x0, x1 = max(0, int(cx) - rx), min(W, int(cx) + rx + 1)
    y0, y1 = max(0, int(cy) - ry), min(H, int(cy) + ry + 1)
    if x0 >= x1 or y0 >= y1:
        return
    xs = np.arange(x0, x1, dtype=np.float32)[None, :]
    ys = np.arange(y0, y1, dtype=np.float32)[:, None]
    g = np.exp(-((xs - cx) ** 2) / (2 * sx * sx) - ((ys - cy) ** 2) / (2 * sy * sy))
    hm[y0:y1, x0:x1] = np.maximum(hm[y0:y1, x0:x1], g)


def build_targets(quads, ignores=(), far_w=1.0):
    """Returns dict of numpy arrays at stride 4:
    hm [1,h,w], ignore [1,h,w] (1 where loss is ignored), reg [4+8,h,w] (dx,dy,log bw,log bh, corners/size), regw [1,h,w]."""
    h, w = IN_H // STRIDE, IN_W // STRIDE
    hm = np.zeros((h, w), np.float32)
    ign = np.zeros((h, w), np.float32)
    reg = np.zeros((12, h, w), np.float32)
    regw = np.zeros((h, w), np.float32)
    for q in quads:
        b = _bbox(q)
        bw, bh = b[2] - b[0], b[3] - b[1]
        if bw < 4 or bh < 2:
            continue
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        gx, gy = cx / STRIDE, cy / STRIDE
        sx = max(0.6, bw / STRIDE / 6.0)
        sy = max(0.6, bh / STRIDE / 6.0)
        ix, iy = int(gx), int(gy)
        ix, iy = min(max(ix, 0), w - 1), min(max(iy, 0), h - 1)
        gaussian_2d(hm, ix, iy, sx, sy)
        hm[iy, ix] = 1.0
        corn = ((q - np.array([cx, cy], np.float32)) / np.array([bw, bh], np.float32)).reshape(-1)
        for ddy in (-1, 0, 1):
            for ddx in (-1, 0, 1):
                x, y = ix + ddx, iy + ddy
                if not (0 <= x < w and 0 <= y < h):
                    continue
                wt = 1.0 if (ddx == 0 and ddy == 0) else 0.3
                if wt <= regw[y, x]:
                    continue
                regw[y, x] = wt
                reg[0, y, x] = gx - x
                reg[1, y, x] = gy - y
                reg[2, y, x] = math.log(bw)
                reg[3, y, x] = math.log(bh)
                reg[4:, y, x] = corn
    for a, b, c, d in ignores:
        x0, y0 = max(0, int(a / STRIDE) - 1), max(0, int(b / STRIDE) - 1)
        x1, y1 = min(w, int(math.ceil(c / STRIDE)) + 1), min(h, int(math.ceil(d / STRIDE)) + 1)
        ign[y0:y1, x0:x1] = 1.0
    if far_w < 1.0:
        # incomplete annotation: background cells far from every labelled box count only far_w
        near = np.zeros((h, w), bool)
        for q in quads:
            b = _bbox(q) / STRIDE
            mx, my = max(2.0, b[2] - b[0]), max(2.0, b[3] - b[1])
            near[max(0, int(b[1] - my)):min(h, int(math.ceil(b[3] + my)) + 1),
                 max(0, int(b[0] - mx)):min(w, int(math.ceil(b[2] + mx)) + 1)] = True
        ign = np.maximum(ign, np.where(near, 0.0, 1.0 - far_w).astype(np.float32))
    ign[hm >= 0.99] = 0.0
    return hm[None], ign[None], reg, regw[None]
