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
