"""``kiosk-devices decode IMAGE... [--json] [--show-text]``: decode QR codes and barcodes in image files.

Exit codes: 0 a code was found in every image, 1 some readable image holds no code, 2 an image could not be
read (missing, not an image). ID card payloads are masked unless ``--show-text`` (``devices.cli.masking``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from core.i18n import register_catalogue, translator
from devices.cli.masking import shown_text
from devices.cli.oserrors import describe
from devices.codes import BACKENDS, Code, CodesError, ImageTooLarge, NotAnImageFile, UnreadableImage, decode_frame
from devices.codes.imagefile import load_image
from devices.codes.model import normalise_formats

_ = translator("devices")
register_catalogue("devices", {
    "{path}: không có tệp này": "{path}: no such file",
    "{path}: không đọc được ({reason})": "{path}: cannot read ({reason})",
    "{path}: không phải ảnh đọc được": "{path}: not a readable image",
    "{path}: không phải tệp thường (ống dẫn, thiết bị hay thư mục); không đọc":
        "{path}: not a regular file (a pipe, device or folder); not read",
    "{path}: ảnh quá lớn, không giải mã ({reason})": "{path}: image too large, not decoded ({reason})",
    "{path}: giải mã không được ({reason})": "{path}: could not be decoded ({reason})",
    "{path}: không tìm thấy mã nào ({ms} ms)": "{path}: no code found ({ms} ms)",
})

#: Exit codes: every image had a code / some image had none / some image could not be read.
EXIT_FOUND, EXIT_NO_CODE, EXIT_UNREADABLE = 0, 1, 2


def read_image(path: str) -> np.ndarray:
    """Read an image file as BGR (Unicode paths work; no OpenCV warnings on bad files).

    Hostile files are refused before decoding (``devices.codes.imagefile``): a FIFO or device is never read
    (COD-007), a header claiming more than ``MAX_IMAGE_PIXELS`` is never decoded (COD-006).

    Raises:
        UnreadableImage: The file is missing, unreadable or not an image (COD-004), not a file (COD-007).
        ImageTooLarge: Too many pixels by its header, or too many bytes (COD-006).
    """
    try:
        return load_image(path)
    except FileNotFoundError:
        raise UnreadableImage(_("{path}: không có tệp này", path=path)) from None
    except OSError as exc:
        code, text = describe(exc)
        raise UnreadableImage(_("{path}: không đọc được ({reason})", path=path, reason=f"{text}, {code}")) from exc
    except NotAnImageFile:
        raise NotAnImageFile(_("{path}: không phải tệp thường (ống dẫn, thiết bị hay thư mục); không đọc",
                               path=path)) from None
    except ImageTooLarge as exc:
        raise ImageTooLarge(_("{path}: ảnh quá lớn, không giải mã ({reason})", path=path, reason=exc.message)) from None
    except UnreadableImage:
        raise UnreadableImage(_("{path}: không phải ảnh đọc được", path=path)) from None


def _items(codes: list[Code], show_text: bool) -> list[dict[str, object]]:
    """The JSON objects of the codes: ``{"format", "text"}``, plus ``"masked": true`` for a hidden ID card."""
    items: list[dict[str, object]] = []
    for code in codes:
        text, is_id = shown_text(code.text, show_text)
        items.append({"format": code.format, "text": text, **({"masked": True} if is_id and not show_text else {})})
    return items


def _human(path: str, items: list[dict[str, object]], ms: float) -> str:
    if not items:
        return _("{path}: không tìm thấy mã nào ({ms} ms)", path=path, ms=f"{ms:.1f}")
    return "\n".join(f"{path}: {item['format']}: {item['text']}" for item in items)


def _decode_one(path: str, backend: str, formats: list[str] | None) -> list[Code]:
    """Decode one image of the batch; anything unexpected (a library error, memory) is COD-004 for this image
    only, so one hostile file never aborts the others."""
    image = read_image(path)
    try:
        return decode_frame(image, backend, formats)
    except CodesError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported per image (MemoryError too), with its type only
        raise UnreadableImage(_("{path}: giải mã không được ({reason})", path=path, reason=type(exc).__name__)) from None


def run(args: argparse.Namespace) -> int:
    """Decode each image; print one line (JSON object) per image; exit 0 / 1 no code / 2 unreadable (see module)."""
    formats = normalise_formats(args.formats)  # bad names: one error for the whole command
    unreadable = empty = 0
    for path in args.images:
        start = time.perf_counter()
        try:
            codes = _decode_one(path, args.backend, formats)
        except CodesError as exc:
            unreadable += 1
            if args.json:
                print(json.dumps({"image": path, "error": str(exc), "code": exc.code}, ensure_ascii=False))
            print(f"error: {exc}", file=sys.stderr)
            continue
        ms = round((time.perf_counter() - start) * 1000, 1)
        items = _items(codes, args.show_text)
        empty += not items
        if args.json:
            print(json.dumps({"image": path, "codes": items, "ms": ms}, ensure_ascii=False))
        else:
            print(_human(path, items, ms))
        sys.stdout.flush()
    return EXIT_UNREADABLE if unreadable else EXIT_NO_CODE if empty else EXIT_FOUND


def register(subparsers: argparse._SubParsersAction, name: str, help_text: str) -> None:
    """Add the ``decode`` subcommand."""
    parser = subparsers.add_parser(
        name, help=help_text,
        description=help_text + f". Exit code {EXIT_FOUND} when every image holds a code, {EXIT_NO_CODE} when a "
                                f"readable image holds none, {EXIT_UNREADABLE} when an image cannot be read.")
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="image files (PNG, JPEG, ...)")
    parser.add_argument("--json", action="store_true", help="one JSON object per image per line")
    parser.add_argument("--backend", choices=BACKENDS, default="auto", help="decoder (default: auto)")
    parser.add_argument("--formats", type=lambda s: [f for f in s.split(",") if f], default=None,
                        help="comma-separated formats, e.g. QRCode,Code128 (default: QR and common 1D)")
    parser.add_argument("--show-text", action="store_true",
                        help="print ID card (CCCD) payloads in full (personal data; masked by default)")
    parser.set_defaults(func=run)
