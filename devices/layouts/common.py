"""Pieces shared by the layouts: opening a canvas and a job for a paper width and print head."""

from __future__ import annotations

from devices.layouts.canvas import Canvas
from devices.layouts.fonts import fonts_for
from devices.layouts.formatting import paper_dots
from devices.layouts.job import JobBuilder
from devices.layouts.style import Style, style_for


def start(width_mm: int, font_path: str | None, dots: int | None = None) -> tuple[Style, Canvas, JobBuilder]:
    """Return the style, an empty canvas and a job builder for ``width_mm`` paper and a ``dots`` head.

    Args:
        width_mm: 80 or 58.
        font_path: TTF with Vietnamese glyphs (None: DejaVu Sans).
        dots: Dots across the print head (None: 576 for 80 mm, 384 for 58 mm).

    Raises:
        LayoutError: Bad paper width (LAY-005) or head width (LAY-006).
    """
    dots = paper_dots(width_mm, dots)
    return style_for(width_mm, dots), Canvas(dots, fonts_for(font_path or None)), JobBuilder(dots)


def flush(canvas: Canvas, job: JobBuilder) -> None:
    """Send what the canvas holds as raster and empty it."""
    if canvas.rows:
        job.raster(canvas.image())
        canvas.rows.clear()
