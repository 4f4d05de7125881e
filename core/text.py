"""Vietnamese text helpers: NFC, sanitising scanned text, folding for search."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls (except tab/newline handled separately), bidi overrides/isolates, zero-width chars.
_UNSAFE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (the form every stored string uses)."""
    return unicodedata.normalize("NFC", text)


def sanitize(text: str, *, keep_newlines: bool = False) -> str:
    """Remove control characters, bidi overrides and zero-width characters; NFC; trim.

    Scanned and imported text goes through this before it is stored or shown.
    Markup characters (``[``, ``]``) are kept: display code must render text literally.

    Args:
        text: Untrusted input.
        keep_newlines: Keep ``\\n`` (multi-line fields); otherwise collapse all whitespace.
    """
    text = nfc(text)
    if keep_newlines:
        lines = [_SPACES.sub(" ", _UNSAFE.sub("", line)).strip() for line in text.splitlines()]
        return "\n".join(lines).strip()
    return _SPACES.sub(" ", _UNSAFE.sub("", text)).strip()


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ → d) for diacritic-insensitive matching.

    >>> fold("Đăng ký Khai sinh")
    'dang ky khai sinh'
    """
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def presented_only(document_name: str) -> bool:
    """True for a document that is shown, not handed in (catalogue names end "– xuất trình")."""
    return "xuat trinh" in fold(document_name)


def identity_document(document_name: str) -> bool:
    """True for the applicant's own identity paper (giấy tờ tùy thân, thẻ căn cước, CCCD)."""
    folded = fold(document_name)
    return any(word in folded for word in ("tuy than", "can cuoc", "cccd"))

