"""Type sizes and spacing per paper width, shared by the ticket, receipt and test page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    """Pixel sizes for one paper width."""

    width: int
    small: int
    base: int
    large: int
    title: int
    huge: int
    qr_module: int
    gap: int


STYLES = {
    576: Style(width=576, small=18, base=22, large=28, title=30, huge=128, qr_module=6, gap=10),
    384: Style(width=384, small=15, base=18, large=22, title=24, huge=96, qr_module=5, gap=8),
}
