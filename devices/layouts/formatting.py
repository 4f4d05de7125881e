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


#: Print head widths accepted for ``dots`` (multiples of 8): 384 (58 mm), 432, 512 (TM-T88 80 mm),
#: 576 (80 mm, 203 dpi), 640 (80 mm full width) and anything else in this range.
MIN_DOTS, MAX_DOTS = 256, 640


def paper_dots(width_mm: int, dots: int | None = None) -> int:
    """Dots across the print head: ``dots`` when given, else 576 for 80 mm paper and 384 for 58 mm.

    Raises:
        LayoutError: The paper is not 80 or 58 mm (LAY-005), or ``dots`` is not a multiple of 8
            between :data:`MIN_DOTS` and :data:`MAX_DOTS` (LAY-006).
    """
    if width_mm not in (80, 58):
        raise LayoutError(_("Khổ giấy phải là 80 hoặc 58 mm, nhận {width}", width=width_mm), code="LAY-005")
    if not dots:
        return 576 if width_mm == 80 else 384
    if isinstance(dots, bool) or not isinstance(dots, int) or dots % 8 or not MIN_DOTS <= dots <= MAX_DOTS:
        raise LayoutError(_("Số điểm đầu in phải là bội số của 8 từ {low} đến {high}, nhận {dots}",
                            low=MIN_DOTS, high=MAX_DOTS, dots=repr(dots)), code="LAY-006")
    return dots
