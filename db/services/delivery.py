"""Home delivery outcomes: delivered, not delivered (reason, next attempt), back to the counter after N failures.

Each outcome is a ``delivery_attempts`` row and a status event with its actor, written with an audit row in one
transaction. Delivered moves the dossier ``result_in_transit`` → ``returned``; a failed attempt keeps it
``result_in_transit`` (an event ``result_in_transit`` → ``result_in_transit`` says why); the site's
``delivery_max_attempts``-th failure (default 3), or the agent's decision, brings the result back to the counter
(``result_in_transit`` → ``result_ready``, details ``delivery = returned_to_counter``). Two consoles recording an
attempt at once: one wins (unique attempt number / row version), the other gets DOS-030.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.text import sanitize
from db.calendar import to_local
from db.engine import Database
from db.models import DeliveryAttempt, Dossier, Site, StatusEvent
from db.services import audit
from db.services.dossier_flow import RESULT_IN_TRANSIT, RESULT_READY, RETURNED, load_dossier, stale_error

_ = translator("db")

DELIVERED, NOT_DELIVERED, RETURNED_TO_COUNTER = "delivered", "not_delivered", "returned_to_counter"
#: Reasons a delivery failed (Vietnamese source labels; English in the "db" catalogue).
REASONS: dict[str, str] = {
    "no_one_home": "Không có người nhận",
    "wrong_address": "Sai địa chỉ",
    "refused": "Từ chối nhận",
    "other": "Khác",
}
#: Outcome labels (public timeline and console).
OUTCOME_LABELS: dict[str, str] = {
    DELIVERED: "Đã giao tận tay",
    NOT_DELIVERED: "Chưa giao được",
    RETURNED_TO_COUNTER: "Chuyển về quầy, chờ Quý khách đến nhận",
}
DEFAULT_MAX_ATTEMPTS = 3
_LAST4 = re.compile(r"[0-9]{4}")

register_catalogue("db", {
    REASONS["no_one_home"]: "Nobody to receive it",
    REASONS["wrong_address"]: "Wrong address",
    REASONS["refused"]: "Refused",
    REASONS["other"]: "Other",
    OUTCOME_LABELS[DELIVERED]: "Delivered",
    OUTCOME_LABELS[NOT_DELIVERED]: "Not delivered",
    OUTCOME_LABELS[RETURNED_TO_COUNTER]: "Back at the counter, waiting for you",
    "Chỉ ghi kết quả phát khi hồ sơ đang chuyển kết quả qua bưu chính.":
        "A delivery outcome is recorded only while the result is on its way by post.",
    "Cần ghi họ tên người nhận.": "Enter the name of the person who received it.",
    "Cần ghi quan hệ của người nhận với người nộp.": "Enter the receiver's relation to the applicant.",
    "Bốn số cuối giấy tờ của người nhận phải là 4 chữ số.": "The last 4 digits of the receiver's ID must be 4 digits.",
    "Lý do không phát được không hợp lệ: {reason}": "Not a valid reason for a failed delivery: {reason}",
    "Lý do \"Khác\" cần ghi chú.": "The reason \"Other\" needs a note.",
    "Cần ngày phát lại (từ hôm nay trở đi).": "Enter the next attempt date (today or later).",
    "Thời điểm giao không được ở tương lai.": "The delivery time cannot be in the future.",
    "Phát lại ngày {day}": "Next attempt on {day}",
})


class DeliveryError(KioskError):
    """A delivery outcome cannot be recorded as given (DOS-09x)."""

    code = "DOS-090"


@dataclass(frozen=True)
class AttemptInfo:
    """One recorded attempt (the receiver's name is personal data: console only, never the public look-up)."""

    attempt_no: int
    outcome: str
    at: datetime
    actor: str
    tracking_number: str | None
    receiver_name: str
    receiver_relation: str
    receiver_id_last4: str
    reason: str
    note: str
    next_attempt_on: date | None


@dataclass(frozen=True)
class DeliveryOutcome:
    """What recording an outcome did: the attempt, the dossier's status after it, and whether it went back."""

    attempt: AttemptInfo
    status: str
    failed_attempts: int
    max_attempts: int
    returned_to_counter: bool


def reason_label(reason: str) -> str:
    """The reason in the current language."""
    return _(REASONS.get(reason, reason))


def outcome_label(outcome: str) -> str:
    """The outcome in the current language."""
    return _(OUTCOME_LABELS.get(outcome, outcome))


def delivery_note(outcome: str, details: dict[str, Any]) -> str:
    """What the public timeline says of a delivery step: outcome, reason, next attempt (never the receiver)."""
    note = outcome_label(outcome)
    if details.get("reason"):
        note = f"{note}: {reason_label(str(details['reason']))}"
    if details.get("next_attempt_on"):
        day = date.fromisoformat(str(details["next_attempt_on"]))
        note = f"{note}. {_('Phát lại ngày {day}', day=day.strftime('%d/%m/%Y'))}"
    return note


def _info(row: DeliveryAttempt) -> AttemptInfo:
    return AttemptInfo(row.attempt_no, row.outcome, row.at, row.actor, row.tracking_number, row.receiver_name,
                       row.receiver_relation, row.receiver_id_last4, row.reason, row.note, row.next_attempt_on)


def attempts(session: Session, dossier_id: int) -> list[AttemptInfo]:
    """The dossier's attempts, oldest first."""
    rows = session.scalars(select(DeliveryAttempt).where(DeliveryAttempt.dossier_id == dossier_id)
                           .order_by(DeliveryAttempt.attempt_no))
    return [_info(r) for r in rows]


def _in_transit(session: Session, dossier_id: int, expected_version: int | None) -> Dossier:
    dossier = load_dossier(session, dossier_id, expected_version)
    if dossier.status != RESULT_IN_TRANSIT:
        raise DeliveryError(_("Chỉ ghi kết quả phát khi hồ sơ đang chuyển kết quả qua bưu chính."), code="DOS-090")
    return dossier


def _failed_count(session: Session, dossier_id: int) -> int:
    return int(session.scalar(select(func.count(DeliveryAttempt.id)).where(
        DeliveryAttempt.dossier_id == dossier_id, DeliveryAttempt.outcome == NOT_DELIVERED)) or 0)


def _next_no(session: Session, dossier_id: int) -> int:
    return int(session.scalar(select(func.max(DeliveryAttempt.attempt_no))
                              .where(DeliveryAttempt.dossier_id == dossier_id)) or 0) + 1


def _actor(user: Any) -> str:
    return sanitize(getattr(user, "username", None) or str(user or ""))[:120]


def _record(session: Session, dossier: Dossier, *, outcome: str, new_status: str, user: Any, now: datetime,
            note: str = "", details: dict[str, Any] | None = None, **fields: Any) -> AttemptInfo:
    """Write the attempt, the status event (status moved or kept) and the audit row."""
    old = dossier.status
    if new_status == RETURNED:
        dossier.returned_at = now
    dossier.status = new_status
    flag_modified(dossier, "status")  # the row version moves (and is checked) even when the status is kept
    attempt_no = _next_no(session, dossier.id)
    event_details = {"delivery": outcome, "attempt": attempt_no, **(details or {})}
    event = StatusEvent(dossier_id=dossier.id, from_status=old, status=new_status, at=now, actor=_actor(user),
                        note=note, details=event_details)
    session.add(event)
    session.flush()
    row = DeliveryAttempt(dossier_id=dossier.id, attempt_no=attempt_no, outcome=outcome, at=now, actor=_actor(user),
                          tracking_number=dossier.tracking_number, note=note, status_event_id=event.id, **fields)
    session.add(row)
    session.flush()
    audit.record(session, user=user, action=f"dossier.delivery.{outcome}", entity="dossier",
                 entity_id=dossier.reference, before={"status": old},
                 after={"status": new_status, "attempt": attempt_no, **(details or {})})
    return _info(row)


def _max_attempts(session: Session, dossier: Dossier) -> int:
    site = session.get(Site, dossier.site_id)
    return max(1, int(site.delivery_max_attempts if site and site.delivery_max_attempts else DEFAULT_MAX_ATTEMPTS))


def _run(database: Database, work: Any) -> DeliveryOutcome:
    try:
        return database.run(work)
    except (StaleDataError, IntegrityError) as exc:
        raise stale_error() from exc


def record_delivered(database: Database, dossier_id: int, *, user: Any, now: datetime, receiver_name: str,
                     relation: str, id_last4: str, delivered_at: datetime | None = None, note: str = "",
                     expected_version: int | None = None) -> DeliveryOutcome:
    """The result reached the citizen: who received it, their relation, the last 4 digits of their ID, when.

    Raises:
        DeliveryError: DOS-090 not in transit, 091 no receiver name, 092 no relation, 093 ID digits not 4 digits,
            097 a delivery time in the future. DossierError DOS-034 unknown, DOS-030 changed meanwhile.
    """
    to_local(now)
    at = delivered_at or now
    to_local(at)
    name = sanitize(receiver_name or "")[:200]
    rel = sanitize(relation or "")[:80]
    digits = sanitize(id_last4 or "").replace(" ", "")
    if not name:
        raise DeliveryError(_("Cần ghi họ tên người nhận."), code="DOS-091")
    if not rel:
        raise DeliveryError(_("Cần ghi quan hệ của người nhận với người nộp."), code="DOS-092")
    if not _LAST4.fullmatch(digits):
        raise DeliveryError(_("Bốn số cuối giấy tờ của người nhận phải là 4 chữ số."), code="DOS-093")
    if at > now:
        raise DeliveryError(_("Thời điểm giao không được ở tương lai."), code="DOS-097")

    def work(session: Session) -> DeliveryOutcome:
        dossier = _in_transit(session, dossier_id, expected_version)
        info = _record(session, dossier, outcome=DELIVERED, new_status=RETURNED, user=user, now=at,
                       note=sanitize(note or "")[:500], receiver_name=name, receiver_relation=rel,
                       receiver_id_last4=digits)
        return DeliveryOutcome(info, RETURNED, _failed_count(session, dossier.id), _max_attempts(session, dossier),
                               False)

    return _run(database, work)


def record_not_delivered(database: Database, dossier_id: int, *, user: Any, now: datetime, reason: str,
                         next_attempt_on: date | None = None, note: str = "",
                         expected_version: int | None = None) -> DeliveryOutcome:
    """A failed attempt with its reason and the next attempt's date; the N-th failure sends it back to the counter.

    Raises:
        DeliveryError: DOS-090 not in transit, 094 unknown reason, 095 "other" without a note, 096 no next
            attempt date (or one before today) while attempts remain. DOS-030 changed meanwhile.
    """
    to_local(now)
    if reason not in REASONS:
        raise DeliveryError(_("Lý do không phát được không hợp lệ: {reason}", reason=sanitize(str(reason))[:40]),
                            code="DOS-094")
    text = sanitize(note or "")[:500]
    if reason == "other" and not text:
        raise DeliveryError(_("Lý do \"Khác\" cần ghi chú."), code="DOS-095")
    today = to_local(now).date()

    def work(session: Session) -> DeliveryOutcome:
        dossier = _in_transit(session, dossier_id, expected_version)
        limit = _max_attempts(session, dossier)
        failed = _failed_count(session, dossier.id) + 1
        last = failed >= limit
        next_day = {} if last or next_attempt_on is None else {"next_attempt_on": next_attempt_on.isoformat()}
        if not last and (next_attempt_on is None or next_attempt_on < today):
            raise DeliveryError(_("Cần ngày phát lại (từ hôm nay trở đi)."), code="DOS-096")
        info = _record(session, dossier, outcome=NOT_DELIVERED, new_status=RESULT_IN_TRANSIT, user=user, now=now,
                       note=text, details={"reason": reason, **next_day}, reason=reason,
                       next_attempt_on=None if last else next_attempt_on)
        if last:
            _record(session, dossier, outcome=RETURNED_TO_COUNTER, new_status=RESULT_READY, user=user, now=now,
                    details={"failed_attempts": failed})
        return DeliveryOutcome(info, dossier.status, failed, limit, last)

    return _run(database, work)


def return_to_counter(database: Database, dossier_id: int, *, user: Any, now: datetime, note: str = "",
                      expected_version: int | None = None) -> DeliveryOutcome:
    """The agent brings the result back to the counter before N failures (e.g. refused for good)."""
    to_local(now)

    def work(session: Session) -> DeliveryOutcome:
        dossier = _in_transit(session, dossier_id, expected_version)
        failed = _failed_count(session, dossier.id)
        info = _record(session, dossier, outcome=RETURNED_TO_COUNTER, new_status=RESULT_READY, user=user, now=now,
                       note=sanitize(note or "")[:500], details={"failed_attempts": failed})
        return DeliveryOutcome(info, RESULT_READY, failed, _max_attempts(session, dossier), True)

    return _run(database, work)


__all__ = ["DEFAULT_MAX_ATTEMPTS", "DELIVERED", "NOT_DELIVERED", "OUTCOME_LABELS", "REASONS", "RETURNED_TO_COUNTER",
           "AttemptInfo", "DeliveryError", "DeliveryOutcome", "attempts", "delivery_note", "outcome_label", "reason_label", "record_delivered",
           "record_not_delivered", "return_to_counter"]
