"""PNG preview of a job: exactly what the printer would print (rendered by the virtual printer)."""

from __future__ import annotations

from pathlib import Path

from devices.virtual_printer.render import Rendered, render_job


def preview_png(job_bytes: bytes, out_path: str | Path, width: int | None = None) -> Rendered:
    """Render ESC/POS ``job_bytes`` to a 1-bit PNG at ``out_path``.

    Args:
        job_bytes: A job from :func:`render_ticket`, :func:`render_receipt` or any ESC/POS source.
        out_path: PNG file to write (folders are created).
        width: Paper width in dots (default: the job's widest raster when it is a common head width, else 576).

    Returns:
        The :class:`~devices.virtual_printer.render.Rendered` job (image, QR texts, text, cuts).
    """
    rendered = render_job(job_bytes, width)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    rendered.image.convert("1").save(out, optimize=True)
    return rendered
