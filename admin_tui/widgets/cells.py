"""Table cells and text shown literally: imported or typed text never becomes Rich markup."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from db.numbering import VN_TZ


def literal(value: object, *, style: str = "") -> Text:
    """Return ``value`` as a Rich ``Text`` that is displayed exactly as written (``[b]`` stays ``[b]``)."""
    return Text("" if value is None else str(value), style=style, no_wrap=True, overflow="ellipsis")


def local_time(at: datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    """Format a UTC datetime in Asia/Ho_Chi_Minh (``""`` for None)."""
    return at.astimezone(VN_TZ).strftime(fmt) if at else ""
