"""Console dossier work: paged search, detail with timeline, audited status changes, reprint (hand-over re-exported)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, not_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.i18n import register_catalogue, translator
from core.inputs import drop_surrogates
from core.privacy import mask_id, mask_phone
from core.text import sanitize
from db.engine import Database
from db.models import Dossier, Kiosk, Procedure, ProcedureVersion, Site
from db.services import audit, outbox
from db.services.dossier_flow import (
    DONE_STATUSES,
    DUE_SOON,
    NEEDS_SUPPLEMENT,
    TRANSITIONS,
    apply_status,
    deadline_flag,
    stale_error,
)
from db.services.dossier_handover import PAGE_SUFFIXES, record_handover, scan_pages, unreachable_scans
from db.services.dossiers import DossierError, receipt_payload

_ = translator("db")
register_catalogue("db", {
    "Hồ sơ nộp tại quầy, không có ki-ốt để in lại; hãy chọn ki-ốt.":
        "This dossier was entered at a counter; choose a kiosk to print on.",
    "Không tìm thấy ki-ốt của điểm phục vụ này.": "Kiosk not found at this service point.",
    "Bản in lại": "Reprint",
})

PAGE_MAX = 200
FLAGS = ("overdue", "due_soon", "paused")
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class DossierQuery:
    """What the dossiers table shows.

    Attributes:
        text: Reference (or part of it), applicant name, phone or ID number; empty = all.
        status: Exact status, or empty for all.
        flag: ``overdue``, ``due_soon``, ``paused`` or empty.
        site_id: One site, or None for all.
        offset: First row (0-based).
        limit: Page size (at most :data:`PAGE_MAX`).
    """

    text: str = ""
    status: str = ""
    flag: str = ""
    site_id: int | None = None
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class DossierRow:
    """One dossier in the list: ID number and phone masked."""

    id: int
    reference: str
    applicant_name: str
    id_masked: str
    phone_masked: str
    procedure_name: str
    field: str
    status: str
    received_at: datetime
    due_at: datetime | None
    flag: str
    return_method: str


@dataclass(frozen=True)
class DossierPage:
    """A page of search results and the number of matches."""

    items: list[DossierRow]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class DocumentInfo:
    """A document of the dossier; ``scan_path`` is None once purged."""

    name: str
    originals: int
    copies: int
    at_counter: bool
    page_count: int
    scan_path: str | None
    purged: bool


@dataclass(frozen=True)
class EventInfo:
    """One status event of the timeline."""

    at: datetime
    from_status: str | None
    status: str
    actor: str
    note: str
    details: dict[str, Any]


@dataclass(frozen=True)
class DossierDetail:
    """Everything the detail pane shows (the ID number masked; see :func:`reveal_id_number`)."""

    id: int
    reference: str
    status: str
    row_version: int
    flag: str
    applicant_name: str
    id_masked: str
    applicant_phone: str
    applicant_email: str
    applicant_address: str
    return_method: str
    delivery_address: str
    procedure_code: str
    procedure_name: str
    field: str
    agency: str
    processing_days: int | None
    site_name: str
    kiosk_id: int | None
    kiosk_code: str
    agency_code: str
    received_at: datetime
    due_at: datetime | None
    clock_paused_at: datetime | None
    returned_at: datetime | None
    handed_over_at: datetime | None
    documents: tuple[DocumentInfo, ...]
    events: tuple[EventInfo, ...]
    next_statuses: tuple[str, ...]
    tracking_number: str | None = None  # S10 number of the result sent by post (issue 14)
    site_id: int | None = None


def _digit_conditions(digits: str) -> list[Any]:
    """Phone / ID conditions for a digits-only search; full numbers use the indexes, parts scan."""
    if len(digits) == 12:
        return [Dossier.applicant_id_number == digits]
    if len(digits) == 10:
        return [Dossier.applicant_phone == digits]
    if len(digits) == 11 and digits.startswith("84"):
        return [Dossier.applicant_phone == "0" + digits[2:]]
    if len(digits) == 9:
        return [Dossier.applicant_id_number == digits, Dossier.applicant_phone == "0" + digits]
    return [Dossier.applicant_phone.endswith(digits), Dossier.applicant_id_number.endswith(digits),
            Dossier.reference.contains(digits)]


def _search_filter(text: str) -> Any:
    """SQL condition for the search text: ID number, phone, reference or name.

    Digits only (spaces and ``+`` allowed): a full phone or ID number is an indexed equality, fewer
    digits match the end of a phone or ID number or part of a reference. Text with ``-`` or ``.``
    is a reference or part of one; text with letters is (part of) a name, case-insensitive. Lone surrogates
    (pasted half characters) are dropped: no driver can send them.
    """
    text = sanitize(drop_surrogates(text))
    conds: list[Any] = []
    if re.fullmatch(r"[\d\s+]+", text):
        digits = _DIGITS.sub("", text)
        if len(digits) >= 4:
            conds += _digit_conditions(digits)
    elif any(ch.isdigit() for ch in text) or "-" in text or "." in text:
        upper = text.upper().replace(" ", "")
        conds += [Dossier.reference == upper, Dossier.reference.contains(upper, autoescape=True)]
    if any(ch.isalpha() for ch in text):
        conds.append(func.lower(Dossier.applicant_name).contains(text.lower(), autoescape=True))
    return or_(*conds) if conds else Dossier.id.is_(None)


def _flag_filter(flag: str, now: datetime) -> Any:
    open_ = and_(Dossier.status.not_in(DONE_STATUSES), Dossier.status != NEEDS_SUPPLEMENT,
                 Dossier.clock_paused_at.is_(None), Dossier.due_at.is_not(None))
    if flag == "overdue":
        return and_(open_, Dossier.due_at < now)
    if flag == "due_soon":
        return and_(open_, Dossier.due_at >= now, Dossier.due_at <= now + DUE_SOON)
    if flag == "paused":
        return and_(Dossier.status.not_in(DONE_STATUSES),
                    or_(Dossier.status == NEEDS_SUPPLEMENT, Dossier.clock_paused_at.is_not(None)))
    return not_(Dossier.id.is_(None))


def _filtered(stmt: Select, query: DossierQuery, now: datetime) -> Select:
    if query.text.strip():
        stmt = stmt.where(_search_filter(query.text))
    if query.status:
        stmt = stmt.where(Dossier.status == query.status)
    if query.flag:
        stmt = stmt.where(_flag_filter(query.flag, now))
    if query.site_id is not None:
        stmt = stmt.where(Dossier.site_id == query.site_id)
    return stmt


def _use_unicode_lower(session: Session) -> None:
    """SQLite's ``lower()`` folds ASCII only; make it Unicode-aware (Vietnamese names) on this connection."""
    if session.get_bind().dialect.name == "sqlite":
        raw = session.connection().connection.driver_connection
        raw.create_function("lower", 1, lambda s: s.lower() if isinstance(s, str) else s, deterministic=True)


def search(session: Session, query: DossierQuery, now: datetime) -> DossierPage:
    """Return one page of dossiers matching ``query``, newest first, with the total count.

    Args:
        session: A (read) session.
        query: Search text, filters and page.
        now: Time used for the overdue / due-soon flags.
    """
    _use_unicode_lower(session)
    limit = max(1, min(query.limit, PAGE_MAX))
    total = session.scalar(_filtered(select(func.count(Dossier.id)), query, now)) or 0
    stmt = _filtered(
        select(Dossier.id, Dossier.reference, Dossier.applicant_name, Dossier.applicant_id_number,
               Dossier.applicant_phone, ProcedureVersion.name, ProcedureVersion.field, Dossier.status,
               Dossier.received_at, Dossier.due_at, Dossier.clock_paused_at, Dossier.return_method,
               Dossier.returned_at)
        .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id), query, now)
    rows = session.execute(stmt.order_by(Dossier.received_at.desc(), Dossier.id.desc())
                           .offset(max(0, query.offset)).limit(limit)).all()
    items = []
    for r in rows:
        probe = Dossier(status=r.status, due_at=r.due_at, clock_paused_at=r.clock_paused_at,
                        returned_at=r.returned_at)
        items.append(DossierRow(r.id, r.reference, r.applicant_name, mask_id(r.applicant_id_number),
                                mask_phone(r.applicant_phone), r[5], r.field, r.status, r.received_at, r.due_at,
                                deadline_flag(probe, now), r.return_method))
    return DossierPage(items, int(total), max(0, query.offset), limit)


def deadline_counts(session: Session, now: datetime, site_id: int | None = None) -> dict[str, int]:
    """Number of open dossiers per deadline flag: ``overdue``, ``due_soon``, ``paused``."""
    out = {}
    for flag in FLAGS:
        stmt = select(func.count(Dossier.id)).where(_flag_filter(flag, now))
        if site_id is not None:
            stmt = stmt.where(Dossier.site_id == site_id)
        out[flag] = int(session.scalar(stmt) or 0)
    return out


def _get(session: Session, dossier_id: int) -> Dossier:
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise DossierError(_("Không tìm thấy hồ sơ."), code="DOS-034")
    return dossier


def detail(session: Session, dossier_id: int, now: datetime) -> DossierDetail:
    """Return a dossier with its documents and full status timeline (oldest first).

    Raises:
        DossierError: DOS-034 when it does not exist.
    """
    d = _get(session, dossier_id)
    version = d.procedure_version
    kiosk = session.get(Kiosk, d.kiosk_id) if d.kiosk_id else None
    site = session.get(Site, d.site_id)
    docs = tuple(DocumentInfo(x.name, x.originals, x.copies, x.at_counter, x.page_count, x.scan_path,
                              x.purged_at is not None) for x in d.documents)
    events = tuple(EventInfo(e.at, e.from_status, e.status, e.actor, e.note, dict(e.details or {}))
                   for e in sorted(d.events, key=lambda e: (e.at, e.id)))
    nxt = tuple(s for s in TRANSITIONS if s in TRANSITIONS.get(d.status, frozenset()))
    return DossierDetail(
        d.id, d.reference, d.status, d.row_version, deadline_flag(d, now), d.applicant_name,
        mask_id(d.applicant_id_number), d.applicant_phone, d.applicant_email, d.applicant_address,
        d.return_method, d.delivery_address, version.procedure.code, version.name, version.field, version.agency,
        version.processing_days, site.name if site else "", d.kiosk_id, kiosk.code if kiosk else "",
        d.agency_code, d.received_at, d.due_at, d.clock_paused_at, d.returned_at, d.handed_over_at, docs, events,
        nxt, d.tracking_number, d.site_id)


def reveal_id_number(database: Database, dossier_id: int, *, user: Any) -> str:
    """Return the full ID number, recording in the audit log who looked at it."""

    def work(session: Session) -> str:
        d = _get(session, dossier_id)
        audit.record(session, user=user, action="dossier.reveal_id", entity="dossier", entity_id=d.reference)
        return d.applicant_id_number

    return database.run(work)


def set_status(database: Database, dossier_id: int, new_status: str, *, user: Any, now: datetime,
               note: str = "", missing_documents: list[str] | None = None, agency_code: str = "",
               expected_version: int | None = None) -> Any:
    """Change the status (as :func:`db.services.dossier_status.change_status` does) and audit it, in one transaction.

    Args:
        database: The database.
        dossier_id: Dossier to change.
        new_status: Target status.
        user: Console user (actor of the event and the audit row).
        now: Time of the change.
        note: Reason (required for needs_supplement and rejected).
        missing_documents: Documents to supplement (needs_supplement).
        agency_code: Official code at the agency (agency_received).
        expected_version: Row version the editor saw (DOS-030 when someone changed it meanwhile).

    Returns:
        The :class:`db.services.dossier_status.StatusChange`.
    """
    details: dict[str, Any] = {}
    if missing_documents:
        details["missing_documents"] = list(missing_documents)
    if agency_code:
        details["agency_code"] = agency_code
    actor = getattr(user, "username", None) or str(user)

    def work(session: Session) -> Any:
        before_due = _get(session, dossier_id).due_at
        change = apply_status(session, dossier_id, new_status, actor=actor, note=note, details=details, now=now,
                              expected_version=expected_version)
        # Same transaction: the change never commits without its audit row (nor the row without the change).
        audit.record(session, user=user, action="dossier.status", entity="dossier",
                     entity_id=_get(session, dossier_id).reference,
                     before={"status": change.from_status, "due_at": before_due},
                     after={"status": change.status, "due_at": change.due_at, "note": sanitize(note)[:300],
                            **details})
        return change

    try:
        return database.run(work)
    except StaleDataError as exc:
        raise stale_error() from exc


def reprint_receipt(database: Database, dossier_id: int, *, user: Any, kiosk_id: int | None = None) -> int:
    """Queue a new receipt print job, built from the stored dossier, to its kiosk (or ``kiosk_id``).

    Returns:
        The print job id.

    Raises:
        DossierError: DOS-034 unknown dossier, DOS-070 no kiosk to print on, DOS-071 kiosk of another site.
    """

    def work(session: Session) -> int:
        d = _get(session, dossier_id)
        target = kiosk_id or d.kiosk_id
        if target is None:
            raise DossierError(_("Hồ sơ nộp tại quầy, không có ki-ốt để in lại; hãy chọn ki-ốt."), code="DOS-070")
        kiosk = session.get(Kiosk, target)
        if kiosk is None or kiosk.site_id != d.site_id:
            raise DossierError(_("Không tìm thấy ki-ốt của điểm phục vụ này."), code="DOS-071")
        site = session.get(Site, d.site_id)
        version = d.procedure_version
        code = session.scalar(select(Procedure.code).where(Procedure.id == version.procedure_id)) or ""
        payload = receipt_payload(site, version, d, list(d.documents), code)
        # Receipts are Vietnamese paper whatever the console's language: redo the translated fields.
        payload["copy_label"] = f"{_('Liên 2: giao người nộp', lang='vi')} ({_('Bản in lại', lang='vi')})"
        if d.return_method != "post":
            payload["return_place"] = _("Quầy trả kết quả, {site}", lang="vi", site=site.name)
        job = outbox.enqueue(session, kiosk_id=kiosk.id, kind="receipt", payload=payload, dossier_id=d.id)
        audit.record(session, user=user, action="dossier.reprint", entity="dossier", entity_id=d.reference,
                     after={"print_job": job, "kiosk": kiosk.code})
        return job

    return database.run(work)


__all__ = [
    "FLAGS", "PAGE_MAX", "PAGE_SUFFIXES", "DocumentInfo", "DossierDetail", "DossierPage", "DossierQuery", "DossierRow",
    "EventInfo", "deadline_counts", "detail", "record_handover", "reprint_receipt", "reveal_id_number", "scan_pages",
    "search", "set_status", "unreachable_scans",
]
