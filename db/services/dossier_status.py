"""Dossier life: transition table, status changes with the deadline pause, deadline flags, scan purge."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.i18n import register_catalogue, translator
from core.text import sanitize
from db.calendar import to_local
from db.engine import Database
from db.models import Dossier, DossierDocument, Site, StatusEvent
from db.services.calendar_db import site_calendar
from db.services.dossiers import DossierError
from db.types import utcnow

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


def _load(session: Session, dossier_id: int, expected_version: int | None) -> Dossier:
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
    note = sanitize(note or "", keep_newlines=True)[:2000]
    clean = _clean_details(details)

    def work(session: Session) -> StatusChange:
        dossier = _load(session, dossier_id, expected_version)
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

    try:
        return database.run(work)
    except StaleDataError as exc:
        raise _fail(_("Hồ sơ vừa được người khác cập nhật; vui lòng tải lại."), "DOS-030") from exc


def deadline_flag(dossier: Dossier, now: datetime, soon: timedelta = DUE_SOON) -> str:
    """``on_time`` | ``due_soon`` | ``overdue`` | ``paused`` | ``done`` for a dossier at ``now``.

    Finished dossiers are ``done`` (their lateness is a report matter); a paused clock is ``paused``;
    a dossier without a statutory time is ``on_time``.
    """
    if dossier.status in DONE_STATUSES:
        return "done"
    if dossier.status == NEEDS_SUPPLEMENT or dossier.clock_paused_at is not None:
        return "paused"
    if dossier.due_at is None:
        return "on_time"
    if now > dossier.due_at:
        return "overdue"
    return "due_soon" if dossier.due_at - now <= soon else "on_time"


def mark_handed_over(database: Database, dossier_id: int, *, now: datetime) -> datetime:
    """Record that the dossier (with its scans) was handed over and acknowledged; returns the time kept.

    Idempotent: a second call keeps the first time.
    """
    to_local(now)

    def work(session: Session) -> datetime:
        dossier = _load(session, dossier_id, None)
        if dossier.handed_over_at is None:
            dossier.handed_over_at = now
        return dossier.handed_over_at

    return database.run(work)


def _shred(path: Path) -> None:
    """Overwrite a file with zeros, then delete it (best effort against casual recovery)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def _delete_scan(scan_path: str) -> None:
    """Delete a document's scan folder (the page files directly in it) or single scan file."""
    path = Path(scan_path)
    if path.is_symlink():
        path.unlink(missing_ok=True)  # never write zeros through a link into a file outside the scans
    elif path.is_file():
        _shred(path)
    elif path.is_dir():
        for child in path.iterdir():
            if child.is_file() and not child.is_symlink():
                _shred(child)
        try:
            path.rmdir()
        except OSError:
            pass  # something else lives there: leave the folder


def purge_scans(database: Database, dossier_id: int, *, now: datetime) -> int:
    """Delete a handed-over dossier's scan files, keeping reference, hashes and timestamps.

    Returns:
        Number of documents whose scans were purged.

    Raises:
        DossierError: Unknown dossier (DOS-034) or not handed over yet (DOS-040).
    """
    to_local(now)

    def work(session: Session) -> list[tuple[int, str]]:
        dossier = _load(session, dossier_id, None)
        if dossier.handed_over_at is None:
            raise _fail(_("Hồ sơ chưa được bàn giao; chưa thể xoá bản quét."), "DOS-040")
        return [(d.id, d.scan_path) for d in dossier.documents if d.scan_path]

    targets = database.run(work, read_only=True)
    for _id, scan_path in targets:
        _delete_scan(scan_path)

    def mark(session: Session) -> int:
        for doc_id, _path in targets:
            doc = session.get(DossierDocument, doc_id)
            if doc is not None:
                doc.scan_path, doc.purged_at = None, now
        return len(targets)

    return database.run(mark)


def purge_due_scans(database: Database, *, now: datetime) -> int:
    """Purge the scans of every handed-over dossier whose site's retention period has passed.

    Meant for a periodic job (kiosk idle loop or admin console). Returns the number of dossiers purged.
    """
    to_local(now)

    def work(session: Session) -> list[int]:
        rows = session.execute(
            select(Dossier.id, Dossier.handed_over_at, Site.scan_retention_days)
            .join(Site, Site.id == Dossier.site_id)
            .join(DossierDocument, DossierDocument.dossier_id == Dossier.id)
            .where(Dossier.handed_over_at.is_not(None), DossierDocument.scan_path.is_not(None))
            .distinct()
        ).all()
        return [i for i, at, days in rows if at + timedelta(days=max(0, days or 0)) <= now]

    due = database.run(work, read_only=True)
    for dossier_id in due:
        purge_scans(database, dossier_id, now=now)
    return len(due)


# --- Citizen look-up (no personal data) --------------------------------------------------------

_DUMMY_SECRET = "XXXX"


@dataclass(frozen=True)
class TimelineEntry:
    """One status of the public timeline; reasons only where the citizen must act (02/03 forms)."""

    status: str
    label: str
    at: datetime
    note: str = ""
    missing_documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class LookupResult:
    """What a citizen sees after scanning the receipt: no name, ID, phone or address."""

    reference: str
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    received_at: datetime
    appointment_at: datetime | None
    return_method: str
    deadline: str
    timeline: tuple[TimelineEntry, ...]


def parse_receipt_qr(text: str) -> tuple[str, str] | None:
    """Split a receipt QR ``HS|<reference>|<secret>`` into ``(reference, secret)``, upper-cased.

    Tolerates surrounding whitespace, spaces around ``|`` and any letter case; None for other codes
    (e.g. a ticket QR ``VE|...``).
    """
    parts = [p.strip() for p in (text or "").strip().split("|")]
    if len(parts) != 3 or parts[0].upper() != "HS" or not parts[1] or not parts[2]:
        return None
    return parts[1].upper(), parts[2].upper()


def _find_by_reference(session: Session, reference: str) -> Dossier | None:
    ref = (reference or "").strip()
    if not ref:
        return None
    dossier = session.scalars(select(Dossier).where(Dossier.reference == ref)).first()
    if dossier is None:
        dossier = session.scalars(select(Dossier).where(func.upper(Dossier.reference) == ref.upper())).first()
    return dossier


def find_dossier_id(session: Session, reference: str) -> int | None:
    """Id of the dossier with ``reference`` (case-insensitive), for staff tools and ratings."""
    dossier = _find_by_reference(session, reference)
    return dossier.id if dossier else None


def lookup(database: Database, reference: str, secret: str, *, now: datetime | None = None) -> LookupResult | None:
    """Public status of a dossier when reference and lookup secret match; None otherwise.

    The reference is matched case-insensitively; the secret is compared in constant time.
    """
    at = now or utcnow()
    given = (secret or "").strip().upper().encode()

    def work(session: Session) -> LookupResult | None:
        dossier = _find_by_reference(session, reference)
        stored = (dossier.lookup_secret if dossier else _DUMMY_SECRET).upper().encode()
        if not hmac.compare_digest(stored, given) or dossier is None:
            return None
        version = dossier.procedure_version
        timeline = tuple(
            TimelineEntry(
                e.status, status_label(e.status), to_local(e.at),
                e.note if e.status in REASON_REQUIRED else "",
                tuple((e.details or {}).get("missing_documents", ())) if e.status == NEEDS_SUPPLEMENT else (),
            )
            for e in sorted(dossier.events, key=lambda e: (e.at, e.id))
        )
        return LookupResult(
            dossier.reference, version.procedure.code, version.name, dossier.status,
            status_label(dossier.status), to_local(dossier.received_at),
            to_local(dossier.due_at) if dossier.due_at else None, dossier.return_method,
            deadline_flag(dossier, at), timeline,
        )

    return database.run(work, read_only=True)
