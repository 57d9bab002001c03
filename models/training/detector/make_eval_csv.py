#!/usr/bin/python3
"""Write the RO valid split as a labels CSV for the Node evaluation CLI:
file,plate,x,y,w,h (plate empty: RO has no texts; one row per box; `file` relative to the RO folder,
which is what `npm run anpr:eval -- --images <data>/scenes-with-boxes/ro --labels <this csv>` expects).

  /usr/bin/python3 models/training/detector/make_eval_csv.py --data ../shared/anpr-data
"""
import argparse
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

import dataset  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None)
    ap.add_argument("--out", default=os.path.join(HERE, "build", "ro-valid.csv"))
    ap.add_argument("--absolute", action="store_true",
                    help="write absolute image paths instead of names relative to the RO folder")
    args = ap.parse_args()
    data = os.path.abspath(args.data or dataset.default_data_dir(REPO))
    ro_dir = os.path.join(data, "scenes-with-boxes", "ro")
    rows = dataset.ro_files(data, "valid")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    n = 0
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "plate", "x", "y", "w", "h"])
        for name, boxes in rows:
            path = os.path.join(ro_dir, name) if args.absolute else name
            for x, y, bw, bh in boxes:
                w.writerow([path, "", int(x), int(y), int(bw), int(bh)])
                n += 1
    print(f"wrote {args.out}: {len(rows)} frames, {n} boxes (images dir: {ro_dir})")


if __name__ == "__main__":
    main()
