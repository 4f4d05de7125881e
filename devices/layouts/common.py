"""Pieces shared by the layouts: opening a canvas and a job for a paper width."""

from __future__ import annotations

from devices.layouts.canvas import Canvas
from devices.layouts.fonts import fonts_for
from devices.layouts.formatting import paper_dots
from devices.layouts.job import JobBuilder
from devices.layouts.style import STYLES, Style


def start(width_mm: int, font_path: str | None) -> tuple[Style, Canvas, JobBuilder]:
    """Return the style, an empty canvas and a job builder for ``width_mm`` paper."""
    dots = paper_dots(width_mm)
    return STYLES[dots], Canvas(dots, fonts_for(font_path or None)), JobBuilder(dots)


def flush(canvas: Canvas, job: JobBuilder) -> None:
    """Send what the canvas holds as raster and empty it."""
    if canvas.rows:
        job.raster(canvas.image())
        canvas.rows.clear()
