"""Payload value helpers: local times, safe numbers and strings for printed forms."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.i18n import translator
from core.text import sanitize

from devices.layouts.errors import LayoutError

_ = translator("devices")
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(value: str | datetime | None, field: str) -> datetime | None:
    """Parse an ISO-8601 time (with offset; naive = local) into Asia/Ho_Chi_Minh time, None when empty.

    Raises:
        LayoutError: The value is not an ISO-8601 time (LAY-003).
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise LayoutError(_("Trường {field} không phải thời gian ISO-8601: {value}", field=field,
                                value=repr(value)), code="LAY-003") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(LOCAL_TZ)


def hhmm_date(moment: datetime | None) -> str:
    """``08:15 22/11/2026`` (empty when unknown)."""
    return moment.strftime("%H:%M %d/%m/%Y") if moment else ""


def text(payload: dict, key: str, default: str = "") -> str:
    """A payload string, sanitized (controls and bidi overrides removed, NFC); markup stays literal."""
    value = payload.get(key, default)
    return sanitize(str(value)) if value is not None else default


def number(payload: dict, key: str, default: int = 0) -> int:
    """A payload integer; raises LayoutError (LAY-004) when it is not a number."""
    value = payload.get(key, default)
    try:
        return int(value if value not in (None, "") else default)
    except (TypeError, ValueError):
        raise LayoutError(_("Trường {field} phải là số: {value}", field=key, value=repr(value)),
                          code="LAY-004") from None


def paper_dots(width_mm: int) -> int:
    """576 dots for 80 mm paper, 384 for 58 mm; raises LayoutError (LAY-005) otherwise."""
    if width_mm == 80:
        return 576
    if width_mm == 58:
        return 384
    raise LayoutError(_("Khổ giấy phải là 80 hoặc 58 mm, nhận {width}", width=width_mm), code="LAY-005")
