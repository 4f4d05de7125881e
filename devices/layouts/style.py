"""Type sizes and spacing per paper width, scaled to the print head's dots, shared by all layouts."""

from __future__ import annotations

from dataclasses import dataclass, replace


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


def style_for(width_mm: int, dots: int) -> Style:
    """The paper's style scaled to a head of ``dots`` (e.g. 512 dots at 180 dpi on 80 mm paper).

    Sizes scale with the head width, so a line wraps at the same words and text keeps about the
    same size on paper whatever the resolution behind the same printable width.
    """
    base = STYLES[576 if width_mm == 80 else 384]
    if dots == base.width:
        return base
    k = dots / base.width

    def scale(v: int, low: int) -> int:
        return max(low, round(v * k))

    return replace(base, width=dots, small=scale(base.small, 10), base=scale(base.base, 12),
                   large=scale(base.large, 14), title=scale(base.title, 14), huge=scale(base.huge, 48),
                   qr_module=scale(base.qr_module, 3), gap=scale(base.gap, 4))
