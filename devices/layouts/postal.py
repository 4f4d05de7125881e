"""Pieces shared by the postal papers (address label, hand-over list): CODE128 sizing, masking, money."""

from __future__ import annotations

import re

from core.fees import vnd
from core.i18n import translator

from devices.layouts.canvas import Canvas
from devices.layouts.common import flush
from devices.layouts.errors import LayoutError
from devices.layouts.job import JobBuilder
from devices.layouts.receipt import _masked_id
from devices.layouts.style import Style

_ = translator("devices")

#: Bar module in dots (0.25 mm at 203 dpi): the narrowest every ESC/POS printer accepts and scanners read.
BAR_MODULE = 2
#: Quiet zone kept on each side of a barcode, in modules (ISO asks for 10; 7 still reads on every scanner
#: we know, and it lets a 13-character S10 number fit 58 mm paper at module 2).
MIN_QUIET = 7
_PRINTABLE = re.compile(r"[ -z|~]+")  # printable ASCII except "{" (CODE128 function prefix) and "}"


def code128_modules(code: str) -> int:
    """Width in modules of ``code`` as CODE128 code set B, which the printer uses for it.

    Start (11) + 11 per character + check character (11) + stop (13).
    """
    return 11 * len(code) + 35


def barcode_fits(code: str, dots: int, module: int = BAR_MODULE) -> bool:
    """True when ``code`` printed at ``module`` dots, with :data:`MIN_QUIET` modules each side, fits ``dots``."""
    return (code128_modules(code) + 2 * MIN_QUIET) * module <= dots


def check_barcode(code: str, dots: int, field: str, error_code: str) -> str:
    """Return ``code`` when the printer can print it as CODE128 on a ``dots`` head.

    Raises:
        LayoutError: ``error_code`` when it is empty, not printable ASCII or too wide.
    """
    if not code or not _PRINTABLE.fullmatch(code) or not barcode_fits(code, dots):
        longest = (dots // BAR_MODULE - 2 * MIN_QUIET - 35) // 11
        raise LayoutError(_("Trường {field} không in được thành mã vạch (ASCII, tối đa {n} ký tự): {value}",
                            field=field, n=longest, value=repr(code[:40])), code=error_code)
    return code


def print_barcode(canvas: Canvas, job: JobBuilder, style: Style, code: str) -> None:
    """Send what the canvas holds, then a centred native CODE128 of ``code`` with its text below."""
    flush(canvas, job)
    job.barcode(code, module=BAR_MODULE, height=style.huge * 2 // 3)


def money(amount: int) -> str:
    """``50.000đ``: the way amounts are written on postal papers."""
    return f"{vnd(amount)}đ"


def mask_name(name: str) -> str:
    """Keep the family name and the initials of the other names: ``Nguyễn Thị Thùy Dương`` -> ``Nguyễn T. T. D.``.

    Applying it twice gives the same text, so a caller may pass a name already masked.
    """
    words = name.split()
    if len(words) <= 1:
        return name
    return " ".join([words[0], *(w[0] + "." for w in words[1:])])


def mask_person(name: str, id_number: str = "") -> str:
    """A masked name, with the ID number masked too when given (``Nguyễn T. T. D. (0010******56)``)."""
    id_number = _masked_id(id_number)
    shown = mask_name(name)
    return f"{shown} ({id_number})" if id_number and shown else shown or id_number
