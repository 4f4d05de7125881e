"""One way to write an appointment for people: Vietnam time, 24-hour clock, weekday and dd/mm/yyyy."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def date_time(moment: datetime, lang: str | None = None) -> str:
    """Return e.g. "16:30, Thứ Sáu 20/11/2026" ("16:30, Friday 20/11/2026") in Vietnam time.

    The screens (procedure detail, review, done) and the printed receipt all write the appointment
    this way, so a citizen never compares two spellings of the same date.

    Args:
        moment: An aware datetime (naive is taken as Vietnam time).
        lang: ``vi`` or ``en``; default the current language.
    """
    if lang is None:
        from core.i18n import get_language

        lang = get_language()
    local = moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment.astimezone(VN_TZ)
    names = WEEKDAYS.get(lang, WEEKDAYS["vi"])
    return f"{local:%H:%M}, {names[local.weekday()]} {local:%d/%m/%Y}"
