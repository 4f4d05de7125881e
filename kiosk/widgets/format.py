"""Formatting for citizens: money in đồng, working days, dates and times in Vietnam time."""

from __future__ import annotations

from datetime import datetime

from core import dates
from kiosk.messages import _

VN_TZ = dates.VN_TZ
WEEKDAYS = dates.WEEKDAYS["vi"]


def fee(fee_vnd: int | None, fee_text: str = "") -> str:
    """Return the fee as shown (``core.fees.fee_label``: the one fee label of the product)."""
    from core.fees import fee_label

    return fee_label(fee_vnd, fee_text)


def working_days(days: int | None) -> str:
    """Return the statutory processing time in working days."""
    if days is None:
        return _("Chưa có thông tin")
    if days == 0:
        return _("Giải quyết trong ngày")
    return _("{n} ngày làm việc", n=days)


def date_time(moment: datetime) -> str:
    """Return e.g. "17:00, Thứ Hai 23/11/2026" in Vietnam time (``core.dates.date_time``)."""
    return dates.date_time(moment)


def short_date_time(moment: datetime) -> str:
    """Return e.g. "08:15 21/11/2026" in Vietnam time."""
    return f"{moment.astimezone(VN_TZ):%H:%M %d/%m/%Y}"
