"""Print the kiosk's cold-start time: a new process until the Welcome screen is on screen (headless)."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

CHILD = r"""
import sys, time
t0 = float(sys.argv[1])
from core.settings import load_settings
from db.engine import Database
from kiosk import services
from kiosk.run import demo_printer_url
settings = load_settings(demo=True)
database = Database(settings.database_url)
services.ensure_database(database, settings)
from kiosk.app import make_app
app = make_app(settings, database=database, printer_url=demo_printer_url(settings))

async def auto_pilot(pilot):
    from kiosk.screens.welcome import WelcomeScreen
    while not isinstance(pilot.app.screen, WelcomeScreen) or pilot.app.site is None:
        await pilot.pause(0.005)
    await pilot.pause()
    print(f"WELCOME {time.time() - t0:.3f}", flush=True)
    pilot.app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=auto_pilot)
"""


def one_run(data_dir: str) -> float:
    """Start one kiosk process on ``data_dir``; return seconds until Welcome was shown."""
    env = dict(os.environ, KIOSK_DATA_DIR=data_dir, KIOSK_CONFIG=os.path.join(data_dir, "none.toml"))
    env.pop("KIOSK_DATABASE_URL", None)
    start = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, str(start)], env=env, capture_output=True, text=True,
                         timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("WELCOME "):
            return float(line.split()[1])
    raise SystemExit(f"kiosk did not reach Welcome:\n{out.stderr[-2000:]}")


def main() -> None:
    """Measure a first start (new database) and warm starts (database exists); print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="warm starts to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        open(os.path.join(data_dir, "none.toml"), "w").close()
        first = one_run(data_dir)
        warm = [one_run(data_dir) for _ in range(args.runs)]
    print(f"kiosk cold start to Welcome, new database:      {first:.2f} s")
    print(f"kiosk cold start to Welcome, existing database: median {statistics.median(warm):.2f} s "
          f"(min {min(warm):.2f}, max {max(warm):.2f}, n={len(warm)})")


if __name__ == "__main__":
    main()
