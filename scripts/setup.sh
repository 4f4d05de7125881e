#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine: system packages, a virtualenv in .venv, the project.
# Usage: bash scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# libzbar0: the zbar barcode library pyzbar loads; fonts-dejavu-core: Vietnamese glyphs for raster printing.
dpkg -s libzbar0 >/dev/null 2>&1 || need+=(libzbar0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
  command -v tmux >/dev/null 2>&1 || need+=(tmux)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "installing system packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v -E "^(WARNING|  |!!|$)" || true
else
  .venv/bin/python -m pip install -q -e . 2>&1 | grep -v -E "^(WARNING|  |!!|$)" || true
fi
.venv/bin/python -c "import kiosk, admin_tui, devices, db, textual, sqlalchemy, escpos, pyzbar.pyzbar, cv2, zxingcpp" \
  || { echo "setup failed: the project does not import" >&2; exit 1; }
