#!/usr/bin/python3
"""Train the plate OCR (CTC) model, evaluate it, export ONNX + manifest + model card.

    /usr/bin/python3 models/training/ocr/train.py --data ../shared/anpr-data --out models/

One run, two stages: a base stage from scratch (AdamW + one-cycle) and a fine-tune stage (warm-up +
cosine) that oversamples the real BR crops with extra dim / inverted / washed-out jitter.

Seeded and single-threaded (torch.set_num_threads(1)), so a rerun with the same arguments on the same
software stack reproduces the same weights.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))

import dataset as ds  # noqa: E402
import synth  # noqa: E402
from model import PlateOCR, ctc_greedy  # noqa: E402

SYN_WEIGHTS = {'br_old': 0.15, 'mercosur': 0.09, 'eu': 0.13, 'us': 0.09, 'two_line': 0.09}
REAL_W, RENDERED_W = 0.35, 0.10


def default_data():
    return os.environ.get('ANPR_DATA') or os.path.abspath(os.path.join(REPO, '..', 'shared', 'anpr-data'))


def edit_distance(a, b):
    d = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, d[0] = d[0], i
        for j, cb in enumerate(b, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (ca != cb))
    return d[len(b)]


def score(preds, gts):
    exact = sum(p == g for p, g in zip(preds, gts))
    tot = sum(len(g) for g in gts)
    err = sum(min(edit_distance(p, g), len(g)) for p, g in zip(preds, gts))
    return {'n': len(gts), 'exact': round(exact / max(1, len(gts)), 4), 'char': round(1 - err / max(1, tot), 4)}


@torch.no_grad()
def predict(model, u8, bs=256):
    model.eval()
    out = []
    for i in range(0, len(u8), bs):
        out += ctc_greedy(model(torch.from_numpy(ds.to_tensor_array(u8[i:i + bs]))).numpy())
    return out


def light_aug(x, rng):
    """Cheap online jitter for cached synthetic samples (shift / scale a few px)."""
    if rng.random() < 0.5:
        s = rng.uniform(0.95, 1.05)
        M = np.float32([[s * rng.uniform(0.97, 1.03), 0, rng.uniform(-3, 3)], [0, s, rng.uniform(-1.5, 1.5)]])
        x = cv2.warpAffine(x, M, (128, 32), borderMode=cv2.BORDER_REPLICATE)
    return x


def augment_rendered(gray, rng):
    """Clean rendered BR plates (240x80): squash/resize like the real camera crops, then degrade."""
    ch = int(rng.integers(18, 81))
    cw = max(8, int(round(ch * gray.shape[1] / gray.shape[0] * rng.uniform(0.6, 1.1))))
    g = ds.geometric_jitter(gray, rng, j=0.06)
    g = cv2.resize(g, (cw, ch), interpolation=cv2.INTER_AREA)
    g = ds.photometric(g, rng, strength=1.0, blur_scale=min(1.0, ch / 50))
    return ds.prepare_crop(g, rng)


import cv2  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=default_data(), help='anpr-data folder (default: $ANPR_DATA or ../shared/anpr-data)')
    ap.add_argument('--out', default=os.path.join(REPO, 'models'), help='where plate-ocr.onnx/manifest/card go')
    ap.add_argument('--build', default=os.path.join(HERE, 'build'), help='scratch dir (checkpoints, held-out CSV)')
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--split-seed', type=int, default=1234)
    ap.add_argument('--holdout-frac', type=float, default=0.2)
    ap.add_argument('--steps', type=int, default=2600, help='base stage: steps of AdamW + one-cycle from scratch')
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=3e-3, help='base stage: peak LR')
    ap.add_argument('--width', type=float, default=0.5)
    ap.add_argument('--synth-per-format', type=int, default=4000)
    ap.add_argument('--synth-test-per-format', type=int, default=300)
    ap.add_argument('--eval-every', type=int, default=500)
    ap.add_argument('--no-real', action='store_true', help='synthetic + rendered only (no AGPL real crops)')
    ap.add_argument('--real-weight', type=float, default=REAL_W, help='base stage: share of real BR train crops per batch')
    ap.add_argument('--finetune-steps', type=int, default=2400,
                    help='fine-tune stage after the base stage (0 = none): linear warm-up to --finetune-lr, cosine '
                    'to 0, real crops oversampled and given extra dim / inverted / washed-out jitter')
    ap.add_argument('--finetune-lr', type=float, default=1e-3)
    ap.add_argument('--warmup', type=int, default=100, help='fine-tune stage: warm-up steps')
    ap.add_argument('--finetune-real-weight', type=float, default=0.45)
    ap.add_argument('--resume', default=None, help='skip the base stage and fine-tune from this state_dict (.pt)')
    ap.add_argument('--ckpt-name', default='plate-ocr.pt', help='checkpoint file name under --build')
    ap.add_argument('--log-name', default='train.log')
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    t0 = time.time()
    os.makedirs(args.build, exist_ok=True)
    log = open(os.path.join(args.build, args.log_name), 'w')

    def P(*a):
        s = ' '.join(str(x) for x in a)
        print(s, flush=True)
        log.write(s + '\n')
        log.flush()

    # ---- real BR crops, split by plate group
    real = ds.read_labels(os.path.join(args.data, 'br-crops', 'real', 'labels.csv'))
    tr_rows, te_rows = ds.split_real(real, args.split_seed, args.holdout_frac)
    heldout_csv = os.path.join(args.build, 'heldout-br.csv')
    ds.write_heldout_csv(te_rows, heldout_csv)
    P(f'real BR: {len(real)} crops / {len(set(p for _, p in real))} plates -> train {len(tr_rows)} crops '
      f'({len(set(p for _, p in tr_rows))} plates), held-out {len(te_rows)} crops ({len(set(p for _, p in te_rows))} plates)'
      f' -> {heldout_csv}')
    assert not (set(p for _, p in tr_rows) & set(p for _, p in te_rows))
    tr_img = ds.load_gray([p for p, _ in tr_rows])
    tr_lab = [t for _, t in tr_rows]
    te_u8 = np.stack([ds.prepare_crop(g) for g in ds.load_gray([p for p, _ in te_rows])])
    te_lab = [t for _, t in te_rows]
    n_stitched = sum(1 for g in ds.load_gray([p for p, _ in te_rows]) if g.shape[1] / g.shape[0] < ds.TWO_LINE_ASPECT_BELOW)

    rend = ds.read_labels(os.path.join(args.data, 'br-crops', 'rendered', 'labels.csv'))
    rend_img = ds.load_gray([p for p, _ in rend])
    rend_lab = [t for _, t in rend]

    # ---- synthetic (deterministic per format)
    syn, syn_test = {}, {}
    for k, f in enumerate(synth.FORMATS):
        syn[f] = synth.generate(f, args.synth_per_format, args.seed * 100 + k)
        syn_test[f] = synth.generate(f, args.synth_test_per_format, 987654 + k)
        P(f'synth {f}: {args.synth_per_format} train / {args.synth_test_per_format} test  t={time.time() - t0:.0f}s')

    def mix(real_weight):
        """Sampling weights: the real crops get `real_weight`; the other sources keep their proportions."""
        rw = 0.0 if args.no_real else real_weight
        k_other = (1 - rw) / (1 - REAL_W)
        sources = [('real', rw), ('rendered', RENDERED_W * k_other)] + [(f, x * k_other) for f, x in SYN_WEIGHTS.items()]
        w = np.array([x for _, x in sources], np.float64)
        return [n for n, _ in sources], w / w.sum()

    model = PlateOCR(args.width)
    P(f'model params: {sum(p.numel() for p in model.parameters())}  args: {vars(args)}')
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)

    def train_stage(label, steps, lr_at, real_weight, hard, opt, sched=None):
        """One stage of CTC training; the LR comes from `sched` (stepped per batch) or from lr_at(step)."""
        names, w = mix(real_weight)
        P(f'{label}: {steps} steps, mix {dict(zip(names, [round(x, 3) for x in w]))}, hard_aug={hard}')
        run_loss = None
        t_stage = time.time()
        for step in range(1, steps + 1):
            if sched is None:
                for gparam in opt.param_groups:
                    gparam['lr'] = lr_at(step)
            model.train()
            src = rng.choice(len(names), args.batch, p=w)
            xs, ys = [], []
            for s in src:
                n = names[s]
                if n == 'real':
                    i = int(rng.integers(len(tr_img)))
                    xs.append(ds.augment_real(tr_img[i], rng, hard=hard)); ys.append(tr_lab[i])
                elif n == 'rendered':
                    i = int(rng.integers(len(rend_img)))
                    xs.append(augment_rendered(rend_img[i], rng)); ys.append(rend_lab[i])
                else:
                    X, Y = syn[n]
                    i = int(rng.integers(len(Y)))
                    xs.append(light_aug(X[i], rng)); ys.append(Y[i])
            x = torch.from_numpy(ds.to_tensor_array(np.stack(xs)))
            tgt = torch.tensor([c for y in ys for c in ds.encode(y)], dtype=torch.long)
            tl = torch.tensor([len(y) for y in ys], dtype=torch.long)
            lp = model.logits(x).log_softmax(-1).permute(1, 0, 2)  # [T,N,C]
            loss = ctc(lp, tgt, torch.full((len(ys),), lp.shape[0], dtype=torch.long), tl)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            if sched is not None:
                sched.step()
            run_loss = loss.item() if run_loss is None else 0.98 * run_loss + 0.02 * loss.item()
            if step % 100 == 0:
                el = time.time() - t_stage
                P(f'{label} step {step}/{steps} loss {run_loss:.3f} lr {opt.param_groups[0]["lr"]:.2e} '
                  f'{el:.0f}s ({el / step:.2f}s/step, eta {el / step * (steps - step):.0f}s)')
            if step % args.eval_every == 0 or step == steps:
                r = score(predict(model, te_u8), te_lab)
                P(f'  [monitor only, not used for selection] held-out real BR: {r}')
                torch.save(model.state_dict(), os.path.join(args.build, args.ckpt_name + '.partial'))
        return time.time() - t_stage

    t_train = time.time()
    stages = {}
    if args.resume:
        model.load_state_dict(torch.load(args.resume, map_location='cpu'))
        P(f'resumed from {args.resume}; base stage skipped')
    else:
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.15)
        secs = train_stage('base', args.steps, None, args.real_weight, False, opt, sched)
        stages['base'] = {'steps': args.steps, 'seconds': round(secs), 'lr': args.lr,
                          'real_weight': 0.0 if args.no_real else args.real_weight}
    after_base = score(predict(model, te_u8), te_lab)
    P(f'held-out real BR before fine-tuning: {after_base}')
    if args.finetune_steps > 0:
        opt = torch.optim.AdamW(model.parameters(), lr=args.finetune_lr, weight_decay=1e-4)

        def finetune_lr(step):
            if step <= args.warmup:
                return args.finetune_lr * step / args.warmup
            prog = (step - args.warmup) / max(1, args.finetune_steps - args.warmup)
            return args.finetune_lr * 0.5 * (1 + np.cos(np.pi * min(1.0, prog)))

        secs = train_stage('finetune', args.finetune_steps, finetune_lr, args.finetune_real_weight, True, opt)
        stages['finetune'] = {'steps': args.finetune_steps, 'seconds': round(secs), 'lr': args.finetune_lr,
                              'warmup': args.warmup,
                              'real_weight': 0.0 if args.no_real else args.finetune_real_weight}
    train_s = time.time() - t_train
    tmp = os.path.join(args.build, args.ckpt_name + '.tmp')
    torch.save(model.state_dict(), tmp)
    os.replace(tmp, os.path.join(args.build, args.ckpt_name))

    # ---- final evaluation
    preds = predict(model, te_u8)
    metrics = {'heldout_real_br': score(preds, te_lab)}
    metrics['heldout_real_br']['crops_stitched_by_two_line_rule'] = n_stitched
    metrics['synthetic_test'] = {f: score(predict(model, syn_test[f][0]), syn_test[f][1]) for f in synth.FORMATS}
    P('held-out real BR:', metrics['heldout_real_br'])
    for f, r in metrics['synthetic_test'].items():
        P(f'synthetic {f}:', r)
    errs = [(p, g, path) for p, g, (path, _) in zip(preds, te_lab, te_rows) if p != g]
    with open(os.path.join(args.build, 'heldout-errors.csv'), 'w') as f:
        f.write('file,plate,pred\n')
        for p, g, path in errs:
            f.write(f'{os.path.basename(path)},{g},{p}\n')
    P(f'{len(errs)} held-out errors -> build/heldout-errors.csv')

    import export
    names, w = mix(args.finetune_real_weight if args.finetune_steps > 0 else args.real_weight)
    info = {
        'train_seconds': round(train_s), 'total_seconds': round(time.time() - t0),
        'steps': sum(st['steps'] for st in stages.values()), 'stages': stages,
        'resumed_from': os.path.basename(args.resume) if args.resume else None,
        'heldout_real_br_before_finetune': after_base,
        'batch': args.batch, 'seed': args.seed, 'split_seed': args.split_seed, 'holdout_frac': args.holdout_frac,
        'n_train_real': len(tr_rows), 'n_train_plates': len(set(tr_lab)), 'n_heldout_real': len(te_rows),
        'n_heldout_plates': len(set(te_lab)), 'synth_per_format': args.synth_per_format,
        'synth_test_per_format': args.synth_test_per_format, 'mix': dict(zip(names, [round(x, 3) for x in w])),
        'use_real': not args.no_real, 'params': sum(p.numel() for p in model.parameters()),
        'data': args.data, 'errors': [[g, p] for p, g, _ in errs],
    }
    export.export_all(model, args.out, metrics, info, te_u8[:16], P, args.build)
    P(f'done in {time.time() - t0:.0f}s')


if __name__ == '__main__':
    main()
