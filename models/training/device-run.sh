#!/usr/bin/env bash
# One GPU run of every ANPR training job: the detector and the OCR that ship, and the
# leave-one-source-out variants that give the figures predicting a new site. They run side by side
# (the models are tiny; the CPU's augmentation is the bottleneck) within one wall-clock budget.
#
#   MINUTES=6.5 OUT=/tmp/anpr-out bash models/training/device-run.sh
#
# Needs the compact pack in .anpr-pack (models/training/device_pack.py) and python3 with torch
# (CUDA), opencv and numpy. Writes $OUT/weights.tgz (every .npz and log) and $OUT/summary.txt.
# The weights are then evaluated and exported on the booth's CPU (see the training READMEs).
set -u
MINUTES=${MINUTES:-6.5}
OUT=${OUT:?set OUT}
DATA=${DATA:-.anpr-pack}
W="$OUT/w"
mkdir -p "$W"
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=1
{
  date -u
  nvidia-smi -L 2>&1
  python3 -c "import torch, cv2, numpy; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'cv2', cv2.__version__, 'numpy', numpy.__version__)"
  nproc
} >"$OUT/summary.txt" 2>&1

# name, script, then that train.py's own arguments after the common ones.
job() {
  local name=$1 script=$2
  shift 2
  (
    start=$(date +%s)
    python3 "models/training/$script/train.py" --data "$DATA" --device cuda \
      --minutes "$MINUTES" --train-only --weights-out "$W/$name.npz" "$@" >"$W/$name.log" 2>&1
    echo "$name rc=$? $(($(date +%s) - start))s" >>"$W/rc.txt"
  ) &
}

FONTS=()
[ -d "$DATA/fonts" ] && FONTS=(--fonts "$DATA/fonts")

# The OCR caches its synthetic plates up front (1,500 a format here, 4,000 in the CPU recipe).
OCR=(--batch 256 --synth-per-format 1500 --synth-test-per-format 100 --eval-every 1000000 "${FONTS[@]}")
DET=(--bs 32)
job det detector "${DET[@]}" --workers 5
job det-no-ro detector "${DET[@]}" --workers 2 --exclude-source ro
job det-no-kaggle detector "${DET[@]}" --workers 2 --exclude-source kaggle
job det-no-openimages detector "${DET[@]}" --workers 2 --exclude-source openimages
job ocr ocr "${OCR[@]}"
job ocr-no-br ocr "${OCR[@]}" --exclude-source br-real
job ocr-no-eu ocr "${OCR[@]}" --exclude-source eu
job ocr-no-us ocr "${OCR[@]}" --exclude-source us
job ocr-no-world ocr "${OCR[@]}" --exclude-source world
wait

{
  cat "$W/rc.txt"
  for f in "$W"/*.log; do
    echo "== $f"
    tail -n 4 "$f"
  done
  ls -la "$W"
  date -u
} >>"$OUT/summary.txt" 2>&1
tar czf "$OUT/weights.tgz" -C "$OUT" w && rm -rf "$W"
cat "$OUT/summary.txt"
