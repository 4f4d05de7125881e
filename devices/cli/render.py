"""``kiosk-devices render JOB.bin --png OUT``: render a stored ESC/POS job to PNG."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from core.errors import KioskError

from devices.layouts import preview_png


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add the ``render`` sub-command."""
    p = subparsers.add_parser(name, help=help, description=help)
    p.add_argument("job", metavar="JOB.bin", help="ESC/POS bytes (a stored job or a printer capture)")
    p.add_argument("--png", metavar="OUT", help="PNG to write (default: JOB.png next to the job)")
    p.add_argument("--width", type=int, help="paper width in dots (default: from the job, else 576)")
    p.add_argument("--json", action="store_true", help="print what was rendered as one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render the job; a missing or unreadable file is a one-line error (VPR-010)."""
    path = Path(args.job)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KioskError(f"cannot read {path}: {exc.strerror or exc}", code="VPR-010") from None
    out = Path(args.png) if args.png else path.with_suffix(".png")
    rendered = preview_png(data, out, args.width)
    summary = {"png": str(out), "width": rendered.image.width, "height": rendered.image.height,
               "qr": rendered.qr_texts, "barcodes": [list(b) for b in rendered.barcodes], "cuts": rendered.cuts}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{out} ({summary['width']}x{summary['height']}, {len(rendered.qr_texts)} QR, {rendered.cuts} cut)")
    return 0
