#!/usr/bin/env bash
# One idempotent setup step for a fresh Debian 12 machine with Node 20:
# system packages, npm ci with the native-module recipes, and the build.
set -euo pipefail
cd "$(dirname "$0")/.."

# libopencv-dev: @u4/opencv4nodejs links against Debian's OpenCV.
# socat: virtual serial ports for the simulated gate and printer.
# chromium: the headless host's browser and the end-to-end tests.
# udev: serialport's port listing shells out to udevadm.
# postgresql: the reference server's PostgreSQL store, tested on a throwaway loopback cluster
#   (scripts/postgres-test.sh starts it; the distribution's own cluster is never used).
# zbar-tools: zbarimg, the independent decoder the tests read printed receipt barcodes with.
APT_PACKAGES=(libopencv-dev socat chromium udev fonts-dejavu-core python3 make g++ postgresql
  zbar-tools)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# opencv4nodejs must build against the system OpenCV instead of downloading its own.
# (.npmrc cannot set it: the package reads this uppercase environment variable.)
export OPENCV4NODEJS_DISABLE_AUTOBUILD=1

stamp=node_modules/.station-setup-stamp
want="$(cat package-lock.json .npmrc | sha256sum | cut -c1-16)-$(node --version)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci (native modules build here; opencv takes a few minutes)"
  npm ci --no-audit --no-fund --loglevel=error
  node -e "require('better-sqlite3'); require('@u4/opencv4nodejs'); require('serialport')" \
    || { echo "setup: native modules failed to load" >&2; exit 1; }
  echo "$want" >"$stamp"
fi

node scripts/build.mjs
