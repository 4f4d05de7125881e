"""TTF fonts with Vietnamese glyphs for raster text (DejaVu Sans by default, configurable)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from PIL import Image, ImageFont

from core.i18n import translator

from devices.layouts.errors import FontError
from devices.layouts.glyphs import draw_text, text_length

_ = translator("devices")

DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def bold_sibling(path: str) -> str | None:
    """Return the bold face next to ``path`` (``X.ttf`` -> ``X-Bold.ttf``), or None."""
    stem, ext = os.path.splitext(path)
    for candidate in (f"{stem}-Bold{ext}", f"{stem}Bold{ext}", f"{stem}bd{ext}", f"{stem}-bold{ext}"):
        if os.path.exists(candidate):
            return candidate
    return None


@functools.lru_cache(maxsize=64)
def _load(path: str, size: int) -> ImageFont.FreeTypeFont:
    try:
        # BASIC layout: NFC Vietnamese uses precomposed glyphs, no shaping needed, and it is several times faster.
        return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        raise FontError(_("Không đọc được phông chữ {path}: {why}", path=path, why=exc)) from None


@dataclass(frozen=True)
class Fonts:
    """A regular and a bold face; ``bold`` is the regular face drawn with a stroke when no bold file exists."""

    regular: str
    bold: str | None

    def get(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        """Return the face at ``size`` pixels."""
        return _load(self.bold if bold and self.bold else self.regular, size)

    def length(self, text: str, size: int, bold: bool = False) -> float:
        """Advance width of ``text`` in pixels, as :meth:`draw` lays it out."""
        return text_length(self.get(size, bold), text, self.fake_bold(bold))

    def draw(self, row: Image.Image, x: float, baseline: int, text: str, size: int, bold: bool = False) -> float:
        """Paint ``text`` on a 1-bit image with its baseline at ``baseline``; return the pen x after it."""
        return draw_text(row, x, baseline, text, self.get(size, bold), self.fake_bold(bold))

    def fake_bold(self, bold: bool) -> int:
        """Stroke width to simulate bold (1) when there is no bold face, else 0."""
        return 1 if bold and not self.bold else 0


@functools.lru_cache(maxsize=8)
def fonts_for(font_path: str | None = None) -> Fonts:
    """Resolve the fonts for a configured path (empty/None = DejaVu Sans).

    Raises:
        FontError: The file does not exist (LAY-002).
    """
    path = font_path or DEFAULT_FONT
    if not os.path.exists(path):
        raise FontError(_("Không tìm thấy phông chữ {path} (cài fonts-dejavu-core hoặc đặt printer_font)", path=path))
    return Fonts(path, bold_sibling(path))
