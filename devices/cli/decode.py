"""``kiosk-devices decode IMAGE... [--json]``: decode QR codes and barcodes in image files."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from devices.codes import BACKENDS, Code, CodesError, UnreadableImage, decode_frame
from devices.codes.model import normalise_formats


def read_image(path: str) -> np.ndarray:
    """Read an image file as BGR (Unicode paths work; no OpenCV warnings on bad files).

    Raises:
        UnreadableImage: The file is missing, unreadable or not an image.
    """
    file = Path(path)
    if not file.is_file():
        raise UnreadableImage(f"{path}: no such file")
    try:
        data = np.frombuffer(file.read_bytes(), dtype=np.uint8)
    except OSError as exc:
        raise UnreadableImage(f"{path}: cannot read ({exc.strerror or exc})") from exc
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise UnreadableImage(f"{path}: not a readable image")
    return image


def _human(path: str, codes: list[Code], ms: float) -> str:
    if not codes:
        return f"{path}: no code found ({ms:.1f} ms)"
    return "\n".join(f"{path}: {code.format}: {code.text}" for code in codes)


def run(args: argparse.Namespace) -> int:
    """Decode each image; print one line (JSON object) per image; exit 1 if any image failed."""
    formats = normalise_formats(args.formats)  # bad names: one error for the whole command
    failed = 0
    for path in args.images:
        start = time.perf_counter()
        try:
            codes = decode_frame(read_image(path), args.backend, formats)
        except CodesError as exc:
            failed += 1
            if args.json:
                print(json.dumps({"image": path, "error": str(exc), "code": exc.code}, ensure_ascii=False))
            print(f"error: {exc}", file=sys.stderr)
            continue
        ms = round((time.perf_counter() - start) * 1000, 1)
        if args.json:
            print(json.dumps({"image": path, "codes": [c.as_json() for c in codes], "ms": ms}, ensure_ascii=False))
        else:
            print(_human(path, codes, ms))
        sys.stdout.flush()
    return 1 if failed else 0


def register(subparsers: argparse._SubParsersAction, name: str, help_text: str) -> None:
    """Add the ``decode`` subcommand."""
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="image files (PNG, JPEG, ...)")
    parser.add_argument("--json", action="store_true", help="one JSON object per image per line")
    parser.add_argument("--backend", choices=BACKENDS, default="auto", help="decoder (default: auto)")
    parser.add_argument("--formats", type=lambda s: [f for f in s.split(",") if f], default=None,
                        help="comma-separated formats, e.g. QRCode,Code128 (default: QR and common 1D)")
    parser.set_defaults(func=run)
