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
# The hand-read real sets beside the BR crops (issue 12). Each keeps half of its plate groups out
# (ds.split_heldout, the rule scripts/anpr-pack.ts evaluates on); the other half trains. Within the
# real share of a batch each source is drawn with its weight, so 90 US crops are not drowned by 900
# Brazilian ones. Names are those of --exclude-source.
REAL_SOURCES = {
    'br-real': [('br-crops/real/labels.csv', None)],
    'eu': [('eu-crops/one-line/labels.csv', 'eu-one-line'), ('eu-crops/two-line/labels.csv', 'eu-two-line')],
    'us': [('us-crops/labels.csv', 'us-crops')],
    'world': [('world-crops/labels.csv', 'world-crops')],
}
REAL_SOURCE_WEIGHTS = {'br-real': 0.3, 'eu': 0.35, 'us': 0.15, 'world': 0.2}


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
    dev = next(model.parameters()).device
    out = []
    for i in range(0, len(u8), bs):
        out += ctc_greedy(model(torch.from_numpy(ds.to_tensor_array(u8[i:i + bs])).to(dev)).cpu().numpy())
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
    ap.add_argument('--device', default='cpu', help='cpu or cuda (the GPU run: models/training/device-run.sh)')
    ap.add_argument('--minutes', type=float, default=0.0,
                    help='wall-clock budget for both stages (base 55%%, fine-tune 45%%) instead of fixed steps')
    ap.add_argument('--exclude-source', action='append', default=[], choices=sorted(REAL_SOURCES),
                    help='leave this real source out of training (repeatable): the leave-one-source-out models')
    ap.add_argument('--weights-out', default=None, help='also save the final weights as a numpy .npz')
    ap.add_argument('--train-only', action='store_true', help='stop after training (no evaluation or export)')
    ap.add_argument('--from-weights', default=None, help='skip training; evaluate and export these .npz weights')
    ap.add_argument('--fonts', default=None, help='folder laid out like /usr/share/fonts/truetype (GPU machine)')
    args = ap.parse_args()
    if args.fonts:
        synth.FONT_DIR = args.fonts
    dev = torch.device(args.device)

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
    # Real training pool: source -> (images, labels); held-out halves of the other real sets for the figures.
    pool = {}
    if 'br-real' not in args.exclude_source:
        pool['br-real'] = (ds.load_gray([p for p, _ in tr_rows]), [t for _, t in tr_rows])
    heldout = {}
    for name, parts in REAL_SOURCES.items():
        imgs, labs = [], []
        for csv_rel, eval_name in parts:
            if eval_name is None:
                continue
            rows = ds.read_labels(os.path.join(args.data, csv_rel))
            train_rows, held_rows = ds.split_heldout(rows, eval_name)
            heldout[eval_name] = held_rows
            if name not in args.exclude_source:
                imgs += ds.load_gray([p for p, _ in train_rows])
                labs += [t for _, t in train_rows]
            P(f'{eval_name}: {len(rows)} crops -> train {len(train_rows)}, held out {len(held_rows)}'
              f'{" (source excluded from training)" if name in args.exclude_source else ""}')
        if imgs:
            pool[name] = (imgs, labs)
    pool_names = list(pool)
    pool_w = np.array([REAL_SOURCE_WEIGHTS[n] for n in pool_names], np.float64)
    pool_w /= pool_w.sum()
    P(f'real pool: {{{", ".join(f"{n}: {len(pool[n][1])}" for n in pool_names)}}} weights {pool_w.round(3).tolist()}')
    te_u8 = np.stack([ds.prepare_crop(g) for g in ds.load_gray([p for p, _ in te_rows])])
    te_lab = [t for _, t in te_rows]
    n_stitched = sum(1 for g in ds.load_gray([p for p, _ in te_rows]) if g.shape[1] / g.shape[0] < ds.TWO_LINE_ASPECT_BELOW)

    rend = ds.read_labels(os.path.join(args.data, 'br-crops', 'rendered', 'labels.csv'))
    rend_img = ds.load_gray([p for p, _ in rend])
    rend_lab = [t for _, t in rend]

    # ---- synthetic (deterministic per format)
    syn, syn_test = {}, {}
    for k, f in enumerate(synth.FORMATS):
        # Weights from elsewhere need only the test plates.
        syn[f] = synth.generate(f, 0 if args.from_weights else args.synth_per_format, args.seed * 100 + k)
        syn_test[f] = synth.generate(f, args.synth_test_per_format, 987654 + k)
        P(f'synth {f}: {args.synth_per_format} train / {args.synth_test_per_format} test  t={time.time() - t0:.0f}s')

    def mix(real_weight):
        """Sampling weights: the real crops get `real_weight`; the other sources keep their proportions."""
        rw = 0.0 if args.no_real or not pool_names else real_weight
        k_other = (1 - rw) / (1 - REAL_W)
        sources = [('real', rw), ('rendered', RENDERED_W * k_other)] + [(f, x * k_other) for f, x in SYN_WEIGHTS.items()]
        w = np.array([x for _, x in sources], np.float64)
        return [n for n, _ in sources], w / w.sum()

    model = PlateOCR(args.width)
    P(f'model params: {sum(p.numel() for p in model.parameters())}  args: {vars(args)}')
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)

    def train_stage(label, steps, lr_at, real_weight, hard, opt, seconds=0.0):
        """One stage of CTC training. The LR is lr_at(progress), progress running 0 -> 1 over `steps`
        steps, or over `seconds` of wall time when given (the GPU run's budget). Returns (seconds, steps)."""
        names, w = mix(real_weight)
        P(f'{label}: {f"{seconds:.0f} s" if seconds else f"{steps} steps"}, mix '
          f'{dict(zip(names, [round(x, 3) for x in w]))}, hard_aug={hard}, device {dev}')
        run_loss = None
        t_stage = time.time()
        step = 0
        while True:
            prog = (time.time() - t_stage) / seconds if seconds else step / steps
            if prog >= 1:
                break
            step += 1
            for gparam in opt.param_groups:
                gparam['lr'] = lr_at(prog)
            model.train()
            src = rng.choice(len(names), args.batch, p=w)
            xs, ys = [], []
            for s in src:
                n = names[s]
                if n == 'real':
                    imgs, labs = pool[pool_names[int(rng.choice(len(pool_names), p=pool_w))]]
                    i = int(rng.integers(len(labs)))
                    xs.append(ds.augment_real(imgs[i], rng, hard=hard)); ys.append(labs[i])
                elif n == 'rendered':
                    i = int(rng.integers(len(rend_img)))
                    xs.append(augment_rendered(rend_img[i], rng)); ys.append(rend_lab[i])
                else:
                    X, Y = syn[n]
                    i = int(rng.integers(len(Y)))
                    xs.append(light_aug(X[i], rng)); ys.append(Y[i])
            x = torch.from_numpy(ds.to_tensor_array(np.stack(xs))).to(dev)
            tgt = torch.tensor([c for y in ys for c in ds.encode(y)], dtype=torch.long)
            tl = torch.tensor([len(y) for y in ys], dtype=torch.long)
            lp = model.logits(x).log_softmax(-1).permute(1, 0, 2).float()  # [T,N,C]
            # CTC on the CPU: cheap at this size, and the same kernel on every machine.
            loss = ctc(lp.cpu(), tgt, torch.full((len(ys),), lp.shape[0], dtype=torch.long), tl)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            run_loss = loss.item() if run_loss is None else 0.98 * run_loss + 0.02 * loss.item()
            if step % 100 == 0:
                el = time.time() - t_stage
                P(f'{label} step {step} progress {prog:.2f} loss {run_loss:.3f} lr {opt.param_groups[0]["lr"]:.2e} '
                  f'{el:.0f}s ({el / step:.3f}s/step)')
            if step % args.eval_every == 0:
                r = score(predict(model, te_u8), te_lab)
                P(f'  [monitor only, not used for selection] held-out real BR: {r}')
        return time.time() - t_stage, step

    def one_cycle(peak, pct=0.15, div=25.0, final_div=1e4):
        """OneCycleLR's shape (cosine up to `peak`, cosine down), as a function of progress."""
        def at(p):
            if p < pct:
                return peak / div + (peak - peak / div) * 0.5 * (1 - np.cos(np.pi * p / pct))
            q = (p - pct) / (1 - pct)
            return peak / final_div + (peak - peak / final_div) * 0.5 * (1 + np.cos(np.pi * q))
        return at

    def warm_cosine(peak, warm):
        return lambda p: peak * p / warm if p < warm else peak * 0.5 * (1 + np.cos(np.pi * (p - warm) / (1 - warm)))

    budget = args.minutes * 60
    t_train = time.time()
    stages, trained_as = {}, None
    if args.from_weights:
        z = np.load(args.from_weights)
        model.load_state_dict({k: torch.from_numpy(z[k]) for k in z.files})
        if os.path.exists(args.from_weights + '.json'):  # how the weights were trained (device-run.sh)
            with open(args.from_weights + '.json') as f:
                trained_as = json.load(f)
            stages = trained_as.get('stages', {})
        P(f'weights from {args.from_weights}; training skipped')
    elif args.resume:
        model.load_state_dict(torch.load(args.resume, map_location='cpu'))
        P(f'resumed from {args.resume}; base stage skipped')
    if not args.from_weights:
        model.to(dev)
    if not args.from_weights and not args.resume:
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
        secs, n = train_stage('base', args.steps, one_cycle(args.lr), args.real_weight, False, opt,
                              seconds=budget * (0.55 if args.finetune_steps > 0 else 1.0))
        stages['base'] = {'steps': n, 'seconds': round(secs), 'lr': args.lr,
                          'real_weight': 0.0 if args.no_real else args.real_weight}
    after_base = score(predict(model, te_u8), te_lab)
    P(f'held-out real BR before fine-tuning: {after_base}')
    if args.finetune_steps > 0 and not args.from_weights:
        opt = torch.optim.AdamW(model.parameters(), lr=args.finetune_lr, weight_decay=1e-4)
        secs, n = train_stage('finetune', args.finetune_steps,
                              warm_cosine(args.finetune_lr, args.warmup / args.finetune_steps),
                              args.finetune_real_weight, True, opt, seconds=budget * 0.45)
        stages['finetune'] = {'steps': n, 'seconds': round(secs), 'lr': args.finetune_lr,
                              'warmup': args.warmup,
                              'real_weight': 0.0 if args.no_real else args.finetune_real_weight}
    model.to('cpu')
    if args.weights_out:
        np.savez(args.weights_out, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()})
        with open(args.weights_out + '.json', 'w') as f:
            json.dump({'stages': stages, 'batch': args.batch, 'minutes': args.minutes, 'device': args.device,
                       'synth_per_format': args.synth_per_format, 'command': ' '.join(sys.argv)}, f)
        P(f'weights -> {args.weights_out}')
    if args.train_only:
        P(f'done (train only) in {time.time() - t0:.0f}s')
        return
    train_s = time.time() - t_train
    tmp = os.path.join(args.build, args.ckpt_name + '.tmp')
    torch.save(model.state_dict(), tmp)
    os.replace(tmp, os.path.join(args.build, args.ckpt_name))

    # ---- final evaluation
    preds = predict(model, te_u8)
    metrics = {'heldout_real_br': score(preds, te_lab)}
    metrics['heldout_real_br']['crops_stitched_by_two_line_rule'] = n_stitched
    metrics['heldout_real'] = {}
    for name, rows in heldout.items():
        u8 = np.stack([ds.prepare_crop(g) for g in ds.load_gray([q for q, _ in rows])])
        metrics['heldout_real'][name] = score(predict(model, u8), [t for _, t in rows])
        P(f'held-out real {name}:', metrics['heldout_real'][name])
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
        'n_train_real': len(tr_rows), 'n_train_plates': len(set(t for _, t in tr_rows)), 'n_heldout_real': len(te_rows),
        'n_heldout_plates': len(set(te_lab)), 'synth_per_format': args.synth_per_format,
        'synth_test_per_format': args.synth_test_per_format, 'mix': dict(zip(names, [round(x, 3) for x in w])),
        'use_real': not args.no_real and 'br-real' not in args.exclude_source, 'params': sum(p.numel() for p in model.parameters()),
        'real_pool': {n: len(pool[n][1]) for n in pool_names}, 'real_pool_weights': dict(zip(pool_names, pool_w.round(3).tolist())),
        'trained_as': trained_as, 'excluded_sources': args.exclude_source, 'device': args.device, 'minutes': args.minutes,
        'weights': os.path.basename(args.from_weights) if args.from_weights else None,
        'data': args.data, 'errors': [[g, p] for p, g, _ in errs],
    }
    export.export_all(model, args.out, metrics, info, te_u8[:16], P, args.build)
    P(f'done in {time.time() - t0:.0f}s')


if __name__ == '__main__':
    main()
