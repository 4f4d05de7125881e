"""A served kiosk (``kiosk serve --demo``) in a temporary data folder, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    """A running ``kiosk serve`` process and where its demo kiosk keeps things."""

    url: str
    process: subprocess.Popen
    data_dir: Path

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "print-jobs"

    def kiosk_pids(self) -> list[int]:
        """Live kiosk (Python) processes under this server; textual-serve starts each through a shell."""
        out = subprocess.run(["ps", "-eo", "pid=,ppid=,stat=,args="], capture_output=True, text=True).stdout
        rows = [line.split(None, 3) for line in out.splitlines()]
        children: dict[int, list[tuple[int, str, str]]] = {}
        for pid, ppid, stat, args in (r for r in rows if len(r) == 4):
            children.setdefault(int(ppid), []).append((int(pid), stat, args))
        found, todo = [], [self.process.pid]
        while todo:
            for pid, stat, args in children.get(todo.pop(), []):
                todo.append(pid)
                if "-m kiosk --demo" in args and not args.startswith("/bin/sh") and not stat.startswith("Z"):
                    found.append(pid)
        return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    port = _free_port()
    data = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text("", encoding="utf-8")  # never the real user's settings
    env = {**os.environ, "KIOSK_DATA_DIR": str(data), "KIOSK_CONFIG": str(config)}
    env.pop("KIOSK_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "serve", "--demo", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"kiosk serve did not start: {process.stderr.read().decode(errors='replace')}")
            time.sleep(0.2)
    try:
        yield Served(url, process, data)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")  # not session: Playwright's loop must not outlive into asyncio tests on this worker
def browser():
    if CHROMIUM is None:
        if os.environ.get("KIOSK_TEST_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (KIOSK_TEST_REQUIRE_BROWSER) but not installed: apt-get install chromium")
        pytest.skip("no Chromium on this machine (apt-get install chromium); the browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
