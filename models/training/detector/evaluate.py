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
