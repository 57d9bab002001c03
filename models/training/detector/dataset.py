"""Data loading for the plate detector.

Everything is decoded once into memory (small pack, CPU-only training):
- RO scenes (MIT) with boxes, split train/valid by the upstream split in SOURCES.csv
- negatives, BR/EU plate crops (AGPL-3.0, optional) for copy-paste augmentation
"""
import csv
import os
import random
import sys
from collections import defaultdict

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from split_rule import held_out  # noqa: E402

cv2.setNumThreads(1)

IN_W, IN_H = 384, 224
STRIDE = 4
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]

# RO frames are kept at half resolution (640x360) so zoom-in augmentation keeps detail
RO_STORE_W, RO_STORE_H = 640, 360


def default_data_dir(repo_root):
    env = os.environ.get("ANPR_DATA")
    if env:
        return env
    return os.path.normpath(os.path.join(repo_root, "..", "shared", "anpr-data"))


def ro_split(data):
    """file name -> 'train' | 'valid' from SOURCES.csv transform column."""
    split = {}
    with open(os.path.join(data, "SOURCES.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["file"].startswith("scenes-with-boxes/ro/"):
                t = r["transform"]
                s = "valid" if "split=valid" in t else ("train" if "split=train" in t else None)
                if s is None:
                    raise ValueError("no split in transform for " + r["file"])
                split[os.path.basename(r["file"])] = s
    return split


def ro_boxes(data):
    """file -> list of (x, y, w, h) in native 1280x720 pixels."""
    boxes = defaultdict(list)
    with open(os.path.join(data, "scenes-with-boxes", "ro", "labels.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            boxes[r["file"]].append(tuple(float(r[k]) for k in ("x", "y", "w", "h")))
    return boxes


def ro_files(data, which):
    split = ro_split(data)
    boxes = ro_boxes(data)
    files = sorted(f for f, s in split.items() if s == which)
    return [(f, boxes[f]) for f in files]


def _rgb(img):
    if img is None:
        return None
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    else:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    return img


def load_ro(data, which, store=True):
    """Returns list of (rgb image at 640x360 (store) or native, boxes scaled accordingly, native size)."""
    out = []
    for f, bxs in ro_files(data, which):
        img = _rgb(cv2.imread(os.path.join(data, "scenes-with-boxes", "ro", f), cv2.IMREAD_COLOR))
        H, W = img.shape[:2]
        if store:
            sx, sy = RO_STORE_W / W, RO_STORE_H / H
            img = cv2.resize(img, (RO_STORE_W, RO_STORE_H), interpolation=cv2.INTER_AREA)
            b = np.array([[x * sx, y * sy, w * sx, h * sy] for x, y, w, h in bxs], np.float32)
        else:
            b = np.array(bxs, np.float32)
        out.append((f, img, b, (W, H)))
    return out


PHOTO_SOURCES = {"kaggle": "kaggle-car-plate-detection", "openimages": "openimages-plates"}


def is_held_out(source, file, frac=0.5):
    """The photo scenes keep half out (issue 12): sha1("heldout-<source>:<file>") in the lowest half.
    scripts/anpr-pack.ts isHeldOut is the same rule; anpr:eval --pack measures that half."""
    return held_out(source, file, frac)


def load_photos(data, source, which, side=640):
    """The kaggle / openimages photos of one half ('train' or 'heldout') as (file, rgb image with
    its long side at most `side`, boxes [N,4] x,y,w,h scaled alike, native size)."""
    folder = os.path.join(data, "scenes-with-boxes", PHOTO_SOURCES[source])
    boxes = defaultdict(list)
    with open(os.path.join(folder, "labels.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            boxes[r["file"]].append(tuple(float(r[k]) for k in ("x", "y", "w", "h")))
    out = []
    for fname in sorted(boxes):
        if is_held_out(source, fname) != (which == "heldout"):
            continue
        img = _rgb(cv2.imread(os.path.join(folder, fname), cv2.IMREAD_COLOR))
        H, W = img.shape[:2]
        s = min(1.0, side / max(H, W))
        if s < 1.0:
            img = cv2.resize(img, (round(W * s), round(H * s)), interpolation=cv2.INTER_AREA)
        out.append((fname, img, np.array(boxes[fname], np.float32) * s, (W, H)))
    return out


def load_negatives(data, limit=None, seed=0):
    d = os.path.join(data, "negatives")
    files = sorted(x for x in os.listdir(d) if x.lower().endswith((".jpg", ".png", ".jpeg")))
    if limit and limit < len(files):
        rnd = random.Random(seed)
        files = sorted(rnd.sample(files, limit))
    out = []
    for f in files:
        img = cv2.imread(os.path.join(d, f), cv2.IMREAD_COLOR)
        if img is None:
            continue
        # keep at most 2x the input size; stretch happens in augmentation
        h, w = img.shape[:2]
        s = min(1.0, 2 * IN_W / w, 2 * IN_H / h)
        if s < 1.0:
            img = cv2.resize(img, (int(w * s), int(h * s)), interpolation=cv2.INTER_AREA)
        out.append(_rgb(img))
    return out


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_crops(data, holdout_frac=0.15, seed=0):
    """Plate crops for copy-paste. BR real crops are split by plate text: a held-out
    group (never pasted) is returned separately to check 'whole image is a plate'."""
    rnd = random.Random(seed)
    crops, holdout = [], []
    real = _read_csv(os.path.join(data, "br-crops", "real", "labels.csv"))
    plates = sorted({r["plate"] for r in real})
    rnd.shuffle(plates)
    held = set(plates[: int(len(plates) * holdout_frac)])
    for r in real:
        img = _rgb(cv2.imread(os.path.join(data, "br-crops", "real", r["file"]), cv2.IMREAD_COLOR))
        if img is None:
            continue
        (holdout if r["plate"] in held else crops).append(img)
    rendered = _read_csv(os.path.join(data, "br-crops", "rendered", "labels.csv"))
    rendered = rnd.sample(rendered, min(600, len(rendered)))  # they are very alike; keep a subset
    for r in rendered:
        img = _rgb(cv2.imread(os.path.join(data, "br-crops", "rendered", r["file"]), cv2.IMREAD_COLOR))
        if img is not None:
            crops.append(img)
    for r in _read_csv(os.path.join(data, "eu-crops", "index.csv")):
        img = _rgb(cv2.imread(os.path.join(data, "eu-crops", r["file"]), cv2.IMREAD_COLOR))
        if img is not None and img.shape[1] >= 40:
            crops.append(img)
    return crops, holdout


def normalize(img_rgb_uint8):
    """HxWx3 uint8 RGB at 384x224 -> 3xHxW float32 normalized."""
    x = img_rgb_uint8.astype(np.float32) / 255.0
    x = (x - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
    return np.ascontiguousarray(x.transpose(2, 0, 1))
