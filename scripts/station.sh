#!/usr/bin/env bash
# Runs the station with embedded defaults. Under Electron when its binary is present,
# otherwise as the headless host serving the renderer to a browser on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# electron/path.txt exists only once the Electron binary has been installed; requiring the
# package without it would try to download the binary.
if [ -f node_modules/electron/path.txt ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec npx electron .
fi
echo "Electron is not available here (no binary or no display): starting the headless host."
exec node --import tsx src-main/host/headless-main.ts "$@"
