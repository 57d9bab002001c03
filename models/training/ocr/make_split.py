#!/usr/bin/python3
"""Writes the held-out real BR crops (same split as train.py) as CSV `file,plate`, with file
paths relative to the CSV's folder, for the Node evaluation CLI.

    /usr/bin/python3 models/training/ocr/make_split.py --data ../shared/anpr-data \
        --csv models/training/ocr/build/heldout-br.csv
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import dataset as ds  # noqa: E402
from train import default_data  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=default_data())
    ap.add_argument('--csv', default=os.path.join(HERE, 'build', 'heldout-br.csv'))
    ap.add_argument('--train-csv', default=None, help='optionally also write the training split')
    ap.add_argument('--split-seed', type=int, default=1234)
    ap.add_argument('--holdout-frac', type=float, default=0.2)
    a = ap.parse_args()
    rows = ds.read_labels(os.path.join(a.data, 'br-crops', 'real', 'labels.csv'))
    tr, te = ds.split_real(rows, a.split_seed, a.holdout_frac)
    ds.write_heldout_csv(te, a.csv)
    if a.train_csv:
        ds.write_heldout_csv(tr, a.train_csv)
    print(f'held out {len(te)} crops / {len(set(p for _, p in te))} plates -> {a.csv} '
          f'(train {len(tr)} crops / {len(set(p for _, p in tr))} plates)')


if __name__ == '__main__':
    main()
