"""Dossier status machine: transition table, status changes with the deadline pause, deadline flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.i18n import register_catalogue, translator
from core.text import sanitize
from db.calendar import to_local
from db.engine import Database
from db.models import Dossier, StatusEvent
from db.services.calendar_db import site_calendar
from db.services.dossiers import DossierError

_ = translator("db")

RECEIVED = "received"
IN_TRANSIT = "in_transit"
AGENCY_RECEIVED = "agency_received"
PROCESSING = "processing"
NEEDS_SUPPLEMENT = "needs_supplement"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
RESULT_READY = "result_ready"
RESULT_IN_TRANSIT = "result_in_transit"
RETURNED = "returned"

#: Vietnamese labels (source strings; English via the "db" catalogue).
STATUS_LABELS = {
    RECEIVED: "Đã tiếp nhận tại điểm phục vụ",
    IN_TRANSIT: "Đang chuyển đến cơ quan giải quyết",
    AGENCY_RECEIVED: "Cơ quan giải quyết đã tiếp nhận",
    PROCESSING: "Đang giải quyết",
    NEEDS_SUPPLEMENT: "Cần bổ sung hồ sơ",
    REJECTED: "Từ chối giải quyết",
    WITHDRAWN: "Đã rút hồ sơ",
    RESULT_READY: "Đã có kết quả",
    RESULT_IN_TRANSIT: "Đang chuyển kết quả qua bưu chính",
    RETURNED: "Đã trả kết quả",
}

#: Allowed next statuses. "Overdue" is not a status: see :func:`deadline_flag`.
TRANSITIONS: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({IN_TRANSIT, AGENCY_RECEIVED, NEEDS_SUPPLEMENT, REJECTED, WITHDRAWN}),
    IN_TRANSIT: frozenset({AGENCY_RECEIVED, NEEDS_SUPPLEMENT, REJECTED, WITHDRAWN}),
    AGENCY_RECEIVED: frozenset({PROCESSING, NEEDS_SUPPLEMENT, REJECTED, WITHDRAWN}),
    PROCESSING: frozenset({NEEDS_SUPPLEMENT, REJECTED, WITHDRAWN, RESULT_READY}),
    NEEDS_SUPPLEMENT: frozenset({RECEIVED, IN_TRANSIT, AGENCY_RECEIVED, PROCESSING, REJECTED, WITHDRAWN}),
    REJECTED: frozenset({RESULT_IN_TRANSIT, RETURNED}),
    WITHDRAWN: frozenset(),
    RESULT_READY: frozenset({RESULT_IN_TRANSIT, RETURNED}),
    RESULT_IN_TRANSIT: frozenset({RETURNED}),
    RETURNED: frozenset(),
}
#: Statuses where the agency's work is over (no deadline to watch).
DONE_STATUSES = frozenset({REJECTED, WITHDRAWN, RESULT_READY, RESULT_IN_TRANSIT, RETURNED})
#: Statuses that need a reason in the note (forms 02 and 03).
REASON_REQUIRED = frozenset({NEEDS_SUPPLEMENT, REJECTED})
DUE_SOON = timedelta(days=1)

register_catalogue(
    "db",
    {
        STATUS_LABELS[RECEIVED]: "Received at the service point",
        STATUS_LABELS[IN_TRANSIT]: "On the way to the processing agency",
        STATUS_LABELS[AGENCY_RECEIVED]: "Received by the processing agency",
        STATUS_LABELS[PROCESSING]: "Being processed",
        STATUS_LABELS[NEEDS_SUPPLEMENT]: "Documents need to be supplemented",
        STATUS_LABELS[REJECTED]: "Refused",
        STATUS_LABELS[WITHDRAWN]: "Withdrawn",
        STATUS_LABELS[RESULT_READY]: "Result ready",
        STATUS_LABELS[RESULT_IN_TRANSIT]: "Result on its way by post",
        STATUS_LABELS[RETURNED]: "Result returned",
        "Không tìm thấy hồ sơ.": "Dossier not found.",
        "Không thể chuyển hồ sơ từ \"{old}\" sang \"{new}\".": "A dossier cannot go from \"{old}\" to \"{new}\".",
        "Cần ghi rõ lý do.": "A reason is required.",
        "Cần liệt kê các giấy tờ phải bổ sung.": "List the documents to be supplemented.",
        "Hồ sơ vừa được người khác cập nhật; vui lòng tải lại.":
            "Someone else has just updated this dossier; please reload.",
        "Hồ sơ nhận kết quả tại quầy, không chuyển qua bưu chính.":
            "This dossier's result is collected at the counter, not sent by post.",
        "Hồ sơ chưa được bàn giao; chưa thể xoá bản quét.":
            "The dossier has not been handed over; its scans cannot be deleted yet.",
    },
)


def status_label(status: str) -> str:
    """Human label of a status in the current language."""
    return _(STATUS_LABELS.get(status, status))


def _fail(message: str, code: str) -> DossierError:
    return DossierError(message, code=code)


@dataclass(frozen=True)
class StatusChange:
    """Outcome of a status change."""

    dossier_id: int
    from_status: str
    status: str
    due_at: datetime | None
    row_version: int
    event_id: int


def load_dossier(session: Session, dossier_id: int, expected_version: int | None = None) -> Dossier:
    """The dossier, or DOS-034; DOS-030 when ``expected_version`` is given and the row has moved on."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise _fail(_("Không tìm thấy hồ sơ."), "DOS-034")
    if expected_version is not None and dossier.row_version != expected_version:
        raise _fail(_("Hồ sơ vừa được người khác cập nhật; vui lòng tải lại."), "DOS-030")
    return dossier


def _check(dossier: Dossier, new_status: str, note: str, details: dict[str, Any]) -> None:
    if new_status not in TRANSITIONS.get(dossier.status, frozenset()):
        raise _fail(
            _("Không thể chuyển hồ sơ từ \"{old}\" sang \"{new}\".",
              old=status_label(dossier.status), new=status_label(new_status)),
            "DOS-031",
        )
    if new_status in REASON_REQUIRED and not note:
        raise _fail(_("Cần ghi rõ lý do."), "DOS-032")
    if new_status == NEEDS_SUPPLEMENT and not details.get("missing_documents"):
        raise _fail(_("Cần liệt kê các giấy tờ phải bổ sung."), "DOS-033")
    if new_status == RESULT_IN_TRANSIT and dossier.return_method != "post":
        raise _fail(_("Hồ sơ nhận kết quả tại quầy, không chuyển qua bưu chính."), "DOS-035")


def _clean_details(details: dict[str, Any] | None) -> dict[str, Any]:
    out = dict(details or {})
    missing = out.get("missing_documents")
    if missing is not None:
        items = [missing] if isinstance(missing, str) else list(missing)
        out["missing_documents"] = [s for s in (sanitize(str(x))[:300] for x in items) if s]
    return out


def _apply_clock(session: Session, dossier: Dossier, new_status: str, now: datetime, details: dict) -> None:
    """Pause the deadline at needs_supplement; on resuming, push the due date by the paused working days."""
    if new_status == NEEDS_SUPPLEMENT:
        dossier.clock_paused_at = now
        return
    if dossier.clock_paused_at is None:
        return
    if new_status not in DONE_STATUSES and dossier.due_at is not None:
        cal = site_calendar(session, dossier.site_id)
        paused = cal.working_days_between(to_local(dossier.clock_paused_at).date(), to_local(now).date())
        details["paused_working_days"] = paused
        details["due_before"] = to_local(dossier.due_at).isoformat(timespec="minutes")
        dossier.due_at = cal.shift_due(dossier.due_at, paused)
        details["due_after"] = to_local(dossier.due_at).isoformat(timespec="minutes")
    dossier.clock_paused_at = None


def apply_status(
    session: Session,
    dossier_id: int,
    new_status: str,
    *,
    actor: str,
    note: str = "",
    details: dict[str, Any] | None = None,
    now: datetime,
    expected_version: int | None = None,
) -> StatusChange:
    """Do :func:`change_status` inside the caller's transaction (so an audit row can commit with it).

    A concurrent change can surface as ``StaleDataError`` at flush or commit; callers running their own
    transaction should catch it like :func:`change_status` does (DOS-030).
    """
    to_local(now)
    note = sanitize(note or "", keep_newlines=True)[:2000]
    clean = _clean_details(details)
    dossier = load_dossier(session, dossier_id, expected_version)
    _check(dossier, new_status, note, clean)
    event_details = dict(clean)
    old = dossier.status
    _apply_clock(session, dossier, new_status, now, event_details)
    if new_status == AGENCY_RECEIVED and clean.get("agency_code"):
        dossier.agency_code = sanitize(str(clean["agency_code"]))[:80]
    if new_status == RETURNED:
        dossier.returned_at = now
    dossier.status = new_status
    event = StatusEvent(dossier_id=dossier.id, from_status=old, status=new_status, at=now,
                        actor=sanitize(actor or "")[:120], note=note, details=event_details)
    session.add(event)
    session.flush()
    return StatusChange(dossier.id, old, new_status, dossier.due_at, dossier.row_version, event.id)


def stale_error() -> DossierError:
    """The DOS-030 error: someone else changed the dossier since it was read."""
    return _fail(_("Hồ sơ vừa được người khác cập nhật; vui lòng tải lại."), "DOS-030")


def change_status(
    database: Database,
    dossier_id: int,
    new_status: str,
    *,
    actor: str,
    note: str = "",
    details: dict[str, Any] | None = None,
    now: datetime,
    expected_version: int | None = None,
) -> StatusChange:
    """Move a dossier to ``new_status``, recording a StatusEvent (events are never overwritten).

    Args:
        database: The database.
        dossier_id: Dossier to change.
        new_status: Target status (see :data:`TRANSITIONS`).
        actor: Who does it (username or ``kiosk:<id>``).
        note: Reason or remark; required for ``needs_supplement`` and ``rejected``.
        details: Extra data; ``missing_documents`` (list of names) is required for ``needs_supplement``;
            ``agency_code`` sets the official code at ``agency_received``.
        now: Time of the change (aware).
        expected_version: The ``row_version`` the editor saw; a mismatch raises DOS-030.

    Raises:
        DossierError: Unknown dossier (DOS-034), forbidden transition (DOS-031), missing reason
            (DOS-032/033), post transit for a counter return (DOS-035), concurrent change (DOS-030).
    """
    to_local(now)
    try:
        return database.run(lambda session: apply_status(
            session, dossier_id, new_status, actor=actor, note=note, details=details, now=now,
            expected_version=expected_version))
    except StaleDataError as exc:
        raise stale_error() from exc


def deadline_flag(dossier: Dossier, now: datetime, soon: timedelta = DUE_SOON) -> str:
    """``on_time`` | ``due_soon`` | ``overdue`` | ``paused`` | ``paused_late`` | ``done`` | ``done_late`` at ``now``.

    Lateness is never hidden: a dossier returned after its due time is ``done_late``, and one whose clock was
    paused (waiting for a supplement) after its due time had passed is ``paused_late``; a dossier without a
    statutory time is ``on_time``.
    """
    due = dossier.due_at
    if dossier.status in DONE_STATUSES:
        return "done_late" if due is not None and dossier.returned_at is not None and dossier.returned_at > due \
            else "done"
    if dossier.status == NEEDS_SUPPLEMENT or dossier.clock_paused_at is not None:
        return "paused_late" if due is not None and (dossier.clock_paused_at or now) > due else "paused"
    if dossier.due_at is None:
        return "on_time"
    if now > dossier.due_at:
        return "overdue"
    return "due_soon" if dossier.due_at - now <= soon else "on_time"


def apply_handed_over(session: Session, dossier_id: int, *, now: datetime) -> datetime:
    """Do :func:`mark_handed_over` inside the caller's transaction; returns the time kept."""
    to_local(now)
    dossier = load_dossier(session, dossier_id, None)
    if dossier.handed_over_at is None:
        dossier.handed_over_at = now
    return dossier.handed_over_at


def mark_handed_over(database: Database, dossier_id: int, *, now: datetime) -> datetime:
    """Record that the dossier (with its scans) was handed over and acknowledged; returns the time kept.

    Idempotent: a second call keeps the first time.
    """
    to_local(now)
    return database.run(lambda session: apply_handed_over(session, dossier_id, now=now))
