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


def warp_scene(img, boxes, rng, zoom=(0.75, 1.7), flip=True):
    """Stretch a scene to 384x224 with random zoom/translate/flip (axis-aligned affine).
    boxes: [N,4] x,y,w,h in img pixels. Returns image, quads [N,4,2]."""
    H, W = img.shape[:2]
    sx0, sy0 = IN_W / W, IN_H / H  # the plain stretch the deployment uses
    z = math.exp(rng.uniform(math.log(zoom[0]), math.log(zoom[1])))
    asp = math.exp(rng.uniform(-0.1, 0.1))
    sx, sy = sx0 * z * asp, sy0 * z / asp
    # translation: keep the scaled frame covering as much as possible, random offset
    tx = rng.uniform(min(0, IN_W - W * sx), max(0, IN_W - W * sx))
    ty = rng.uniform(min(0, IN_H - H * sy), max(0, IN_H - H * sy))
    do_flip = flip and rng.random() < 0.5
    M = np.array([[sx, 0, tx], [0, sy, ty]], np.float32)
    if do_flip:
        M = np.array([[-sx, 0, IN_W - tx], [0, sy, ty]], np.float32)
    out = cv2.warpAffine(img, M, (IN_W, IN_H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
    quads, ignores = [], []
    for x, y, w, h in boxes:
        x0, x1 = x * sx + tx, (x + w) * sx + tx
        if do_flip:
            x0, x1 = IN_W - x1, IN_W - x0
        y0, y1 = y * sy + ty, (y + h) * sy + ty
        # clip to frame; drop boxes that are mostly outside
        cx0, cx1 = max(0, x0), min(IN_W, x1)
        cy0, cy1 = max(0, y0), min(IN_H, y1)
        if cx1 <= cx0 or cy1 <= cy0:
            continue
        if cx1 - cx0 < 0.6 * (x1 - x0) or cy1 - cy0 < 0.6 * (y1 - y0):
            ignores.append((cx0, cy0, cx1, cy1))  # partially visible: ignored in the loss
            continue
        quads.append(rect_quad(cx0, cy0, cx1 - cx0, cy1 - cy0))
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
            q = random_quad(rng, crop, wmin, wmax)
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


class Sampler:
    def __init__(self, ro_train, negatives, crops, seed=0, photos=(), p_photo=0.35):
        # photos: kaggle / openimages training halves (close-ups, parked cars, Flickr streets): drawn
        # with p_photo, zoomed further in than the dashcam frames so small plates get the pixels the
        # booth's tiled second pass gives them. With no RO frames (leave-one-source-out) they stand in.
        self.photos = list(photos)
        self.p_photo = p_photo if self.photos else 0.0
        if not ro_train:
            ro_train = self.photos
        self.ro = ro_train
        self.neg = negatives
        self.crops = crops
        self.rng = np.random.default_rng(seed)

    def sample(self):
        rng = self.rng
        r = rng.random()
        ignores = []
        use_agpl = len(self.neg) > 0 and len(self.crops) > 0
        if rng.random() < self.p_photo:
            _, img, boxes, _ = self.photos[int(rng.integers(len(self.photos)))]
            img, quads, ignores = warp_scene(img, boxes, rng, zoom=(0.7, 2.6))
        elif not use_agpl or r < 0.5:
            _, img, boxes, _ = self.ro[int(rng.integers(len(self.ro)))]
            img, quads, ignores = warp_scene(img, boxes, rng)
            if use_agpl and rng.random() < 0.3:
                avoid = [rect_quad(a, b, c - a, d - b) for a, b, c, d in ignores]
                img, quads = paste_many(img, quads, self.crops, rng, int(rng.integers(1, 3)), avoid=avoid)
        elif r < 0.78:
            img = neg_background(self.neg[int(rng.integers(len(self.neg)))], rng)
            img, quads = paste_many(img, [], self.crops, rng, int(rng.integers(1, 5)))
        elif r < 0.9:
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
        img = photometric(img, rng)
        return img, quads, ignores


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


def build_targets(quads, ignores=()):
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
    ign[hm >= 0.99] = 0.0
    return hm[None], ign[None], reg, regw[None]
