"""Deterministic synthetic licence-plate renderer (PIL + OpenCV).

Formats (FORMATS): br_old (LLLNNNN, grey), mercosur (LLLNLNN, white + blue band),
eu (single line, DIN, blue strip), us (Highway Gothic), two_line (square plates, 2 rows).

Every sample goes through the same preprocessing the Node side applies
(dataset.prepare_crop: two-line stitch rule + stretch to 128x32), so what the model sees at
training time matches inference. Given the same seed, the output is bit-identical.
"""
import os
import string

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from dataset import prepare_crop, photometric, TWO_LINE_ASPECT_BELOW

FONT_DIR = '/usr/share/fonts/truetype'
FONT_FILES = {
    'din': 'opendin/OSP-DIN.ttf',
    'rgB': 'roadgeek/RG2014B.ttf',
    'rgC': 'roadgeek/RG2014C.ttf',
    'rgD': 'roadgeek/RG2014D.ttf',
    'rgE': 'roadgeek/RG2014E.ttf',
    'djc': 'dejavu/DejaVuSansCondensed-Bold.ttf',
    'dj': 'dejavu/DejaVuSans-Bold.ttf',
    'lnb': 'liberation/LiberationSansNarrow-Bold.ttf',
}
FORMATS = ['br_old', 'mercosur', 'eu', 'us', 'two_line']

L = string.ascii_uppercase
D = string.digits
_font_cache = {}


def font(key, size=96):
    k = (key, size)
    if k not in _font_cache:
        path = os.path.join(FONT_DIR, FONT_FILES[key])
        if not os.path.exists(path):  # fall back to DejaVu if a font package is missing
            path = os.path.join(FONT_DIR, FONT_FILES['djc'])
        _font_cache[k] = ImageFont.truetype(path, size)
    return _font_cache[k]


def rl(rng, n):
    return ''.join(rng.choice(list(L), n))


def rd(rng, n):
    return ''.join(rng.choice(list(D), n))


def text_mask(text, fkey, stroke=0, size=96):
    """Renders text as a tight uint8 alpha mask."""
    f = font(fkey, size)
    l, t, r, b = f.getbbox(text, stroke_width=stroke)
    im = Image.new('L', (r - l + 4, b - t + 4), 0)
    ImageDraw.Draw(im).text((2 - l, 2 - t), text, fill=255, font=f, stroke_width=stroke, stroke_fill=255)
    a = np.asarray(im)
    ys, xs = np.nonzero(a)
    if len(xs) == 0:
        return a
    return a[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def paste_text(canvas, text, box, color, fkey, rng, stroke=0, fill_w=None):
    """Draws text stretched into box=(x0,y0,x1,y1) (fractions of canvas), keeping centre."""
    H, W = canvas.shape[:2]
    m = text_mask(text, fkey, stroke)
    x0, y0, x1, y1 = box
    bw, bh = (x1 - x0) * W, (y1 - y0) * H
    th = int(round(bh))
    tw = m.shape[1] * th / max(1, m.shape[0])
    if fill_w is not None:  # scale horizontally toward a fraction of the box width
        tw = bw * fill_w
    tw = int(round(min(tw, bw)))
    if tw < 2 or th < 2:
        return
    m = cv2.resize(m, (tw, th), interpolation=cv2.INTER_AREA).astype(np.float32)[..., None] / 255.0
    cx = (x0 + x1) / 2 * W + rng.uniform(-0.02, 0.02) * W
    xs = int(round(cx - tw / 2))
    ys = int(round(y0 * H))
    xs = max(0, min(W - tw, xs))
    ys = max(0, min(H - th, ys))
    reg = canvas[ys:ys + th, xs:xs + tw].astype(np.float32)
    col = np.array(color, np.float32)[None, None, :]
    canvas[ys:ys + th, xs:xs + tw] = (reg * (1 - m) + col * m).astype(np.uint8)


def plate_base(w, h, bg, rng, border=None, radius=8):
    im = Image.new('RGB', (w, h), tuple(int(c) for c in bg))
    if border is not None:
        ImageDraw.Draw(im).rounded_rectangle([2, 2, w - 3, h - 3], radius=radius, outline=tuple(int(c) for c in border),
                                             width=int(rng.integers(2, 6)))
    return np.array(im)


def jitter_color(rng, c, s=20):
    return np.clip(np.array(c) + rng.integers(-s, s + 1, 3), 0, 255)


# ---------------------------------------------------------------- formats
def make_br_old(rng):
    text = rl(rng, 3) + rd(rng, 4)
    sep = rng.choice(['-', '-', ' ', '\u00b7']) if True else ''
    shown = text[:3] + sep + text[3:]
    r = rng.random()
    if r < 0.75:
        g = rng.integers(140, 236)
        bg = jitter_color(rng, (g, g, g), 12)
        fg = jitter_color(rng, (40, 40, 40), 30)
    elif r < 0.9:
        bg = jitter_color(rng, (175, 35, 35), 25)
        fg = jitter_color(rng, (235, 235, 235), 20)
    else:
        bg = jitter_color(rng, (235, 235, 235), 15)
        fg = jitter_color(rng, (30, 30, 30), 20)
    W, H = 340, 110
    c = plate_base(W, H, bg, rng, border=fg)
    if rng.random() < 0.85:  # city header, e.g. "SP-SAO PAULO"
        hdr = rl(rng, 2) + '-' + rl(rng, int(rng.integers(4, 11)))
        paste_text(c, hdr, (0.25, 0.05, 0.75, 0.17), fg, 'djc', rng)
    fk = rng.choice(['din', 'djc', 'lnb', 'rgD', 'rgC', 'dj'])
    paste_text(c, shown if sep != '\u00b7' or fk != 'rgC' else text[:3] + '-' + text[3:], (0.05, 0.24, 0.95, 0.92), fg,
               fk, rng, stroke=int(rng.integers(0, 4)), fill_w=rng.uniform(0.82, 0.96))
    return c, text, (0.55, 1.15)


def make_mercosur(rng):
    text = rl(rng, 3) + rd(rng, 1) + rl(rng, 1) + rd(rng, 2)
    W, H = 340, 110
    bg = jitter_color(rng, (240, 240, 240), 12)
    fg = jitter_color(rng, (20, 20, 20), 15)
    c = plate_base(W, H, bg, rng, border=(30, 30, 30))
    blue = jitter_color(rng, (30, 60, 160), 20)
    c[4:int(H * 0.22), 4:W - 4] = blue
    paste_text(c, 'BRASIL', (0.38, 0.05, 0.62, 0.17), (245, 245, 245), 'djc', rng)
    c[8:int(H * 0.18), W - 40:W - 14] = jitter_color(rng, (40, 140, 60), 20)
    fk = rng.choice(['din', 'din', 'djc', 'lnb'])
    paste_text(c, text, (0.05, 0.3, 0.95, 0.92), fg, fk, rng, stroke=int(rng.integers(0, 3)),
               fill_w=rng.uniform(0.85, 0.97))
    return c, text, (0.7, 1.15)


def eu_text(rng):
    k = rng.integers(0, 10)
    if k == 0:
        t = ['B', rd(rng, int(rng.integers(2, 4))), rl(rng, 3)]
    elif k == 1:
        t = [rl(rng, 2), rd(rng, 2), rl(rng, 3)]
    elif k == 2:
        t = [rl(rng, int(rng.integers(1, 4))), rl(rng, int(rng.integers(1, 3))), rd(rng, int(rng.integers(1, 5)))]
    elif k == 3:
        t = [rl(rng, 2) + '-' + rd(rng, 3) + '-' + rl(rng, 2)]
    elif k == 4:
        t = [rl(rng, 2), rd(rng, 3) + rl(rng, 2)]
    elif k == 5:
        t = [rd(rng, 2) + '-' + rl(rng, 3) + '-' + rd(rng, 1)] if rng.random() < .5 else [rl(rng, 2) + '-' + rd(rng, 3) + '-' + rl(rng, 1)]
    elif k == 6:
        t = [rl(rng, 2), rd(rng, 5) if rng.random() < .5 else rd(rng, 4) + rl(rng, 1)]
    elif k == 7:
        t = [rd(rng, 4), rl(rng, 3)]
    elif k == 8:
        t = [rd(rng, 1) + rl(rng, 1) + rd(rng, 1), rd(rng, 4)]
    else:
        n = int(rng.integers(5, 9))
        s = ''.join(rng.choice(list(L + D), n))
        cut = int(rng.integers(1, n))
        t = [s[:cut], s[cut:]]
    shown = ' '.join(t)
    return shown, ''.join(ch for ch in shown if ch.isalnum())


def make_eu(rng):
    shown, text = eu_text(rng)
    W, H = 520, 110
    yellow = rng.random() < 0.15
    bg = jitter_color(rng, (235, 200, 40) if yellow else (242, 242, 242), 12)
    fg = jitter_color(rng, (20, 20, 20), 15)
    c = plate_base(W, H, bg, rng, border=fg if rng.random() < 0.7 else None)
    strip = rng.random() < 0.85
    x0 = 0.04
    if strip:
        sw = int(W * rng.uniform(0.075, 0.1))
        c[3:H - 3, 3:sw] = jitter_color(rng, (25, 55, 160), 20)
        cx, cy, rr = sw / 2 + 1, H * 0.3, H * 0.17
        for i in range(12):
            a = 2 * np.pi * i / 12
            cv2.circle(c, (int(cx + rr * np.cos(a)), int(cy + rr * np.sin(a))), 2, (230, 200, 30), -1)
        cc = rng.choice(['D', 'RO', 'F', 'I', 'NL', 'PL', 'E', 'CZ', 'A', 'SK', 'DK', 'B'])
        paste_text(c, cc, (3 / W, 0.58, sw / W, 0.9), (245, 245, 245), 'din', rng, fill_w=0.6)
        x0 = sw / W + 0.02
    fk = rng.choice(['din', 'din', 'din', 'djc', 'lnb'])
    paste_text(c, shown, (x0, 0.14, 0.97, 0.88), fg, fk, rng, stroke=int(rng.integers(0, 3)),
               fill_w=rng.uniform(0.75, 0.97) * min(1.0, len(shown) / 8 + 0.15))
    return c, text, (0.7, 1.15)


US_STATES = ['CALIFORNIA', 'TEXAS', 'FLORIDA', 'NEW YORK', 'OHIO', 'ILLINOIS', 'GEORGIA', 'ARIZONA', 'NEVADA',
             'OREGON', 'MICHIGAN', 'VIRGINIA', 'COLORADO', 'INDIANA', 'UTAH', 'IOWA', 'MAINE', 'KANSAS']


def make_us(rng):
    k = rng.integers(0, 5)
    nl, nd = int(rng.integers(3, 5)), int(rng.integers(3, 5))
    if k == 0:
        shown = rl(rng, nl) + ' ' + rd(rng, nd)
    elif k == 1:
        shown = rl(rng, nl) + '-' + rd(rng, nd)
    elif k == 2:
        shown = rd(rng, 1) + rl(rng, 3) + rd(rng, 3)
    elif k == 3:
        shown = rd(rng, nd) + ' ' + rl(rng, nl)
    else:
        shown = rl(rng, nl) + rd(rng, nd)
    text = ''.join(ch for ch in shown if ch.isalnum())
    W, H = 300, 150
    bgc = [(245, 245, 245), (225, 235, 250), (250, 245, 215), (235, 245, 235), (250, 250, 250)]
    bg = jitter_color(rng, bgc[int(rng.integers(0, len(bgc)))], 10)
    fgc = [(20, 30, 110), (15, 15, 15), (150, 20, 25), (20, 80, 40)]
    fg = jitter_color(rng, fgc[int(rng.integers(0, len(fgc)))], 15)
    c = plate_base(W, H, bg, rng, border=fg if rng.random() < 0.6 else None, radius=14)
    if rng.random() < 0.5:  # faint graphic band
        y = int(rng.integers(40, 110))
        c[y:y + int(rng.integers(5, 25))] = (c[y:y + 1].astype(np.int32) * 0.85).astype(np.uint8)
    hc = jitter_color(rng, fgc[int(rng.integers(0, len(fgc)))], 15)
    paste_text(c, US_STATES[int(rng.integers(0, len(US_STATES)))], (0.2, 0.06, 0.8, 0.2), hc,
               rng.choice(['rgD', 'djc', 'din']), rng)
    fk = rng.choice(['rgB', 'rgC', 'rgD', 'rgE', 'rgD', 'djc'])
    paste_text(c, shown, (0.06, 0.26, 0.94, 0.78), fg, fk, rng, stroke=int(rng.integers(0, 3)),
               fill_w=rng.uniform(0.7, 0.95))
    if rng.random() < 0.7:
        paste_text(c, rng.choice(['DMV.ORG', 'SUNSHINE STATE', 'THE LONE STAR STATE', 'EMPIRE STATE']),
                   (0.25, 0.84, 0.75, 0.95), hc, 'rgD', rng)
    return c, text, (0.8, 1.2)


def make_two_line(rng):
    k = rng.integers(0, 4)
    if k == 0:  # Brazilian motorcycle (old): LLL / NNNN, grey
        top, bot = rl(rng, 3), rd(rng, 4)
        g = rng.integers(150, 236)
        bg, fg = jitter_color(rng, (g, g, g), 12), jitter_color(rng, (40, 40, 40), 25)
        fk = rng.choice(['din', 'djc', 'lnb'])
    elif k == 1:  # Mercosur motorcycle: LLL / NLNN
        top, bot = rl(rng, 3), rd(rng, 1) + rl(rng, 1) + rd(rng, 2)
        bg, fg = jitter_color(rng, (240, 240, 240), 10), jitter_color(rng, (20, 20, 20), 10)
        fk = 'din'
    elif k == 2:  # EU square: e.g. "CJ 12" / "ABC", "M AB" / "1234"
        if rng.random() < 0.5:
            top, bot = rl(rng, int(rng.integers(1, 3))) + ' ' + rd(rng, 2), rl(rng, 3)
        else:
            top, bot = rl(rng, int(rng.integers(1, 4))) + ' ' + rl(rng, int(rng.integers(1, 3))), rd(rng, int(rng.integers(2, 5)))
        yellow = rng.random() < 0.2
        bg = jitter_color(rng, (235, 200, 40) if yellow else (242, 242, 242), 10)
        fg = jitter_color(rng, (20, 20, 20), 10)
        fk = rng.choice(['din', 'din', 'djc'])
    else:  # generic
        s = ''.join(rng.choice(list(L + D), int(rng.integers(5, 9))))
        cut = int(rng.integers(2, len(s) - 1))
        top, bot = s[:cut], s[cut:]
        bg = jitter_color(rng, (235, 235, 235), 20)
        fg = jitter_color(rng, (20, 20, 60), 20)
        fk = rng.choice(['din', 'djc', 'rgD', 'lnb'])
    text = ''.join(ch for ch in top + bot if ch.isalnum())
    W, H = int(rng.integers(200, 290)), 190
    c = plate_base(W, H, bg, rng, border=fg if rng.random() < 0.7 else None)
    x0 = 0.06
    if k == 2 and rng.random() < 0.6:
        sw = int(W * 0.12)
        c[3:H - 3, 3:sw] = jitter_color(rng, (25, 55, 160), 20)
        x0 = sw / W + 0.03
    st = int(rng.integers(0, 3))
    paste_text(c, top, (x0, 0.08, 0.95, 0.46), fg, fk, rng, stroke=st,
               fill_w=rng.uniform(0.6, 0.95) * min(1.0, len(top) / 4 + 0.1))
    paste_text(c, bot, (x0, 0.54, 0.95, 0.92), fg, fk, rng, stroke=st,
               fill_w=rng.uniform(0.7, 0.97) * min(1.0, len(bot) / 4 + 0.1))
    return c, text, (0.85, 1.15)


MAKERS = {'br_old': make_br_old, 'mercosur': make_mercosur, 'eu': make_eu, 'us': make_us, 'two_line': make_two_line}


# ---------------------------------------------------------------- geometry
def place_and_crop(plate, rng, hscale):
    """Perspective-warps the plate into a random background and crops around it with jitter.
    Returns an RGB crop with a realistic pixel size and aspect ratio."""
    ch = int(rng.integers(18, 91))  # final crop height in px
    hp = int(min(plate.shape[0], max(24, ch * 1.4)))  # work at a small scale (speed)
    plate = cv2.resize(plate, (int(round(plate.shape[1] * hp / plate.shape[0])), hp), interpolation=cv2.INTER_AREA)
    h, w = plate.shape[:2]
    m = int(0.35 * h)
    CH, CW = h + 2 * m, w + 2 * m
    base = rng.integers(0, 255, 3)
    bg = np.empty((CH, CW, 3), np.uint8)
    bg[:] = base
    noise = cv2.resize(rng.normal(0, rng.uniform(2, 25), (CH // 4 + 1, CW // 4 + 1)).astype(np.float32), (CW, CH))
    bg = np.clip(bg.astype(np.float32) + noise[..., None], 0, 255).astype(np.uint8)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    j = rng.uniform(0, 0.05)
    dst = src + np.float32(rng.uniform(-j, j, (4, 2)) * [w, h])
    ang = np.deg2rad(rng.uniform(-4, 4))
    ctr = np.float32([w / 2, h / 2])
    R = np.float32([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]])
    dst = (dst - ctr) @ R.T + ctr + m
    M = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), M, (CW, CH))
    warped = cv2.warpPerspective(plate, M, (CW, CH), flags=cv2.INTER_LINEAR)
    out = np.where(mask[..., None] > 127, warped, bg)
    x0, y0 = dst.min(0)
    x1, y1 = dst.max(0)
    bw, bh = x1 - x0, y1 - y0
    l = x0 + bw * rng.uniform(-0.03, 0.07) * (-1)
    r = x1 + bw * rng.uniform(-0.03, 0.07)
    t = y0 - bh * rng.uniform(-0.04, 0.15)
    b = y1 + bh * rng.uniform(-0.04, 0.15)
    l, t = int(max(0, l)), int(max(0, t))
    r, b = int(min(CW, r)), int(min(CH, b))
    crop = out[t:b, l:r]
    # realistic size: crop height 18..90 px, anisotropic scale (camera pixel aspect / squash)
    aspect = crop.shape[1] / crop.shape[0] * rng.uniform(*hscale)
    cw = max(8, int(round(ch * aspect)))
    interp = cv2.INTER_AREA if ch < crop.shape[0] else cv2.INTER_LINEAR
    return cv2.resize(crop, (cw, ch), interpolation=interp)


def render(fmt, rng):
    """One augmented sample: (uint8 [32,128] model-ready image, label)."""
    plate, text, hscale = MAKERS[fmt](rng)
    crop = place_and_crop(plate, rng, hscale)
    if fmt == 'two_line' and crop.shape[1] / crop.shape[0] >= TWO_LINE_ASPECT_BELOW - 0.02:
        # a 2-row plate must fall under the Node two-line rule (w/h < 1.5), else its label order is unreadable
        ch = crop.shape[0]
        crop = cv2.resize(crop, (max(8, int(ch * rng.uniform(1.0, TWO_LINE_ASPECT_BELOW - 0.05))), ch),
                          interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    gray = photometric(gray, rng, strength=1.0, blur_scale=min(1.0, gray.shape[0] / 50))
    return prepare_crop(gray, rng), text


def generate(fmt, n, seed):
    rng = np.random.default_rng(seed)
    X = np.empty((n, 32, 128), np.uint8)
    Y = []
    for i in range(n):
        X[i], t = render(fmt, rng)
        Y.append(t)
    return X, Y


if __name__ == '__main__':  # preview sheet: python3 synth.py out.png
    import sys
    rng = np.random.default_rng(1)
    rows = []
    for f in FORMATS:
        ims = []
        for _ in range(6):
            x, t = render(f, rng)
            x = cv2.cvtColor(cv2.resize(x, (256, 64), interpolation=cv2.INTER_NEAREST), cv2.COLOR_GRAY2BGR)
            cv2.putText(x, t, (2, 62), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 255), 1)
            ims.append(x)
        rows.append(np.hstack(ims))
    cv2.imwrite(sys.argv[1] if len(sys.argv) > 1 else 'synth-preview.png', np.vstack(rows))
