"""Hostile input at the edges: non-regular files, lone surrogates, invisible-only text, spreadsheet formulas.

Each helper is pure (no translation, no codes): the caller turns a refusal into its own coded error
(``COD-007`` for an image to decode, ``CAT-010`` for a catalogue import, ``VPR-012`` for a job to render).
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path
from typing import BinaryIO

#: Categories that draw nothing on their own: format (zero-width, bidi, soft hyphen), controls, separators,
#: combining marks with nothing to combine with, unassigned and private-use code points.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me", "Cn", "Co", "Cs"})
#: Letters and symbols that are blank on screen although Unicode calls them letters or symbols
#: (Hangul fillers, Braille blank, Mongolian variation selectors, ...): favourites of fake "empty" names.
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180b\u180c\u180d\u180e\u180f\u034f\u17b4\u17b5")

#: First characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder where a plain file was expected."""


def open_regular(path: str | Path) -> BinaryIO:
    """Open a plain file for reading, refusing FIFOs, devices, sockets and folders before any read.

    The file is opened non-blocking (a FIFO without a writer would otherwise hang the open), then
    checked with ``fstat`` on the open descriptor, so a path swapped between a check and the open
    cannot slip a device in.

    Raises:
        NotRegularFile: Not a regular file (an ``OSError``, so callers that only know ``OSError`` still
            report something sensible).
        OSError: Missing, unreadable.
    """
    name = os.fspath(path)
    try:
        if not stat.S_ISREG(os.stat(name).st_mode):
            raise NotRegularFile(f"not a regular file: {name}")
    except NotRegularFile:
        raise
    except OSError:
        pass  # let open() report the real reason (missing, permission)
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(f"not a regular file: {name}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes of a regular file (see :func:`open_regular`).

    One byte over the limit is read so the caller can tell "exactly the limit" from "more".
    """
    with open_regular(path) as fh:
        return fh.read(limit + 1)


def has_surrogates(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (it cannot be written as UTF-8: databases and files refuse it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def drop_surrogates(text: str) -> str:
    """Return ``text`` without lone surrogates (a pair that forms a real character is joined into it)."""
    if not has_surrogates(text):
        return text
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return "".join(ch for ch in joined if ch != "\ufffd" or "\ufffd" in text)


def visible(text: str) -> bool:
    """True when ``text`` has at least one character that draws something (not only zero-width, format,
    control, space or blank look-alike characters)."""
    for ch in text:
        if ch in _BLANK_LOOKALIKES:
            continue
        if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES:
            return True
    return False


def invisible_only(text: str) -> bool:
    """True for text that is not empty or plain spaces but still shows nothing (``"\\u200b\\u2060"``)."""
    return bool(text.strip()) and not visible(text)


def csv_cell(value: object) -> object:
    """A cell value safe to open in a spreadsheet: text starting with ``= + - @``, tab or CR (or with an
    apostrophe, so the escape can be undone) gets a leading apostrophe. Numbers and other values pass as is.
    """
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "'")):
        return "'" + value
    return value


def csv_uncell(text: str) -> str:
    """Undo :func:`csv_cell` on a cell read back: one apostrophe before a formula start or another
    apostrophe is dropped; any other leading apostrophe is the cell's own text and stays."""
    if text.startswith("'") and text[1:].startswith((*FORMULA_STARTS, "'")):
        return text[1:]
    return text
