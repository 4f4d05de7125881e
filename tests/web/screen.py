"""Read the served kiosk's terminal back and tap it by screen coordinates, as a finger would."""

from __future__ import annotations

import time
from pathlib import Path

_LINES = """(() => {
  const t = window.kioskTerminal && window.kioskTerminal.terminal;
  if (!t) return null;
  const b = t.buffer.active, out = [];
  for (let i = 0; i < t.rows; i++) { const l = b.getLine(b.viewportY + i); out.push(l ? l.translateToString(true) : ""); }
  return out;
})()"""


def lines(page) -> list[str]:  # noqa: ANN001 - a Playwright page
    """The terminal's visible rows as text (empty before the kiosk drew anything)."""
    return page.evaluate(_LINES) or []


def wait_for_text(page, text: str, timeout: float = 20.0) -> tuple[int, int]:  # noqa: ANN001
    """Wait until ``text`` is on screen; return its (column, row)."""
    deadline = time.monotonic() + timeout
    while True:
        for row, line in enumerate(lines(page)):
            col = line.find(text)
            if col >= 0:
                return col, row
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not on screen after {timeout} s:\n" + "\n".join(lines(page)))
        time.sleep(0.2)


def tap_text(page, text: str, timeout: float = 20.0) -> None:  # noqa: ANN001
    """Tap the middle of ``text`` where it is drawn (after the screen has settled)."""
    col, row = wait_for_text(page, text, timeout)
    time.sleep(0.8)  # the kiosk ignores taps right after a screen change (ghost-tap guard)
    col, row = wait_for_text(page, text, timeout)
    box = page.evaluate("""(() => { const r = document.querySelector('.xterm-screen').getBoundingClientRect();
        const t = window.kioskTerminal.terminal; return [r.left, r.top, r.width / t.cols, r.height / t.rows]; })()""")
    left, top, cell_w, cell_h = box
    page.mouse.click(left + (col + len(text) / 2) * cell_w, top + (row + 0.5) * cell_h)


def shot(page, name: str, folder: Path) -> Path:  # noqa: ANN001
    """Keep a PNG of the page for people to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path
