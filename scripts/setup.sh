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
apt_install() {
  # Installs Debian packages as root, or through sudo; says clearly what to do when neither is possible.
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not found; install these packages by hand, then run again: $*" >&2
    exit 1
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup: run as root (or install sudo) to install: $*" >&2
      exit 1
    fi
  fi
  echo "installing system packages: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if [ ${#need[@]} -gt 0 ]; then
  apt_install "${need[@]}"
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed ($PY is $("$PY" -V 2>&1 || echo missing)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
# A .venv left half-made by an interrupted run (no working pip) is rebuilt.
if [ -d .venv ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    # Debian/Ubuntu ship venv's ensurepip separately (python3.X-venv).
    rm -rf .venv
    apt_install "python$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv"
    "$PY" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v -E "^(WARNING|  |!!|$)" || true
else
  .venv/bin/python -m pip install -q -e . 2>&1 | grep -v -E "^(WARNING|  |!!|$)" || true
fi
.venv/bin/python -c "import kiosk, admin_tui, devices, db, textual, sqlalchemy, escpos, pyzbar.pyzbar, cv2, zxingcpp" \
  || { echo "setup failed: the project does not import" >&2; exit 1; }
