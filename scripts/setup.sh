#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine: system packages, a virtualenv in .venv, the project.
# Usage: bash scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

need=()
# libzbar0: the zbar barcode library pyzbar loads; fonts-dejavu-core: Vietnamese glyphs for raster printing.
dpkg -s libzbar0 >/dev/null 2>&1 || need+=(libzbar0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
# fonts-noto-mono: a monospace font with every Vietnamese letter for `kiosk serve` (DejaVu Sans Mono lacks them).
dpkg -s fonts-noto-mono >/dev/null 2>&1 || need+=(fonts-noto-mono)
if [ "${1:-}" = "--test" ]; then
  command -v tmux >/dev/null 2>&1 || need+=(tmux)
  # espeak-ng: the offline voice of voice guidance; its tests make real Vietnamese audio (they skip without it).
  command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
  # chromium: the browser tests of `kiosk serve` drive Debian's browser with Playwright (no browser download).
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
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
  # Quiet: without ensurepip, venv prints "apt install python3.X-venv … you may need sudo", which we do next.
  if ! "$PY" -m venv .venv >/dev/null 2>&1; then
    # Debian/Ubuntu ship venv's ensurepip separately (python3.X-venv).
    rm -rf .venv
    apt_install "python$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv"
    "$PY" -m venv .venv
  fi
fi
# The stamp records what the last good install was made from. A restart with the same pyproject.toml skips
# pip entirely (a kiosk PC often has no network); a test install also covers the plain one.
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
stamp=.venv/.installed
made_from="$(sha256sum pyproject.toml | cut -d' ' -f1)"
imports_ok() {
  .venv/bin/python -c "import kiosk, admin_tui, devices, db, textual, sqlalchemy, escpos, pyzbar.pyzbar, cv2, zxingcpp" 2>/dev/null
}
if [ -f "$stamp" ] && grep -qxF -e "$made_from $extras" -e "$made_from [test]" "$stamp" && imports_ok; then
  exit 0
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# pip's output goes to a log; when it fails its end is shown (the real cause, e.g. an SSL or network error,
# sits in the indented lines of a build-dependency failure).
log=.venv/pip-install.log
if ! .venv/bin/python -m pip install -q -e ".$extras" >"$log" 2>&1; then
  echo "setup: pip install failed; the end of $log:" >&2
  tail -n 25 "$log" >&2
fi
if ! imports_ok; then
  rm -f "$stamp"
  .venv/bin/python -c "import kiosk, admin_tui, devices, db, textual, sqlalchemy, escpos, pyzbar.pyzbar, cv2, zxingcpp" || true
  echo "setup failed: the project does not import (see above); run again with the network up" >&2
  exit 1
fi
if [ -n "$extras" ] && ! .venv/bin/python -c "import pytest, pytest_textual_snapshot, importlinter, playwright" 2>/dev/null; then
  rm -f "$stamp"
  echo "setup failed: the test tools did not install; run again with the network up" >&2
  exit 1
fi
echo "$made_from $extras" > "$stamp"
