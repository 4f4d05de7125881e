"""What the technician CLI may print of a decoded code: ID card payloads (personal data) masked unless asked.

A CCCD/căn cước QR holds the ID number, name, birth date, sex, address and issue date. By default only the
masked number is shown (``core.privacy.mask_id``: first 4 and last 2 digits), also for a payload that has
the card's shape but does not validate (a damaged or expired card is still someone's data).
"""

from __future__ import annotations

import re

from core.i18n import register_catalogue, translator
from core.privacy import mask_id
from devices.idcard import IdCardError, parse_id_payload

_ = translator("devices")
register_catalogue("devices", {"<CCCD {id}>": "<ID card {id}>"})

_ID_NUMBER = re.compile(r"\d{12}|\d{9}")


def id_number(text: str) -> str | None:
    """The ID number of a text shaped like an ID card QR (``NNNNNNNNNNNN|…``), else None."""
    try:
        return parse_id_payload(text).id
    except IdCardError:
        pass
    first, sep, _rest = text.strip().partition("|")
    return first.strip() if sep and _ID_NUMBER.fullmatch(first.strip()) else None


def shown_text(text: str, show_text: bool = False) -> tuple[str, bool]:
    """The text to print for a decoded payload and whether it is an ID card's (masked unless ``show_text``)."""
    number = id_number(text)
    if number is None:
        return text, False
    return (text if show_text else _("<CCCD {id}>", id=mask_id(number))), True
