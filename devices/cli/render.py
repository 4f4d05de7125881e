"""``kiosk-devices render JOB.bin --png OUT``: render a stored ESC/POS job to PNG.

Bytes that are not a print job (random data, a photo, a text file with binary junk) are refused with
VPR-011 and no picture (exit 2, as for an unreadable file, VPR-010); ``--force`` draws them anyway.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.inputs import NotRegularFile, read_regular

from devices.cli.oserrors import describe
from devices.layouts import preview_png
from devices.virtual_printer.check import job_problems
from devices.virtual_printer.parser import Command, parse

_ = translator("devices")
register_catalogue("devices", {
    "không đọc được {path}: {reason}": "cannot read {path}: {reason}",
    "{path} không phải lệnh in ESC/POS ({why}); thêm --force để vẫn vẽ ra":
        "{path} is not an ESC/POS print job ({why}); add --force to draw it anyway",
    "tệp trống": "the file is empty",
    "không phải tệp thường (ống dẫn, thiết bị hay thư mục)": "not a regular file (a pipe, device or folder)",
    "lớn hơn {mb} MB": "larger than {mb} MB",
    "{n} lệnh máy in không nhận, đầu tiên ở {first}": "commands a printer would refuse: {n}, the first at {first}",
    "có byte điều khiển lạ giữa chữ": "stray control bytes inside the text",
    "không có gì để in": "nothing that prints",
    "chữ toàn byte lạ, giống dữ liệu nhị phân": "the text is mostly odd bytes, like binary data",
    "cảnh báo: {path} không giống lệnh in ({why}); vẫn vẽ do --force":
        "warning: {path} does not look like a print job ({why}); drawn because of --force",
})

#: Largest job file rendered (a receipt is ~50 KB; a long raster job a few MB).
MAX_JOB_BYTES = 32 * 1024 * 1024
#: Control bytes that never stand in printed text (TAB, LF, FF, CR do; ESC, GS, FS, DLE start commands).
_STRAY = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x10, 0x1B, 0x1C, 0x1D}
_PRINTS = ("raster", "graphics", "column", "code2d", "barcode")
#: Text of at least this many bytes with more than this share of bytes >= 0x80 is binary, not a code page.
_MIN_TEXT, _HIGH_SHARE = 16, 0.45


def not_a_job(data: bytes) -> str | None:
    """Why ``data`` is not a print job (translated), or None when it looks like one."""
    if not data:
        return _("tệp trống")
    commands: list[Command] = parse(data)
    problems = job_problems(commands)
    if problems:
        return _("{n} lệnh máy in không nhận, đầu tiên ở {first}", n=len(problems), first=problems[0].split(":")[0])
    text = b"".join(c.payload for c in commands if c.kind == "text")
    if any(b in _STRAY for b in text):
        return _("có byte điều khiển lạ giữa chữ")
    if not any(c.kind in _PRINTS for c in commands) and not text.strip():
        return _("không có gì để in")
    if len(text) >= _MIN_TEXT and sum(b >= 0x80 for b in text) / len(text) > _HIGH_SHARE:
        return _("chữ toàn byte lạ, giống dữ liệu nhị phân")
    return None


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add the ``render`` sub-command."""
    p = subparsers.add_parser(name, help=help, description=help + ". Exit code 2 when the file cannot be read "
                              "or is not a print job (VPR-010, VPR-011).")
    p.add_argument("job", metavar="JOB.bin", help="ESC/POS bytes (a stored job or a printer capture)")
    p.add_argument("--png", metavar="OUT", help="PNG to write (default: JOB.png next to the job)")
    p.add_argument("--width", type=int, help="paper width in dots (default: from the job, else 576)")
    p.add_argument("--force", action="store_true", help="draw bytes that do not look like a print job anyway")
    p.add_argument("--json", action="store_true", help="print what was rendered as one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render the job; a missing or unreadable file is VPR-010, bytes that are no print job VPR-011."""
    path = Path(args.job)
    try:
        data = read_regular(path, MAX_JOB_BYTES)  # a FIFO or device is refused before it is read (never hangs)
    except NotRegularFile:
        raise KioskError(_("không đọc được {path}: {reason}", path=path,
                           reason=_("không phải tệp thường (ống dẫn, thiết bị hay thư mục)")), code="VPR-010") from None
    except OSError as exc:
        code, text = describe(exc)
        raise KioskError(_("không đọc được {path}: {reason}", path=path, reason=f"{text} ({code})"),
                         code="VPR-010") from None
    if len(data) > MAX_JOB_BYTES:
        raise KioskError(_("không đọc được {path}: {reason}", path=path,
                           reason=_("lớn hơn {mb} MB", mb=MAX_JOB_BYTES // (1024 * 1024))), code="VPR-010")
    why = not_a_job(data)
    if why is not None and not args.force:
        raise KioskError(_("{path} không phải lệnh in ESC/POS ({why}); thêm --force để vẫn vẽ ra", path=path, why=why),
                         code="VPR-011")
    if why is not None:
        print(_("cảnh báo: {path} không giống lệnh in ({why}); vẫn vẽ do --force", path=path, why=why), file=sys.stderr)
    out = Path(args.png) if args.png else path.with_suffix(".png")
    rendered = preview_png(data, out, args.width)
    summary = {"png": str(out), "width": rendered.image.width, "height": rendered.image.height,
               "qr": rendered.qr_texts, "barcodes": [list(b) for b in rendered.barcodes], "cuts": rendered.cuts}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{out} ({summary['width']}x{summary['height']}, {len(rendered.qr_texts)} QR, {rendered.cuts} cut)")
    return 0
