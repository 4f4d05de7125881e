#!/usr/bin/env bash
# Set up (if needed) and run the kiosk on embedded defaults: SQLite, the bundled virtual printer, demo camera.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/kiosk --demo "$@"
