#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite against SQLite and PostgreSQL.
# PostgreSQL: scripts/postgres.sh finds, installs or starts the local server and prints the URL to use.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

KIOSK_TEST_PG_URL=$(bash scripts/postgres.sh)
export KIOSK_TEST_PG_URL
export KIOSK_TEST_REQUIRE_PG=${KIOSK_TEST_REQUIRE_PG:-1}
# The browser tests skip on a machine without Chromium; here set-up installed it, so they must run.
export KIOSK_TEST_REQUIRE_BROWSER=${KIOSK_TEST_REQUIRE_BROWSER:-1}

.venv/bin/lint-imports
# Two workers (pytest-xdist): the Pilot tests mostly wait on the app, so two processes on two cores take
# about 7 minutes instead of 10+. KIOSK_TEST_WORKERS=0 runs in one process.
# No blanket retries: a flaky test is a bug to fix. -rfE names every failure and error in the summary.
exec .venv/bin/python -m pytest -q -rfE -n "${KIOSK_TEST_WORKERS:-2}" "$@"
