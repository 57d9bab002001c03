#!/usr/bin/python3
"""Evaluate an exported detector ONNX (e.g. the shipped one, for a before/after) on the held-out scenes with the
same rules as train.py --eval-only (first pass and booth pipeline with the tiled second pass), via OpenCV DNN.

  /usr/bin/python3 models/training/detector/eval_onnx.py --data ../shared/anpr-data --onnx models/plate-detector.onnx
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

import dataset  # noqa: E402
import train  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None)
    ap.add_argument("--onnx", default=os.path.join(REPO, "models", "plate-detector.onnx"))
    ap.add_argument("--threshold", type=float, default=None, help="default: the manifest's scoreThreshold")
    args = ap.parse_args()
    data = args.data or dataset.default_data_dir(REPO)
    thr = args.threshold
    if thr is None:
        with open(args.onnx.replace(".onnx", ".manifest.json")) as f:
            thr = json.load(f)["output"]["scoreThreshold"]
    net = cv2.dnn.readNetFromONNX(args.onnx)

    def run_net(_model, img, interp=cv2.INTER_AREA):
        x = cv2.resize(img, (dataset.IN_W, dataset.IN_H), interpolation=interp)
        net.setInput(dataset.normalize(x)[None])
        h, b, c = net.forward(["heatmap", "boxes", "corners"])
        return h[0, 0], b[0], c[0]

    train.run_net = run_net

    class Dummy:
        def eval(self):
            return self

    sets = {"ro-valid": dataset.load_ro(data, "valid", store=False)}
    for s in ("kaggle", "openimages"):
        sets[s] = dataset.load_photos(data, s, "heldout", side=100000)
    ev = train.eval_sources(Dummy(), sets)
    for second in (False, True):
        r = train.metrics_at(ev, thr, second)
        for name, m in r.items():
            print(f"{name} @{thr} {'booth' if second else 'first pass'}: {json.dumps(train.summarize(m))}")
    t, sweep = train.pick_threshold(ev)
    print(f"threshold by the 1.2 rule: {t}; macro recall >=60px {sweep[t]['macroRecall']:.4f} all {sweep[t]['macroRecallAll']:.4f}, "
          f"false boxes/img {sweep[t]['falseBoxesPerImage']:.3f}")


if __name__ == "__main__":
    main()
