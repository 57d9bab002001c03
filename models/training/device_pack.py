#!/usr/bin/python3
"""Writes a compact copy of the ANPR training pack for a GPU machine that takes at most 64 MiB.

    /usr/bin/python3 models/training/device_pack.py --data ../shared/anpr-data --out .anpr-pack

Why: the device run carries the repository plus one folder, 64 MiB in all, and the pack is about
250 MB. The copy keeps the folder layout and the CSV columns the training code reads, so
`train.py --data .anpr-pack` works unchanged, and gives up only pixels the models never see:
- scenes are downscaled so the long side is at most --scene-side px (boxes scaled and rounded);
  the detector's input is 384x224 and its zoom augmentation stays within about 2x of that;
- plate crops are downscaled to at most --crop-height px high (the OCR reads 32 px rows);
- negatives and the rendered BR plates are seeded subsamples (--negatives, --rendered), negatives
  downscaled like scenes;
- JPEGs are re-encoded at --quality; SOURCES.csv keeps only the rows of the copied files.
Nothing is held out here: the held-out rule lives in the training code and scripts/anpr-pack.ts.
"""
import argparse
import csv
import os
import random
import shutil

import cv2

SCENE_DIRS = ["scenes-with-boxes/ro", "scenes-with-boxes/kaggle-car-plate-detection",
              "scenes-with-boxes/openimages-plates"]
CROP_CSVS = ["br-crops/real/labels.csv", "br-crops/rendered/labels.csv", "eu-crops/index.csv",
             "eu-crops/one-line/labels.csv", "eu-crops/two-line/labels.csv", "us-crops/labels.csv",
             "world-crops/labels.csv"]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)


def write_csv(path, fields, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def save(img, dst, quality):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    cv2.imwrite(dst, img, [cv2.IMWRITE_JPEG_QUALITY, quality])


def shrink(img, scale):
    if scale >= 1.0:
        return img
    h, w = img.shape[:2]
    return cv2.resize(img, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("ANPR_DATA", "../shared/anpr-data"))
    ap.add_argument("--out", default=".anpr-pack")
    ap.add_argument("--scene-side", type=int, default=640)
    ap.add_argument("--crop-height", type=int, default=64)
    ap.add_argument("--negatives", type=int, default=200)
    ap.add_argument("--rendered", type=int, default=1000, help="rendered BR plates kept (seeded sample)")
    ap.add_argument("--quality", type=int, default=65, help="JPEG quality of scenes and negatives")
    ap.add_argument("--crop-quality", type=int, default=82)
    a = ap.parse_args()
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    copied = set()

    for d in SCENE_DIRS:
        fields, rows = read_csv(os.path.join(a.data, d, "labels.csv"))
        scales = {}
        for r in rows:
            f = r["file"]
            if f not in scales:
                img = cv2.imread(os.path.join(a.data, d, f), cv2.IMREAD_COLOR)
                s = min(1.0, a.scene_side / max(img.shape[:2]))
                scales[f] = s
                save(shrink(img, s), os.path.join(a.out, d, f), a.quality)
                copied.add(f"{d}/{f}")
            s = scales[f]
            for k in ("x", "y", "w", "h"):
                r[k] = str(max(1 if k in ("w", "h") else 0, round(float(r[k]) * s)))
        write_csv(os.path.join(a.out, d, "labels.csv"), fields, rows)

    for c in CROP_CSVS:
        fields, rows = read_csv(os.path.join(a.data, c))
        if c.startswith("br-crops/rendered"):
            random.Random(20261128).shuffle(rows)
            rows = sorted(rows[: a.rendered], key=lambda r: r["file"])
        base = os.path.dirname(c)
        for r in rows:
            rel = f"{base}/{r['file']}"
            if rel in copied:
                continue
            img = cv2.imread(os.path.join(a.data, rel), cv2.IMREAD_UNCHANGED)
            if img is None:
                continue
            save(shrink(img, a.crop_height / img.shape[0]), os.path.join(a.out, rel), a.crop_quality)
            copied.add(rel)
        write_csv(os.path.join(a.out, c), fields, rows)

    negs = sorted(os.listdir(os.path.join(a.data, "negatives")))
    random.Random(20261128).shuffle(negs)
    for f in sorted(negs[: a.negatives]):
        img = cv2.imread(os.path.join(a.data, "negatives", f), cv2.IMREAD_UNCHANGED)
        save(shrink(img, min(1.0, a.scene_side / max(img.shape[:2]))), os.path.join(a.out, "negatives", f), a.quality)
        copied.add(f"negatives/{f}")

    fields, rows = read_csv(os.path.join(a.data, "SOURCES.csv"))
    write_csv(os.path.join(a.out, "SOURCES.csv"), fields, [r for r in rows if r["file"] in copied])
    shutil.copy(os.path.join(a.data, "PROVENANCE.md"), os.path.join(a.out, "PROVENANCE.md"))
    shutil.copytree(os.path.join(a.data, "licenses"), os.path.join(a.out, "licenses"))
    total = sum(os.path.getsize(os.path.join(p, f)) for p, _, fs in os.walk(a.out) for f in fs)
    print(f"{len(copied)} images, {total / 2**20:.1f} MiB -> {a.out}")


if __name__ == "__main__":
    main()
