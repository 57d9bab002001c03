#!/usr/bin/env bash
# Runs the station with embedded defaults. Under Electron when its binary is present,
# otherwise as the headless host serving the renderer to a browser on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# `npm start` is the demo: an empty database gets the demo operators (README). STATION_DEMO=0
# starts like a real booth instead, whose first run asks for its first manager.
export STATION_DEMO="${STATION_DEMO:-1}"
# electron/path.txt exists only once the Electron binary has been installed; requiring the
# package without it would try to download the binary.
if [ -f node_modules/electron/path.txt ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec npx electron .
fi
echo "Electron is not available here (no binary or no display): using the headless host."
# Where a headless station already runs on this data dir, this asks it for a fresh sign-on link
# (with --open, a new window) and exits instead of starting a second one.
exec node --import tsx src-main/host/headless-main.ts "$@"
