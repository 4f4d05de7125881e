"""A captured page as a small colour picture made of half-block characters, so the citizen sees what was kept."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text


def page_thumbnail(path: Path, width: int = 24, height: int = 10) -> Text:
    """Render the image at ``path`` in ``width`` × ``height`` cells (two pixels per cell, "▀").

    Returns an empty Text when the file cannot be read (the page count still says what was kept).
    """
    import cv2

    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        return Text("")
    h, w = image.shape[:2]
    # Keep the page's proportions inside the box (a cell is about twice as tall as it is wide).
    scale = min(width / w, (height * 2) / h)
    cols, rows = max(1, int(w * scale)), max(2, int(h * scale) // 2 * 2)
    small = cv2.resize(image, (cols, rows), interpolation=cv2.INTER_AREA)
    out = Text()
    for y in range(0, rows, 2):
        for x in range(cols):
            tb, tg, tr = (int(v) for v in small[y, x])
            bb, bg, br = (int(v) for v in small[y + 1, x])
            out.append("▀", Style(color=f"rgb({tr},{tg},{tb})", bgcolor=f"rgb({br},{bg},{bb})"))
        if y + 2 < rows:
            out.append("\n")
    return out
