#!/usr/bin/env bash
# Idempotent install of what the model training pipelines need (not needed to run the station):
# Debian's PyTorch, ONNX and OpenCV for /usr/bin/python3, and the plate fonts for synthetic plates.
set -euo pipefail
PACKAGES=(python3-torch python3-onnx python3-opencv python3-pil python3-numpy
  fonts-roadgeek fonts-opendin fonts-dejavu-core fonts-liberation)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
/usr/bin/python3 -c "import torch, onnx, cv2, PIL; print('training deps ready: torch', torch.__version__)"
