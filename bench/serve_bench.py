"""Served vs terminal: time to a usable Welcome and from a tap to the next screen, and their ratio, in one run.

Served: ``kiosk serve --demo`` opened in Debian's Chromium (Playwright) at 1280x800; "usable" means the
Welcome choices are drawn in the page's terminal. Terminal: the same app under Textual's headless driver
(``run_test``), which is what a terminal session costs without the terminal emulator's own drawing.
Each tap goes to "Lấy số thứ tự" and stops when the field list is drawn.

Run: ``.venv/bin/python -m bench.serve_bench [--runs 5]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.screen import wait_for_text  # noqa: E402


def _serve(data: Path, port: int) -> subprocess.Popen:
    config = data / "kiosk.toml"
    data.mkdir(parents=True, exist_ok=True)
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "KIOSK_DATA_DIR": str(data), "KIOSK_CONFIG": str(config)}
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "serve", "--demo", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("kiosk serve did not start")


def served(runs: int) -> tuple[list[float], list[float]]:
    """Page load to usable Welcome, and tap to next screen, in the browser (ms)."""
    from playwright.sync_api import sync_playwright

    loads, taps = [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        server = _serve(Path(tmp), 8799)
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                start = time.perf_counter()
                page.goto("http://127.0.0.1:8799/")
                wait_for_text(page, "Lấy số thứ tự", timeout=60)
                loads.append((time.perf_counter() - start) * 1000)
                time.sleep(1.0)  # past the ghost-tap window
                start = time.perf_counter()
                tap_text_now(page, "Lấy số thứ tự")
                wait_for_text(page, "Chọn lĩnh vực", timeout=30)
                taps.append((time.perf_counter() - start) * 1000)
                page.close()
                time.sleep(1.0)
        finally:
            browser.close()
            server.terminate()
            server.wait(15)
    return loads, taps


def tap_text_now(page, text: str) -> None:  # noqa: ANN001
    """Tap without tap_text's settling wait (the bench has already waited)."""
    col, row = wait_for_text(page, text)
    left, top, cell_w, cell_h = page.evaluate("""(() => { const r = document.querySelector('.xterm-screen')
        .getBoundingClientRect(); const t = window.kioskTerminal.terminal;
        return [r.left, r.top, r.width / t.cols, r.height / t.rows]; })()""")
    page.mouse.click(left + (col + len(text) / 2) * cell_w, top + (row + 0.5) * cell_h)


def terminal(runs: int) -> tuple[list[float], list[float]]:
    """App start to Welcome, and tap to next screen, under Textual's headless driver (ms)."""
    from core.settings import Settings
    from kiosk.app import make_app

    loads, taps = [], []

    async def one(data: Path) -> None:
        start = time.perf_counter()
        app = make_app(Settings(data_dir=data, demo=True))
        async with app.run_test(size=(142, 36)) as pilot:
            while type(app.screen).__name__ != "WelcomeScreen" or not app.screen.query("#choice-ticket"):
                await asyncio.sleep(0.01)
            loads.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(1.0)
            start = time.perf_counter()
            await pilot.click("#choice-ticket")
            while type(app.screen).__name__ != "TicketOnlyScreen":
                await asyncio.sleep(0.005)
            await pilot.pause()
            taps.append((time.perf_counter() - start) * 1000)

    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            asyncio.run(one(Path(tmp) / str(i)))
    return loads, taps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    s_load, s_tap = served(args.runs)
    t_load, t_tap = terminal(args.runs)
    med = statistics.median
    print(f"runs: {args.runs} (median ms)")
    print(f"{'':28}{'served':>10}{'terminal':>10}{'ratio':>8}")
    print(f"{'load to usable Welcome':28}{med(s_load):10.0f}{med(t_load):10.0f}{med(s_load) / med(t_load):8.2f}")
    print(f"{'tap to next screen':28}{med(s_tap):10.0f}{med(t_tap):10.0f}{med(s_tap) / med(t_tap):8.2f}")


if __name__ == "__main__":
    main()
