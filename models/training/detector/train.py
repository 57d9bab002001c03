#!/usr/bin/python3
"""Train the plate detector (CPU, 1 thread), export ONNX, verify, evaluate on the RO valid split,
write manifest + model card.

  /usr/bin/python3 models/training/detector/train.py --data ../shared/anpr-data --out models/
"""
import argparse
import copy
import datetime
import json
import math
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import augment  # noqa: E402
import dataset  # noqa: E402
import evaluate  # noqa: E402
import export  # noqa: E402
from model import PlateNet  # noqa: E402

torch.set_num_threads(1)
cv2.setNumThreads(1)


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def focal_loss(logits, hm, ign):
    pos = (hm >= 0.999).float()
    neg = (1 - pos) * (1 - ign)
    p = torch.sigmoid(logits)
    lp = F.logsigmoid(logits)
    ln = F.logsigmoid(-logits)
    pos_l = -(lp * (1 - p) ** 2 * pos).sum()
    neg_l = -(ln * p ** 2 * (1 - hm) ** 4 * neg).sum()
    return (pos_l + neg_l) / pos.sum().clamp(min=1.0)


def reg_loss(reg, tgt, w):
    ws = w.sum().clamp(min=1.0)
    d = (reg - tgt).abs() * w
    off = d[:, 0:2].sum() / ws
    size = d[:, 2:4].sum() / ws
    corn = d[:, 4:12].sum() / ws
    return off, size, corn


def make_batch(sampler, bs):
    xs, hms, igs, regs, rws = [], [], [], [], []
    for _ in range(bs):
        img, quads, ignores = sampler.sample()
        hm, ig, reg, rw = augment.build_targets(quads, ignores)
        xs.append(dataset.normalize(img)); hms.append(hm); igs.append(ig); regs.append(reg); rws.append(rw)
    t = lambda a: torch.from_numpy(np.stack(a))  # noqa: E731
    return t(xs), t(hms), t(igs), t(regs), t(rws)


class BatchStream(torch.utils.data.IterableDataset):
    """Endless augmented batches, one Sampler per DataLoader worker (seeded by worker id): on the GPU
    machine the augmentation, not the network, is the bottleneck."""

    def __init__(self, sampler_args, photos, bs, seed):
        self.sampler_args, self.photos, self.bs, self.seed = sampler_args, photos, bs, seed

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        wid = info.id if info else 0
        sampler = augment.Sampler(*self.sampler_args, seed=self.seed + 1000 * (wid + 1), photos=self.photos)
        while True:
            yield make_batch(sampler, self.bs)


def infer(model, imgs, interp=cv2.INTER_AREA):
    model.eval()
    outs = []
    with torch.no_grad():
        for img in imgs:
            x = cv2.resize(img, (dataset.IN_W, dataset.IN_H), interpolation=interp)
            h, b, c = model(torch.from_numpy(dataset.normalize(x))[None])
            outs.append((h[0, 0].numpy(), b[0].numpy(), c[0].numpy()))
    return outs


def pick_threshold(outs, gts, sizes):
    grid = [round(0.05 * i, 2) for i in range(1, 19)]
    res = {t: evaluate.evaluate(outs, gts, t, frame_sizes=sizes) for t in grid}
    best_rec = max(r["recall"] for r in res.values())
    # The highest threshold that keeps recall >= 96.5 %: the 95 % target plus a margin, because the
    # threshold is picked on the same split it is reported on, and a missed plate costs a booth more
    # than a false box (the OCR, format rules and vote drop those).
    target = min(0.965, best_rec - 0.5 / max(1, res[grid[0]]["gt"]))
    ok = [t for t in grid if res[t]["recall"] >= target]
    thr = max(ok)
    return thr, res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None, help="anpr-data folder (default $ANPR_DATA or ../shared/anpr-data)")
    ap.add_argument("--out", default=os.path.join(REPO, "models"))
    ap.add_argument("--minutes", type=float, default=30.0, help="training wall-clock budget")
    ap.add_argument("--iters", type=int, default=0, help="fixed iteration count (overrides --minutes)")
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--no-agpl", action="store_true", help="train on the MIT RO scenes only (no negatives/crops)")
    ap.add_argument("--width", type=float, default=1.0)
    ap.add_argument("--eval-only", action="store_true", help="skip training; load build/plate-detector.pt")
    ap.add_argument("--device", default="cpu", help="cpu or cuda (the GPU run: models/training/device-run.sh)")
    ap.add_argument("--workers", type=int, default=0, help="processes making augmented batches (0 = in-process)")
    ap.add_argument("--exclude-source", action="append", default=[], choices=["ro", "kaggle", "openimages"],
                    help="leave this scene source out of training (repeatable): the leave-one-source-out models")
    ap.add_argument("--no-photos", action="store_true", help="train without the kaggle / openimages photos (the 1.1 recipe)")
    ap.add_argument("--weights-out", default=None, help="also save the EMA weights as a numpy .npz (+ .json stats)")
    ap.add_argument("--train-only", action="store_true", help="stop after training (no evaluation or export)")
    ap.add_argument("--from-weights", default=None, help="with --eval-only: evaluate and export these .npz weights")
    args = ap.parse_args()
    dev = torch.device(args.device)

    data = args.data or dataset.default_data_dir(REPO)
    random.seed(args.seed); np.random.seed(args.seed); torch.manual_seed(args.seed)
    build = os.path.join(HERE, "build")
    os.makedirs(build, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)

    t0 = time.time()
    ro_train = [] if "ro" in args.exclude_source else dataset.load_ro(data, "train")
    photos = [] if args.no_photos else [
        p for s in ("kaggle", "openimages") if s not in args.exclude_source for p in dataset.load_photos(data, s, "train")]
    held_photos = {s: dataset.load_photos(data, s, "heldout") for s in ("kaggle", "openimages")}
    log(f"photos: train {len(photos)} ({', '.join(s for s in ('kaggle', 'openimages') if s not in args.exclude_source)}), "
        f"held out {', '.join(f'{s} {len(v)}' for s, v in held_photos.items())}; excluded {args.exclude_source}")
    ro_valid = dataset.load_ro(data, "valid", store=False)
    if args.no_agpl:
        negs, crops, holdout = [], [], []
    else:
        negs = dataset.load_negatives(data)
        crops, holdout = dataset.load_crops(data, seed=args.seed)
    log(f"loaded: ro train {len(ro_train)} frames / {sum(len(b) for _, _, b, _ in ro_train)} boxes, "
        f"valid {len(ro_valid)} frames / {sum(len(b) for _, _, b, _ in ro_valid)} boxes, negatives {len(negs)}, "
        f"crops {len(crops)} (+{len(holdout)} held-out BR crops) in {time.time() - t0:.0f}s")

    sampler = augment.Sampler(ro_train, negs, crops, seed=args.seed, photos=photos)
    if args.workers > 0 and not args.eval_only:
        loader = torch.utils.data.DataLoader(BatchStream((ro_train, negs, crops), photos, args.bs, args.seed),
                                             batch_size=None, num_workers=args.workers, prefetch_factor=4)
        batches = iter(loader)
    else:
        batches = iter(lambda: make_batch(sampler, args.bs), None)
    model = PlateNet(args.width)
    ema = copy.deepcopy(model).eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    macs = export.count_flops(model)
    nparams = sum(p.numel() for p in model.parameters())
    log(f"model: {nparams / 1e3:.0f}k params, {macs / 1e6:.0f}M MACs at 224x384")

    budget = args.minutes * 60
    t_start = time.time()
    it = 0
    warm = 50
    hist = []
    if args.eval_only and args.from_weights:
        z = np.load(args.from_weights)
        ema.load_state_dict({k: torch.from_numpy(z[k]) for k in z.files})
        budget, args.iters = 0, -1
    elif args.eval_only:
        ema.load_state_dict(torch.load(os.path.join(build, "plate-detector.pt")))
        budget, args.iters = 0, -1
    model.to(dev)
    ema.to(dev)
    while not args.eval_only:
        el = time.time() - t_start
        frac = (it / args.iters) if args.iters else (el / budget)
        if frac >= 1.0:
            break
        lr = args.lr * min(1.0, (it + 1) / warm) * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in opt.param_groups:
            g["lr"] = lr
        model.train()
        x, hm, ig, reg, rw = (t.to(dev, non_blocking=True) for t in next(batches))
        lh, lr_ = model.forward_raw(x)
        lf = focal_loss(lh, hm, ig)
        lo, ls, lc = reg_loss(lr_, reg, rw)
        loss = lf + lo + ls + 0.5 * lc
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        d = min(0.998, (1 + it) / (10 + it))
        with torch.no_grad():
            for pe, pm in zip(ema.state_dict().values(), model.state_dict().values()):
                if pe.dtype.is_floating_point:
                    pe.mul_(d).add_(pm.detach(), alpha=1 - d)
                else:
                    pe.copy_(pm)
        hist.append([lf.item(), lo.item(), ls.item(), lc.item()])
        it += 1
        if it % 50 == 0:
            h = np.mean(hist[-50:], 0)
            log(f"it {it} {el / 60:.1f}min lr {lr:.4f} focal {h[0]:.3f} off {h[1]:.3f} size {h[2]:.3f} corn {h[3]:.3f}")
    train_s = time.time() - t_start
    if not args.eval_only:
        log(f"training done: {it} iterations, {train_s / 60:.1f} min, {it * args.bs} samples")
    ema.to("cpu")
    stats_path = os.path.join(build, "train_stats.json")
    if args.from_weights:
        stats_path = args.from_weights + ".json"
    if args.weights_out and not args.eval_only:
        np.savez(args.weights_out, **{k: v.detach().cpu().numpy() for k, v in ema.state_dict().items()})
        with open(args.weights_out + ".json", "w") as f:
            json.dump({"iterations": it, "minutes": round(train_s / 60, 1), "batch": args.bs, "seed": args.seed,
                       "device": args.device, "excluded": args.exclude_source, "photos": len(photos)}, f)
        log("weights ->", args.weights_out)
    if args.train_only:
        return
    if not args.eval_only:
        torch.save(ema.state_dict(), os.path.join(build, "plate-detector.pt"))
        with open(stats_path, "w") as f:
            json.dump({"iterations": it, "minutes": round(train_s / 60, 1), "batch": args.bs, "seed": args.seed}, f)
    else:
        with open(stats_path) as f:
            st = json.load(f)
        it, train_s, args.bs, args.seed = st["iterations"], st["minutes"] * 60, st["batch"], st["seed"]

    # ---------------- evaluate (EMA weights) ----------------
    model = ema.eval()
    v_imgs = [im for _, im, _, _ in ro_valid]
    v_gts = [b.tolist() for _, _, b, _ in ro_valid]
    v_sizes = [s for _, _, _, s in ro_valid]
    outs = infer(model, v_imgs, cv2.INTER_AREA)
    thr, grid = pick_threshold(outs, v_gts, v_sizes)
    m_area = grid[thr]
    m_lin = evaluate.evaluate(infer(model, v_imgs, cv2.INTER_LINEAR), v_gts, thr, frame_sizes=v_sizes)
    # RO train split (optimistic, for reference)
    tr_imgs = [cv2.resize(im, (1280, 720)) for _, im, _, _ in ro_train[::4]]
    tr_gts = [(b * 2).tolist() for _, _, b, _ in ro_train[::4]]
    m_train = evaluate.evaluate(infer(model, tr_imgs), tr_gts, thr) if tr_imgs else {"recall": 0.0, "precision": 0.0}
    # whole-image plate crops (held-out BR plates, never pasted in training)
    crop_stats = None
    if holdout:
        outs_c = infer(model, holdout, cv2.INTER_LINEAR)
        fired, ious = 0, []
        for (h, b, c), im in zip(outs_c, holdout):
            H, W = im.shape[:2]
            dets = evaluate.decode(h, b, c, W, H, thr)
            if dets:
                fired += 1
                top = max(dets, key=lambda d: d[0])
                ious.append(float(evaluate.iou(np.array([0, 0, W, H], np.float32), top[1][None])[0]))
        crop_stats = {"n": len(holdout), "fired": fired / len(holdout),
                      "median_iou_top_det_vs_whole_image": float(np.median(ious)) if ious else None}
    photo_metrics = {}
    for s, rows in held_photos.items():
        outs_p = infer(model, [im for _, im, _, _ in rows], cv2.INTER_AREA)
        gts_p = [b.tolist() for _, _, b, _ in rows]
        # boxes were scaled with the image; evaluate in the stored image's pixels (frame size = stored size)
        sizes_p = [(im.shape[1], im.shape[0]) for _, im, _, _ in rows]
        m = evaluate.evaluate(outs_p, gts_p, thr, frame_sizes=sizes_p)
        photo_metrics[s] = {"images": len(rows), "boxes": sum(len(g) for g in gts_p), "threshold": thr,
                            "recall": round(m["recall"], 4), "precision": round(m["precision"], 4),
                            "falsePositivesPerFrame": round(m["false_positives_per_frame"], 4),
                            "note": "held-out half, first pass only, whole photo stretched to the input"}
        log(f"held-out {s} @thr", thr, json.dumps(photo_metrics[s]))
    log("valid (INTER_AREA) @thr", thr, json.dumps(m_area))
    log("valid (INTER_LINEAR) @thr", thr, json.dumps({k: m_lin[k] for k in ("recall", "precision")}))
    log("train subset @thr", json.dumps({k: m_train[k] for k in ("recall", "precision")}))
    log("whole-crop check", json.dumps(crop_stats))
    for t in sorted(grid):
        log(f"  thr {t:.2f} recall {grid[t]['recall']:.3f} precision {grid[t]['precision']:.3f} fp/frame {grid[t]['false_positives_per_frame']:.3f}")

    # ---------------- export ----------------
    onnx_path = os.path.join(args.out, "plate-detector.onnx")
    export.export_onnx(model, onnx_path)
    samples = [dataset.normalize(cv2.resize(im, (dataset.IN_W, dataset.IN_H), interpolation=cv2.INTER_AREA)) for im in v_imgs[:5]]
    ok, worst = export.check_parity(model, onnx_path, samples)
    log(f"ONNX parity (OpenCV DNN vs torch): ok={ok} max abs diff {worst:.2e}")
    if not ok:
        raise SystemExit("ONNX parity check failed")
    ms_torch, cpu_torch = export.time_torch(model)
    ms_dnn, cpu_dnn = export.time_cv2dnn(onnx_path)
    size_b = os.path.getsize(onnx_path)
    log(f"speed 1 thread (wall / thread-CPU ms): torch {ms_torch:.1f} / {cpu_torch:.1f}, "
        f"OpenCV DNN(onnx) {ms_dnn:.1f} / {cpu_dnn:.1f}; onnx {size_b / 1e6:.2f} MB")

    today = datetime.date.today().isoformat()
    metrics = {
        "roValid": {
            "split": "RO upstream valid split (107 frames, 131 boxes, 1280x720)",
            "iou": 0.4, "threshold": thr,
            "recall": round(m_area["recall"], 4), "precision": round(m_area["precision"], 4),
            "falsePositivesPerFrame": round(m_area["false_positives_per_frame"], 4),
            "recallByWidthPx": m_area["recall_by_width_px"],
            "resizeInterpolation": "area (recall with bilinear resize: %.4f, precision %.4f)" % (m_lin["recall"], m_lin["precision"]),
            "thresholdSweep": {str(t): {"recall": round(r["recall"], 4), "precision": round(r["precision"], 4)} for t, r in sorted(grid.items())},
        },
        "heldoutPhotos": photo_metrics,
        "roTrainSubset": {"recall": round(m_train["recall"], 4), "precision": round(m_train["precision"], 4)},
        "wholeImagePlateCrops": crop_stats,
        "speedMsPerFrame1Thread": {"torch": round(ms_torch, 2), "opencvDnnOnnx": round(ms_dnn, 2),
                                   "torchThreadCpu": round(cpu_torch, 2), "opencvDnnOnnxThreadCpu": round(cpu_dnn, 2),
                                   "note": "median per frame, model only, 1 thread, on a 2-core machine shared with other builds; "
                                           "thread-CPU time excludes time spent waiting for the core"},
        "gMacs": round(macs / 1e9, 3), "params": nparams, "onnxBytes": size_b,
        "training": {"iterations": it, "batch": args.bs, "minutes": round(train_s / 60, 1), "seed": args.seed},
    }
    trained_on = [] if "ro" in args.exclude_source else [
        "scenes-with-boxes/ro (train split, MIT, © 2020 Robert Lucian Chiriac)"]
    if not args.no_photos and "kaggle" not in args.exclude_source:
        trained_on.append("scenes-with-boxes/kaggle-car-plate-detection (train half of the photos, CC0)")
    if not args.no_photos and "openimages" not in args.exclude_source:
        trained_on.append("scenes-with-boxes/openimages-plates (train half of the photos, CC BY 4.0; photos CC BY 2.0, "
                          "authors credited through Open Images)")
    if not args.no_agpl:
        trained_on += ["negatives (openalpr/train-detector raw-neg, AGPL-3.0) as backgrounds",
                       "br-crops/real, br-crops/rendered, eu-crops (openalpr/train-detector, AGPL-3.0) pasted as plates"]
    manifest = {
        "name": "plate-detector", "version": "1.2.0", "file": "plate-detector.onnx",
        "input": {"name": "image", "width": dataset.IN_W, "height": dataset.IN_H, "channels": 3, "colorOrder": "RGB",
                  "resize": "stretch", "mean": dataset.MEAN, "std": dataset.STD},
        "output": {"heatmap": "heatmap", "boxes": "boxes", "corners": "corners", "stride": dataset.STRIDE,
                   "scoreThreshold": thr, "nmsIou": 0.3},
        "trainedOn": trained_on,
        "metrics": metrics,
        "created": today,
    }
    with open(os.path.join(args.out, "plate-detector.manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    import card
    with open(os.path.join(args.out, "plate-detector.card.md"), "w") as f:
        f.write(card.render(manifest, args))
    log("wrote", onnx_path, "manifest, card")


if __name__ == "__main__":
    main()
