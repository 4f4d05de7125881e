"""Personal-data helpers used on screens, paper and logs."""

from __future__ import annotations


def mask_id(number: str) -> str:
    """Mask an ID number for screens and paper, keeping the first 4 and last 2 digits.

    >>> mask_id("001090123456")
    '0010******56'
    """
    number = (number or "").strip()
    if len(number) <= 6:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 6) + number[-2:]


def mask_phone(phone: str) -> str:
    """Mask a phone number, keeping the first 3 and last 3 digits (``091****567``)."""
    phone = (phone or "").strip()
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 6) + phone[-3:]


def safe_traceback(error: BaseException, *, limit: int = 12) -> str:
    """Describe an unexpected error for a log without personal data.

    Only the exception's type and where it was raised (file, line, function) are kept: its message and
    the frames' local variables may hold a citizen's ID number, name or address, so neither is written.

    Args:
        error: The exception.
        limit: How many innermost frames to keep.
    """
    import traceback

    frames = traceback.extract_tb(error.__traceback__)[-limit:]
    where = " <- ".join(f"{_short_path(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames))
    return f"{type(error).__module__}.{type(error).__qualname__} at {where or 'unknown place'}"


def _short_path(filename: str) -> str:
    parts = filename.replace("\\", "/").split("/")
    return "/".join(parts[-2:])
