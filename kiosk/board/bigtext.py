"""Very large text for a room: the font drawn in half-block pixels, any letters (Vietnamese too), any size."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from rich.text import Text
from textual.widget import Widget

from devices.layouts.fonts import fonts_for

_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def big_lines(text: str, rows: int, max_cols: int | None = None) -> list[str]:
    """Draw ``text`` ``rows`` cells high (two pixels per cell, one per column), at most ``max_cols`` wide.

    A terminal cell is about twice as tall as wide, so a half-block pixel is close to square and the
    letters keep their shape. The size shrinks until the text fits ``max_cols``.
    """
    if not text or rows < 1:
        return []
    fonts = fonts_for(None)
    px = rows * 2
    while True:
        font = fonts.get(max(6, int(px * 0.95)), bold=True)
        left, top, right, bottom = font.getbbox(text)
        width = right - left + 2
        if max_cols is None or width <= max_cols or px <= 6:
            break
        px -= 2
    image = Image.new("L", (width, px), 0)
    ImageDraw.Draw(image).text((1 - left, (px - (bottom - top)) // 2 - top), text, font=font, fill=255)
    ink = np.asarray(image) > 110
    if ink.shape[0] % 2:
        ink = np.vstack([ink, np.zeros((1, ink.shape[1]), bool)])
    return ["".join(_BLOCKS[(bool(up), bool(down))] for up, down in zip(ink[r], ink[r + 1]))
            for r in range(0, ink.shape[0], 2)]


class BigText(Widget):
    """Text as large as the widget's height allows (the board's called number).

    The words stay readable to screen readers and tests through :attr:`text`.
    """

    DEFAULT_CSS = """
    BigText {
        height: 8;
        width: 100%;
        content-align: center middle;
    }
    """

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text

    def update(self, text: str) -> None:
        """Show ``text``."""
        self.text = text
        self.refresh()

    def render(self) -> Text:
        lines = big_lines(self.text, self.size.height, self.size.width)
        return Text("\n".join(lines), no_wrap=True, justify="center")
