"""Decode exactly as the Node side does: 3x3 local maxima of the heatmap, score >= threshold,
decode boxes (input px -> frame px by plain stretch), NMS at IoU 0.3. Then match to ground truth at IoU >= 0.4."""
import numpy as np

from dataset import IN_W, IN_H, STRIDE


def local_max(hm):
    h, w = hm.shape
    p = np.pad(hm, 1, mode="constant", constant_values=-1.0)
    m = np.max(np.stack([p[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)]), 0)
    return hm >= m


def iou(a, b):
    """a [4] x0,y0,x1,y1, b [N,4]"""
    ix0 = np.maximum(a[0], b[:, 0]); iy0 = np.maximum(a[1], b[:, 1])
    ix1 = np.minimum(a[2], b[:, 2]); iy1 = np.minimum(a[3], b[:, 3])
    inter = np.clip(ix1 - ix0, 0, None) * np.clip(iy1 - iy0, 0, None)
    ua = (a[2] - a[0]) * (a[3] - a[1]) + (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) - inter
    return inter / np.maximum(ua, 1e-9)


def nms(boxes, scores, thr):
    order = np.argsort(-scores)
    keep = []
    while len(order):
        i = order[0]
        keep.append(i)
        if len(order) == 1:
            break
        o = iou(boxes[i], boxes[order[1:]])
        order = order[1:][o <= thr]
    return keep


def decode(heat, boxes, corners, frame_w, frame_h, thr, nms_iou=0.3, max_det=50):
    """heat [h,w], boxes [4,h,w], corners [8,h,w] -> list of (score, x0,y0,x1,y1 frame px, corners frame px [4,2])"""
    lm = local_max(heat) & (heat >= thr)
    ys, xs = np.nonzero(lm)
    if len(ys) == 0:
        return []
    sc = heat[ys, xs]
    if len(sc) > max_det:
        o = np.argsort(-sc)[:max_det]
        ys, xs, sc = ys[o], xs[o], sc[o]
    sx, sy = frame_w / IN_W, frame_h / IN_H
    cx = (xs + boxes[0, ys, xs]) * STRIDE
    cy = (ys + boxes[1, ys, xs]) * STRIDE
    bw, bh = boxes[2, ys, xs], boxes[3, ys, xs]
    b = np.stack([(cx - bw / 2) * sx, (cy - bh / 2) * sy, (cx + bw / 2) * sx, (cy + bh / 2) * sy], 1)
    keep = nms(b, sc, nms_iou)
    out = []
    for k in keep:
        c = corners[:, ys[k], xs[k]].reshape(4, 2) + np.array([cx[k], cy[k]])
        c = c * np.array([sx, sy])
        out.append((float(sc[k]), b[k], c))
    return out


def match(dets, gts, iou_thr=0.4):
    """gts [N,4] x0,y0,x1,y1. Returns (tp flags per det sorted by score, gt matched flags)"""
    dets = sorted(dets, key=lambda d: -d[0])
    used = np.zeros(len(gts), bool)
    tp = []
    for d in dets:
        if len(gts):
            o = iou(d[1], gts)
            o[used] = -1
            j = int(np.argmax(o))
            if o[j] >= iou_thr:
                used[j] = True
                tp.append(True)
                continue
        tp.append(False)
    return tp, used


def evaluate(outputs, gts_list, thr, iou_thr=0.4, frame_sizes=None):
    """outputs: list of (heat, boxes, corners) numpy per image; gts_list: list of [N,4] x,y,w,h in frame px."""
    n_gt = n_tp = n_det = 0
    buckets = {"<64": [0, 0], "64-96": [0, 0], "96-128": [0, 0], "128-192": [0, 0], ">=192": [0, 0]}
    per_img_fp = 0
    for i, ((heat, boxes, corners), g) in enumerate(zip(outputs, gts_list)):
        W, H = frame_sizes[i] if frame_sizes else (1280, 720)
        dets = decode(heat, boxes, corners, W, H, thr)
        gx = np.array([[x, y, x + w, y + h] for x, y, w, h in g], np.float32).reshape(-1, 4)
        tp, used = match(dets, gx, iou_thr)
        n_gt += len(gx); n_tp += int(used.sum()); n_det += len(dets)
        per_img_fp += len(dets) - sum(tp)
        for (x, y, w, h), u in zip(g, used):
            k = "<64" if w < 64 else "64-96" if w < 96 else "96-128" if w < 128 else "128-192" if w < 192 else ">=192"
            buckets[k][0] += 1
            buckets[k][1] += int(u)
    return {
        "threshold": thr,
        "gt": n_gt, "tp": n_tp, "detections": n_det,
        "recall": n_tp / max(1, n_gt),
        "precision": n_tp / max(1, n_det),
        "false_positives_per_frame": per_img_fp / max(1, len(outputs)),
        "recall_by_width_px": {k: {"n": v[0], "recall": (v[1] / v[0]) if v[0] else None} for k, v in buckets.items()},
    }


# ---------------- the booth pipeline: first pass + tiled second pass (src-main/anpr/tiles.ts) ----------------
SECOND_PASS = {"grid": 2, "overlap": 0.25, "belowScore": 0.5, "minScore": 0.45}  # DEFAULT_SECOND_PASS
MIN_PLATE_W = 24  # OnnxPlateReader's default minPlateWidth (frame px)


def _snap(t, unit, frame):
    k = int(np.ceil(t / unit - 1e-9))
    s = k * unit
    return s if k >= 2 and s <= frame and s <= 1.15 * t else t


def plan_tiles(W, H, grid=2, overlap=0.25):
    """planTiles with snapTo = the detector's input (x, y, w, h per tile)."""
    if grid == 1 or W < 2 or H < 2:
        return [(0, 0, W, H)]
    span = grid - (grid - 1) * overlap
    tw = _snap(min(W, int(np.ceil(W / span))), IN_W, W)
    th = _snap(min(H, int(np.ceil(H / span))), IN_H, H)
    at = lambda i, f, t: int(round(i * (f - t) / (grid - 1)))  # noqa: E731  (JS Math.round for >= 0)
    return [(at(i, W, tw), at(j, H, th), tw, th) for j in range(grid) for i in range(grid)]


def cut_by_tile(b, tile, W, H, margin=2):
    """b: x0,y0,x1,y1 in tile coordinates."""
    x, y, tw, th = tile
    return ((x > 0 and b[0] <= margin) or (y > 0 and b[1] <= margin) or
            (x + tw < W and b[2] >= tw - margin) or (y + th < H and b[3] >= th - margin))


def booth_dets(first, tiles, W, H, thr, second=True):
    """first: decoded dets (score, box x0y0x1y1, corners) at a low threshold; tiles: [(tile, dets)].
    Returns the booth's detections at threshold thr (score, box)."""
    f = [(s, b) for s, b, _ in first if s >= thr]
    f = [(s, b) for s, b in f if b[2] - b[0] >= MIN_PLATE_W]
    if not second or any(s >= SECOND_PASS["belowScore"] for s, _ in f):
        return f
    ms = max(SECOND_PASS["minScore"], thr)
    allb = list(f)
    for tile, dets in tiles:
        for s, b, _ in dets:
            if s < ms or cut_by_tile(b, tile, W, H):
                continue
            allb.append((s, b + np.array([tile[0], tile[1], tile[0], tile[1]], np.float32)))
    allb.sort(key=lambda d: -d[0])
    keep = []
    for s, b in allb:  # the Node nms: keep while IoU < 0.3 with every kept box
        if all(iou(k[1], b[None])[0] < 0.3 for k in keep):
            keep.append((s, b))
    return [(s, b) for s, b in keep if b[2] - b[0] >= MIN_PLATE_W]


WIDTH_BUCKETS = ((0, 40), (40, 60), (60, 90), (90, 130), (130, 200), (200, 1e9))
IN_RANGE_MIN_W = 60  # issue 12: plates from about 60 px (to about half the frame width) must be found


def bucket_name(lo, hi):
    return f">={int(lo)}" if hi >= 1e9 else f"{int(lo)}-{int(hi)}"


def score_dets(per_image, gts_list, widths_list=None, iou_thr=0.4):
    """per_image: list of [(score, box)] ; gts_list: [N,4] x,y,w,h (same pixels as the boxes);
    widths_list: native box widths for the buckets (default the gt widths)."""
    n_gt = n_tp = n_det = 0
    rng_gt = rng_tp = 0
    buckets = {bucket_name(lo, hi): [0, 0] for lo, hi in WIDTH_BUCKETS}
    for i, (dets, g) in enumerate(zip(per_image, gts_list)):
        gx = np.array([[x, y, x + w, y + h] for x, y, w, h in g], np.float32).reshape(-1, 4)
        tp, used = match([(s, b, None) for s, b in dets], gx, iou_thr)
        n_gt += len(gx); n_tp += int(used.sum()); n_det += len(dets)
        ws = widths_list[i] if widths_list is not None else [w for _, _, w, _ in g]
        for w, u in zip(ws, used):
            if w >= IN_RANGE_MIN_W:
                rng_gt += 1
                rng_tp += int(u)
            for lo, hi in WIDTH_BUCKETS:
                if lo <= w < hi:
                    buckets[bucket_name(lo, hi)][0] += 1
                    buckets[bucket_name(lo, hi)][1] += int(u)
    return {"images": len(per_image), "boxes": n_gt, "tp": n_tp, "detections": n_det,
            "recall": n_tp / max(1, n_gt), "boxes_in_range": rng_gt, "recall_in_range": rng_tp / max(1, rng_gt),
            "precision": n_tp / max(1, n_det),
            "false_boxes_per_image": (n_det - n_tp) / max(1, len(per_image)),
            "recall_by_width_px": {k: {"n": v[0], "recall": (v[1] / v[0]) if v[0] else None} for k, v in buckets.items()}}
