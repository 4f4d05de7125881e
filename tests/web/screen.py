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


def wait_for_text(page, text: str, timeout: float = 20.0, last: bool = False,  # noqa: ANN001
                  row_with: str = "", nth: int = 0) -> tuple[int, int]:
    """Wait until ``text`` is on screen; return the (column, row) of its first (``nth``, or ``last``) place.

    ``row_with``: only on a row that also shows this text (e.g. one document's "Chụp" button).
    """
    deadline = time.monotonic() + timeout
    while True:
        found = [(line.rfind(text) if row_with else line.find(text), row) for row, line in enumerate(lines(page))
                 if text in line and row_with in line]
        if len(found) > nth:
            return found[-1] if last else found[nth]
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not on screen after {timeout} s:\n" + "\n".join(lines(page)))
        time.sleep(0.2)


def tap_text(page, text: str, timeout: float = 20.0, last: bool = False, row_with: str = "",  # noqa: ANN001
             nth: int = 0) -> None:
    """Tap the middle of ``text`` where it is drawn (after the screen has settled); ``last``: its lowest place."""
    wait_for_text(page, text, timeout, row_with=row_with, nth=nth)
    time.sleep(0.8)  # the kiosk ignores taps right after a screen change (ghost-tap guard)
    col, row = wait_for_text(page, text, timeout, last=last, row_with=row_with, nth=nth)
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
