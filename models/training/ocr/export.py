"""ONNX export + verification + manifest + model card for plate-ocr.

Verification: the ONNX file is run on a batch with OpenCV's DNN module and (when the repo's
node_modules/onnxruntime-node and `node` are present) with onnxruntime-node, the runtime the app
uses; both must match torch with numpy.allclose.

"""
import datetime
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))

import dataset as ds  # noqa: E402

NAME, VERSION, FILE = 'plate-ocr', '1.3.0', 'plate-ocr.onnx'


def to_onnx(model, path):
    model.eval()
    dummy = torch.zeros(2, 1, ds.IN_H, ds.IN_W)
    torch.onnx.export(model, dummy, path, opset_version=13, input_names=['image'], output_names=['probs'],
                      dynamic_axes={'image': {0: 'N'}, 'probs': {0: 'N'}}, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return m


def verify(model, path, x_u8, P):
    x = ds.to_tensor_array(x_u8)
    with torch.no_grad():
        ref = model.eval()(torch.from_numpy(x)).numpy()
    res = {'torch_shape': list(ref.shape)}
    # OpenCV DNN
    try:
        import cv2
        net = cv2.dnn.readNetFromONNX(path)
        net.setInput(x)
        out = net.forward()
        res['opencv_max_abs_diff'] = float(np.abs(out.reshape(ref.shape) - ref).max())
        res['opencv_allclose'] = bool(np.allclose(out.reshape(ref.shape), ref, atol=1e-4, rtol=1e-3))
    except Exception as e:  # pragma: no cover
        res['opencv_error'] = str(e)[:200]
    # onnxruntime-node (what the app uses)
    ort_dir = os.path.join(REPO, 'node_modules', 'onnxruntime-node')
    node = shutil.which('node')
    if node and os.path.isdir(ort_dir):
        tmp = os.path.join(HERE, 'build')
        os.makedirs(tmp, exist_ok=True)
        fin, fout = os.path.join(tmp, 'verify-in.bin'), os.path.join(tmp, 'verify-out.bin')
        x.astype(np.float32).tofile(fin)
        r = subprocess.run([node, os.path.join(HERE, 'ort_check.cjs'), ort_dir, path, fin, str(len(x)), fout],
                           capture_output=True, text=True, timeout=300)
        if r.returncode == 0:
            info = json.loads(r.stdout.strip().splitlines()[-1])
            out = np.fromfile(fout, np.float32).reshape(info['dims'])
            res['ort_node_dims'] = info['dims']
            res['ort_node_max_abs_diff'] = float(np.abs(out - ref).max())
            res['ort_node_allclose'] = bool(np.allclose(out, ref, atol=1e-4, rtol=1e-3))
            res['ort_node_ms_per_crop_1thread'] = round(info['msPerCrop'], 3)
            res['ort_node_io'] = [info['inputNames'], info['outputNames']]
        else:
            res['ort_node_error'] = (r.stderr or r.stdout)[-300:]
    else:
        res['ort_node'] = 'skipped (node or node_modules/onnxruntime-node not found)'
    P('ONNX verification:', json.dumps(res))
    ok = [v for k, v in res.items() if k.endswith('allclose')]
    if not ok or not all(ok):
        raise SystemExit('ONNX output does not match torch: ' + json.dumps(res))
    return res


def manifest(metrics, info, verification, size_bytes):
    return {
        'name': NAME,
        'version': VERSION,
        'file': FILE,
        'input': {
            'name': 'image', 'width': ds.IN_W, 'height': ds.IN_H, 'channels': 1,
            'normalize': {'scale': 1 / 255, 'mean': 0.5, 'std': 0.5},
            'resize': 'stretch', 'twoLineAspectBelow': ds.TWO_LINE_ASPECT_BELOW,
        },
        'output': {'name': 'probs', 'blank': 0, 'charset': ds.CHARSET},
        'trainedOn': [
            {'name': 'anpr-data br-crops/real (train split, by plate group)', 'licence': 'AGPL-3.0',
             'source': 'https://github.com/openalpr/train-detector', 'crops': info['n_train_real'],
             'plates': info['n_train_plates'], 'used': info['use_real']},
            *[{'name': f'anpr-data {folder} (train half of the plate groups)', 'licence': lic,
               'crops': info.get('real_pool', {}).get(key, 0)}
              for key, folder, lic in (('eu', 'eu-crops', 'AGPL-3.0 (images), hand labels'),
                                       ('us', 'us-crops', 'CC BY 4.0 / CC BY 2.0 (Open Images), 7 CC0'),
                                       ('world', 'world-crops', 'CC BY 4.0 / CC BY 2.0 (Open Images)'))
              if info.get('real_pool', {}).get(key)],
            {'name': 'anpr-data br-crops/rendered', 'licence': 'AGPL-3.0',
             'source': 'https://github.com/openalpr/train-detector', 'images': 1822},
            {'name': 'synthetic (models/training/ocr/synth.py)', 'licence': 'project-generated',
             'formats': ['br_old', 'mercosur', 'eu', 'us', 'two_line'], 'perFormat': info['synth_per_format'],
             'fonts': ['OSP-DIN (fonts-opendin)', 'Roadgeek 2014 / Highway Gothic (fonts-roadgeek)',
                       'DejaVu Sans (fonts-dejavu)', 'Liberation Sans Narrow (fonts-liberation)']},
        ],
        'metrics': {
            'heldoutRealBR': metrics['heldout_real_br'],
            'heldoutReal': metrics.get('heldout_real', {}),
            'syntheticTest': metrics['synthetic_test'],
            'decode': 'greedy CTC',
            'ortNodeMsPerCrop1Thread': verification.get('ort_node_ms_per_crop_1thread'),
        },
        'training': {k: info.get(k) for k in ('steps', 'stages', 'batch', 'seed', 'split_seed', 'holdout_frac',
                                              'train_seconds', 'params', 'mix', 'real_pool', 'real_pool_weights',
                                              'excluded_sources', 'device', 'minutes', 'weights')},
        'sizeBytes': size_bytes,
        'created': datetime.date.today().isoformat(),
    }


def pct(x):
    return f'{100 * x:.1f}%'


def card(man, info, verification):
    m = man['metrics']
    hr = m['heldoutRealBR']
    stages = info.get('stages', {})
    parts = []
    if 'base' in stages:
        b = stages['base']
        parts.append(f"a base stage from scratch, {b['steps']} steps (AdamW + one-cycle, peak LR {b['lr']}, real "
                     f"crops {pct(b['real_weight'])} of each batch, {b['seconds'] / 60:.1f} min)")
    elif info.get('resumed_from'):
        parts.append(f"a warm start from `{info['resumed_from']}`")
    if 'finetune' in stages:
        t = stages['finetune']
        parts.append(f"a fine-tune stage, {t['steps']} steps ({t['warmup']}-step warm-up to LR {t['lr']}, cosine to 0, "
                     f"real crops {pct(t['real_weight'])} of each batch with extra dim / inverted / washed-out "
                     f"jitter, {t['seconds'] / 60:.1f} min)")
    if info.get('trained_as'):
        ta = info['trained_as']
        training_txt = (f"Training: one run of `train.py` on {ta['machine']} (`{ta['command']}`): {' then '.join(parts)}; "
                        f"batch {ta['batch']}, a wall-clock budget of {ta['minutes']} min split 55/45 between the "
                        f"stages, the LR following elapsed time; {ta['synth_per_format']} synthetic plates a format. "
                        f"The weights came back as `.npz` and were evaluated and exported on the booth CPU with "
                        f"`--from-weights`.")
    else:
        training_txt = (f"Training: one run of `train.py`: {' then '.join(parts)}; batch {info['batch']}, one CPU thread, "
                        f"{info['train_seconds'] / 60:.1f} min of training, {info['total_seconds'] / 60:.1f} min in all "
                        f"including rendering, evaluation and export.")
    hard_aug_txt = ' plus, in the fine-tune stage, extra dim / inverted / washed-out jitter' if 'finetune' in stages else ''
    fb = info.get('heldout_real_br_before_finetune')
    changes_txt = f"""
## Changes in {man['version']} (from 1.1.0)
- Produced by **one command** from scratch. 1.1.0 was a second run warm-started from the 1.0.0 weights;
  that recipe is now the fine-tune stage of the same run.
- Held-out real BR (same {hr['n']} crops, same held-out CSV): 1.1.0 exact 93.0%, char 98.3% → {man['version']}
  exact **{pct(hr['exact'])}**, char {pct(hr['char'])}.""" + (f""" After the base stage alone: exact
  {pct(fb['exact'])}, char {pct(fb['char'])}.""" if fb else '') + """
"""
    if hr['exact'] >= 0.9:
        target_txt = (f"- Meets the 90 % exact target on held-out real BR ({pct(hr['exact'])}), but the set is small "
                      f"({hr['n']} crops of {info['n_heldout_plates']} plates; one crop = 0.4 pp, and crops of one "
                      f"plate are correlated).")
    else:
        target_txt = (f"- **Below the 90 % target on held-out real BR** ({pct(hr['exact'])} exact).")
    errors = info.get('errors', [])
    listed = ', '.join(f'{g}→{p or "(nothing)"}' for g, p in errors[:24])
    weak_txt = f"""{target_txt} Its {len(errors)} held-out errors (label → read): {listed}{' …' if len(errors) > 24 else ''}.
  Reviewing earlier versions' errors by eye found a few label errors where the model reads what the crop
  shows (AFA9316/ABA9316 crops showing AEA9316, QTV0166 showing OTV0166), one unreadable dark crop,
  and otherwise M/N/H/W, O/Q/D/U, E/C and dropped-character slips, mostly on dim or inverted (IR) crops.
  The errors are also written to `models/training/ocr/build/heldout-errors.csv`.
- The two-line rule (w/h < {ds.TWO_LINE_ASPECT_BELOW}) is a pure aspect test. A one-line plate cropped very loosely in
  height (w/h < {ds.TWO_LINE_ASPECT_BELOW}) is still cut through its characters, and a two-line plate wider than
  {ds.TWO_LINE_ASPECT_BELOW}:1 (e.g. some US motorcycle plates, ~1.75:1) is not stitched and will be misread.
  A line-count classifier would remove both cases.
"""
    syn_rows = '\n'.join(f'| {f} | {r["n"]} | {pct(r["exact"])} | {pct(r["char"])} |' for f, r in m['syntheticTest'].items())
    real_rows = '\n'.join(f"| {k} | {r['n']} | {pct(r['exact'])} | {pct(r['char'])} |"
                          for k, r in (m.get('heldoutReal') or {}).items())
    return f"""# Model card: plate-ocr {man['version']}

Licence-plate **text recogniser** (the detector is a separate model). A small fully-convolutional
CTC recogniser: 6 conv layers collapse a 32×128 grey crop to a 32-step sequence, 3 residual dilated
1-D conv blocks add context, a 1×1 conv gives 37 classes and the model ends in a softmax.
{info['params']:,} parameters, fp32, {man['sizeBytes'] / 1e6:.2f} MB, ONNX opset 13, dynamic batch.

## I/O contract
- Input `image`: float32 `[N,1,32,128]`, grayscale plate crop stretched to 128×32,
  value = (pixel/255 − 0.5)/0.5.
- Two-line plates: when the crop's w/h < {ds.TWO_LINE_ASPECT_BELOW} (manifest `input.twoLineAspectBelow`), cut it into top and bottom halves (floor(h/2) rows
  each) and place them side by side (top left, bottom right) before resizing. The training
  pipeline (`dataset.prepare_crop`) applies exactly this rule to every sample, real or synthetic.
- Output `probs`: float32 `[N,32,37]` softmax; index 0 = CTC blank, 1..36 = `{man['output']['charset']}`.
  Decode greedily: argmax per step, collapse repeats, drop blanks.
- onnxruntime-node 1.30 CPU, 1 thread, batch 1: **{verification.get('ort_node_ms_per_crop_1thread', 'n/a')} ms/crop**
  (measured on a shared, heavily loaded 2-core build machine; expect less on an idle booth CPU).
  ONNX output matched torch (numpy allclose, atol 1e-4): onnxruntime-node max |diff|
  {verification.get('ort_node_max_abs_diff', 'n/a')}, OpenCV DNN max |diff| {verification.get('opencv_max_abs_diff', 'n/a')}.

## Training data and licences
| Source | Licence | Use |
| --- | --- | --- |
| `anpr-data/br-crops/real` – real Brazilian crops from [openalpr/train-detector](https://github.com/openalpr/train-detector) @1bd54b4 | **AGPL-3.0** | {info['n_train_real']} crops / {info['n_train_plates']} plates for training; {info['n_heldout_real']} crops / {info['n_heldout_plates']} plates held out |
| `anpr-data/br-crops/rendered` – rendered BR plates from openalpr/train-detector | **AGPL-3.0** | 1,822 images, augmented |
| Synthetic plates rendered by `models/training/ocr/synth.py` | generated by this project; fonts: OSP-DIN (fonts-opendin), Roadgeek 2014 (fonts-roadgeek), DejaVu, Liberation | {info['synth_per_format']} per format |

Not used: `chars/BR`, `chars/GB` (AGPL-3.0, openalpr/train-ocr), `eu-crops` (AGPL-3.0, no text
labels), negatives, RO scenes.

**Licence warning.** The real and rendered BR images are AGPL-3.0 (openalpr). **Models trained on
AGPL data may carry obligations.** Whether trained weights are a derivative work ("work based on")
of their training data, and whether serving them over a network triggers AGPL §13, is unsettled.
Shipping this model is the user's call; this card is not legal advice. A model without the AGPL
real crops can be trained with `train.py --no-real` (it still uses the AGPL rendered BR plates unless
that source is also removed; the synthetic generator alone is AGPL-free).

## Synthetic data
Deterministic given the seed (`numpy.random.default_rng`). Formats:
- `br_old`: LLL-NNNN, grey plate with dark text (also red/white commercial and white variants), city header line.
- `mercosur`: LLLNLNN, white plate with blue "BRASIL" band.
- `eu`: single line, DIN font, blue EU strip with country code (not part of the label); RO
  (`B 123 ABC`, `CJ 12 ABC`), DE (`M AB 1234`), FR, IT, NL (yellow), PL, ES, CZ and generic layouts.
- `us`: Highway Gothic (Roadgeek), 3–4 letters + 3–4 digits in several layouts, state name header, tagline.
- `two_line`: square plates with 2 rows (BR motorcycle old and Mercosur, EU square, generic); label = top row then bottom row.
Augmentation: perspective (±5 % corners), rotation ±4°, crop jitter, crop height 18–90 px, horizontal
squash (BR real crops are ~2:1), gradients/shadows, contrast/brightness/gamma, inversion (IR-like
bright-on-dark), Gaussian and motion blur, noise, JPEG q25–95, random resize filter.
Real crops get milder perspective/crop/photometric jitter{hard_aug_txt}. Synthetic `two_line` crops are kept
below the two-line threshold (w/h < {ds.TWO_LINE_ASPECT_BELOW}) so that they are stitched like the Node side does.

## Split
Real BR crops are split **by plate text**, never by file: plates within one character substitution
of each other are grouped (so a misread of a car cannot sit on both sides), and a group is held out
when sha1("{info['split_seed']}:<group>") falls in the lowest {pct(info['holdout_frac'])} of the hash
space. Deterministic; `make_split.py` writes the held-out list as `models/training/ocr/build/heldout-br.csv`.

## Metrics (greedy decoding)
Held-out **real** BR crops ({hr['n']} crops, {info['n_heldout_plates']} plates never seen in training; {hr['crops_stitched_by_two_line_rule']} of them have w/h < {ds.TWO_LINE_ASPECT_BELOW}
and are therefore stitched as two-line by the rule): **exact {pct(hr['exact'])}**, char accuracy {pct(hr['char'])}.
Char accuracy = 1 − edit distance / label length, summed over the set. The held-out labels are
themselves ~5 % noisy (automatic readings), so the true accuracy is likely a little higher.

Held-out halves of the hand-read real sets (plate groups split by sha1 of `heldout-<set>:<group>`;
the other half trained; raw greedy OCR, no format rules; `npm run anpr:eval -- --pack` gives the
booth pipeline's figures):

| Set | n | exact | char |
| --- | --- | --- | --- |
{real_rows}

Synthetic held-out (separate seed):

| Format | n | exact | char |
| --- | --- | --- | --- |
{syn_rows}

{training_txt}
{changes_txt}
## Known weaknesses
- US plates: 90 real training crops (mostly vanity close-ups) and synthetic US plates without state
  designs; the held-out US half reads far below the other sets (see the table). Mercosur has no real
  crops at all.
{weak_txt}- Small-character confusions typical of the training labels (V/W/Y, M/N, E/F, H/R, 3/6/8, O/0/D)
  remain; labels of the real BR crops are automatic readings with ~5 % errors.
- No plate-format / country prior: the output is raw greedy CTC; a syntax check on the Node side
  (e.g. LLLNNNN for BR) fixes many O/0 and I/1 slips.
- Symbols not in the charset (Ö, Ü, dashes, EU-strip letters) are not emitted by design.
"""


def _write_text(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    return tmp


def export_all(model, out_dir, metrics, info, sample_u8, P, build_dir=os.path.join(HERE, 'build')):
    """Writes plate-ocr.onnx, manifest and card under temporary names, verifies, then renames them into
    place, so a failed or interrupted run never leaves a half-written model in out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, FILE)
    tmp_onnx = path + '.tmp'
    to_onnx(model, tmp_onnx)
    size = os.path.getsize(tmp_onnx)
    P(f'wrote {tmp_onnx} ({size / 1e6:.2f} MB)')
    assert size < 10e6
    verification = verify(model, tmp_onnx, sample_u8, P)
    man = manifest(metrics, info, verification, size)
    tmp_man = _write_text(os.path.join(out_dir, 'plate-ocr.manifest.json'), json.dumps(man, indent=2) + '\n')
    tmp_card = _write_text(os.path.join(out_dir, 'plate-ocr.card.md'), card(man, info, verification))
    tmp_info = _write_text(os.path.join(build_dir, 'info.json'),
                           json.dumps({'info': info, 'metrics': metrics, 'verification': verification}, indent=2))
    for t in (tmp_onnx, tmp_man, tmp_card, tmp_info):
        os.replace(t, t[:-4])
    P(f'wrote {path}, manifest and card')
