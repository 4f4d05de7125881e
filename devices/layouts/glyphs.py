"""A glyph cache: each character is rasterised once per face and size, then pasted (FreeType is the hot spot)."""

from __future__ import annotations

import functools
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont


class Glyph(NamedTuple):
    """One rasterised character: ``mask`` (1 = ink) placed at pen + (dx, dy) from the baseline."""

    mask: Image.Image | None
    dx: int
    dy: int
    advance: float


@functools.lru_cache(maxsize=16384)
def glyph(font: ImageFont.FreeTypeFont, char: str, stroke: int = 0) -> Glyph:
    """Rasterise ``char`` (cached by font object, character and stroke width).

    With the BASIC layout engine Pillow applies no kerning or shaping, so pasting cached glyphs at
    their advances gives the same picture as drawing the whole string.
    """
    advance = font.getlength(char)
    x0, y0, x1, y1 = font.getbbox(char, anchor="ls", stroke_width=stroke)
    if x1 <= x0 or y1 <= y0:
        return Glyph(None, 0, 0, advance)
    mask = Image.new("1", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).text((-x0, -y0), char, font=font, fill=1, anchor="ls", stroke_width=stroke, stroke_fill=1)
    return Glyph(mask, x0, y0, advance)


def text_length(font: ImageFont.FreeTypeFont, text: str, stroke: int = 0) -> float:
    """Advance width of ``text`` as :func:`draw_text` lays it out."""
    return sum(glyph(font, ch, stroke).advance for ch in text) + (2 * stroke if text else 0)


def draw_text(row: Image.Image, x: float, baseline: int, text: str, font: ImageFont.FreeTypeFont,
              stroke: int = 0) -> float:
    """Paint ``text`` in black on a 1-bit ``row`` with its baseline at ``baseline``; return the new pen x."""
    x += stroke
    for ch in text:
        g = glyph(font, ch, stroke)
        if g.mask is not None:
            row.paste(0, (round(x) + g.dx, baseline + g.dy), g.mask)
        x += g.advance
    return x + stroke
