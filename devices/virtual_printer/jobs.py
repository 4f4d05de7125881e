"""Stored jobs of the virtual printer: the bytes (.bin) and their PNG rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from devices.virtual_printer.render import render_job

_NAME = re.compile(r"job-(\d+)\.bin$")


@dataclass
class Job:
    """One printed job.

    Attributes:
        index: 1-based number within the jobs folder.
        data: The job bytes as received, without the real-time status requests (DLE EOT ...).
        bin_path: Where ``data`` is stored.
        png_path: The rendered picture of the job.
        qr_texts: Text of each native QR code in the job.
        barcodes: ``(symbology, data)`` of each native 1D barcode.
        text: Code-page text lines printed.
        cuts: Number of cuts.
        width: Paper width in dots used for the PNG.
        received_at: When the connection closed (UTC).
        problems: What a strict printer would not accept (unknown commands, bad lengths, too wide).
    """

    index: int
    data: bytes
    bin_path: Path
    png_path: Path
    qr_texts: list[str] = field(default_factory=list)
    barcodes: list[tuple[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    cuts: int = 0
    width: int = 0
    received_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    problems: list[str] = field(default_factory=list)


def next_index(jobs_dir: Path) -> int:
    """Return the number the next job gets (continues after files already in the folder)."""
    numbers = [int(m.group(1)) for p in jobs_dir.glob("job-*.bin") if (m := _NAME.search(p.name))]
    return max(numbers, default=0) + 1


def store_job(jobs_dir: Path, index: int, data: bytes, width: int | None = None,
              problems: list[str] | None = None) -> Job:
    """Write ``data`` as ``job-NNNN.bin``, render ``job-NNNN.png`` and return the :class:`Job`.

    Args:
        jobs_dir: Folder for the files.
        index: Job number.
        data: Job bytes.
        width: Head width in dots for the picture (None: guessed from the job).
        problems: Strict-check findings to keep with the job.
    """
    jobs_dir.mkdir(parents=True, exist_ok=True)
    stem = f"job-{index:04d}"
    bin_path, png_path = jobs_dir / f"{stem}.bin", jobs_dir / f"{stem}.png"
    bin_path.write_bytes(data)
    rendered = render_job(data, width)
    rendered.image.convert("1").save(png_path, optimize=True)
    return Job(index, data, bin_path, png_path, rendered.qr_texts, rendered.barcodes, rendered.text,
               rendered.cuts, rendered.image.width, problems=list(problems or []))
