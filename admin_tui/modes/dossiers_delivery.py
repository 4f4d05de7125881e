"""Delivery outcome from the console: one form (delivered / not delivered / back to the counter) and its service call."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from admin_tui.context import AdminContext
from admin_tui.messages import _
from admin_tui.modes.settings_form import FormField
from db.services import delivery
from db.services.dossiers import DossierError

OUTCOMES = (("Đã giao", delivery.DELIVERED), ("Không giao được", delivery.NOT_DELIVERED),
            ("Chuyển về quầy", delivery.RETURNED_TO_COUNTER))


def delivery_fields() -> list[FormField]:
    """The form's fields (translated labels)."""
    return [
        FormField("outcome", _("Kết quả phát"), delivery.DELIVERED, tuple((_(lbl), v) for lbl, v in OUTCOMES)),
        FormField("receiver", _("Người nhận (khi đã giao)")),
        FormField("relation", _("Quan hệ với người nộp"), placeholder=_("Bản thân, vợ, con…")),
        FormField("last4", _("4 số cuối giấy tờ người nhận")),
        FormField("reason", _("Lý do không giao được"), "no_one_home",
                  tuple((delivery.reason_label(k), k) for k in delivery.REASONS)),
        FormField("next_on", _("Ngày phát lại (dd/mm/yyyy)")),
        FormField("note", _("Ghi chú")),
    ]


def parse_day(text: str) -> date | None:
    """``dd/mm/yyyy`` (or ISO) to a date; empty is None.

    Raises:
        DossierError: not a date (ADM-305).
    """
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DossierError(_("Ngày không hợp lệ: {text} (dd/mm/yyyy)", text=text[:20]), code="ADM-305")


def record(context: AdminContext, dossier_id: int, values: dict[str, Any], row_version: int) -> str:
    """Record the outcome the form holds; returns what to tell the agent (blocking: call from a worker)."""
    user, now, db = context.require_user(), context.now(), context.database
    outcome = values.get("outcome")
    if outcome == delivery.DELIVERED:
        delivery.record_delivered(db, dossier_id, user=user, now=now, receiver_name=values.get("receiver", ""),
                                  relation=values.get("relation", ""), id_last4=values.get("last4", ""),
                                  note=values.get("note", ""), expected_version=row_version)
        return _("Đã ghi: đã giao tận tay.")
    if outcome == delivery.NOT_DELIVERED:
        out = delivery.record_not_delivered(db, dossier_id, user=user, now=now, reason=values.get("reason", ""),
                                            next_attempt_on=parse_day(values.get("next_on", "")),
                                            note=values.get("note", ""), expected_version=row_version)
        if out.returned_to_counter:
            return _("Lần phát thứ {n}/{limit} không thành công: kết quả chuyển về quầy.", n=out.failed_attempts,
                     limit=out.max_attempts)
        return _("Đã ghi lần phát không thành công {n}/{limit}.", n=out.failed_attempts, limit=out.max_attempts)
    delivery.return_to_counter(db, dossier_id, user=user, now=now, note=values.get("note", ""),
                               expected_version=row_version)
    return _("Kết quả đã chuyển về quầy.")


def series_fields() -> list[FormField]:
    """The S10 series form (site settings)."""
    return [
        FormField("prefix", _("Mã dịch vụ (2 chữ cái)"), "RR", placeholder="RR"),
        FormField("first", _("Số seri đầu (8 chữ số)"), "", kind="integer"),
        FormField("last", _("Số seri cuối (8 chữ số)"), "", kind="integer"),
        FormField("country", _("Mã nước"), "VN"),
    ]


def save_series(database: Any, site_id: int, values: dict[str, Any], user: Any) -> object:
    """Store the series the form holds (blocking: the caller's worker).

    Raises:
        S10Error: bad letters or range (S10-002/004/010); TrackingError DOS-084/085.
    """
    from core.s10 import S10Error
    from db.services.tracking import set_series

    first, last = values.get("first"), values.get("last")
    if not isinstance(first, int) or not isinstance(last, int):
        raise S10Error(_("Số seri đầu và cuối phải là số (0 đến 99999999)."), code="S10-010")
    return set_series(database, site_id, prefix=str(values.get("prefix", "")), first=first, last=last,
                      country=str(values.get("country") or "VN"), user=user)
