"""Dossier submission: validate a draft, then write dossier, ticket, first status and print jobs at once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.privacy import mask_id
from core.text import sanitize
from db.calendar import to_local
from db.catalogue.service import bump_popularity
from db.engine import Database
from db.models import (
    Consent,
    DocumentRequirement,
    Dossier,
    DossierDocument,
    Kiosk,
    PrintJob,
    Procedure,
    ProcedureVersion,
    Queue,
    Site,
    SiteProcedureRule,
    StatusEvent,
    Ticket,
)
from db.numbering import new_dossier_reference
from db.services import outbox
from db.services.calendar_db import appointment_for
from db.services.queue import TicketIssue, issue_ticket

_ = translator("db")
register_catalogue(
    "db",
    {
        "Chưa có đồng ý xử lý dữ liệu cá nhân.": "Consent to process personal data is missing.",
        "Họ tên người nộp đang trống.": "The applicant's name is empty.",
        "Số định danh không hợp lệ (12 chữ số, hoặc 9 chữ số CMND).":
            "Invalid ID number (12 digits, or 9 digits for an old ID card).",
        "Số điện thoại di động không hợp lệ.": "Invalid mobile phone number.",
        "Cách nhận kết quả không hợp lệ.": "Invalid way of receiving the result.",
        "Thủ tục này không nhận trả kết quả qua bưu chính.": "This procedure does not allow return by post.",
        "Cần địa chỉ nhận kết quả qua bưu chính.": "An address is needed to receive the result by post.",
        "Không tìm thấy thủ tục hoặc thủ tục đã ngừng áp dụng.": "Procedure not found or retired.",
        "Không tìm thấy điểm phục vụ hoặc ki-ốt.": "Service point or kiosk not found.",
        "Điểm phục vụ này không tiếp nhận thủ tục này.": "This service point does not accept this procedure.",
        "Số bộ hồ sơ không hợp lệ.": "Invalid number of dossier sets.",
        "Địa chỉ thư điện tử không hợp lệ.": "Invalid email address.",
        "Giấy tờ không hợp lệ: {name}": "Invalid document: {name}",
        "Cần số điện thoại để nhận kết quả qua bưu chính.": "A phone number is needed for return by post.",
        "Không lưu được hồ sơ; chưa có gì được ghi. Vui lòng báo nhân viên.":
            "The dossier could not be saved; nothing was written. Please call staff.",
        "Miễn lệ phí": "Free of charge",
        "{amount} đồng": "{amount} VND",
        "Quầy trả kết quả, {site}": "Result counter, {site}",
        "Liên 2: giao người nộp": "Copy 2: for the applicant",
    },
)

RETURN_METHODS = ("counter", "post")
MAX_SETS = 10
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DossierError(KioskError):
    """A dossier cannot be submitted or changed; the message says why, in plain words."""

    code = "DOS-001"


def normalize_vn_mobile(text: str) -> str:
    """Normalise a Vietnamese mobile number to 10 digits (``0912345678``).

    Accepts ``+84``/``84``/``0084`` prefixes and spaces, dots, dashes and brackets between digits.

    Raises:
        DossierError: Not a 10-digit number starting with 03, 05, 07, 08 or 09 (DOS-004).
    """
    digits = re.sub(r"[\s.\-()]", "", text or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not (digits.isascii() and digits.isdigit() and len(digits) == 10 and digits[:2] in _MOBILE_PREFIXES):
        raise DossierError(_("Số điện thoại di động không hợp lệ."), code="DOS-004")
    return digits


@dataclass
class DocumentDraft:
    """One document of a draft: scanned pages and/or an original handed over at the counter.

    Attributes:
        requirement_id: The catalogue requirement it satisfies (None for an extra document).
        name: Document name as shown on the receipt.
        originals: Originals handed in.
        copies: Copies handed in.
        at_counter: The original is handed over at the counter (no or partial scan).
        pages: Page image files, all in one folder per document (purged after hand-over).
        file_hash: sha256 of the pages; computed from ``pages`` when empty.
    """

    requirement_id: int | None
    name: str
    originals: int = 1
    copies: int = 0
    at_counter: bool = False
    pages: list[Path] = field(default_factory=list)
    file_hash: str = ""


@dataclass
class DossierDraft:
    """Everything the kiosk collected for one dossier, before submission."""

    site_id: int
    kiosk_id: int | None
    procedure_code: str
    consent_id: int | None
    applicant_name: str
    applicant_id_number: str
    applicant_old_id: str = ""
    applicant_dob: date | None = None
    applicant_id_issued_on: date | None = None
    applicant_sex: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    return_method: str = "counter"
    delivery_address: str = ""
    sets_count: int = 1
    documents: list[DocumentDraft] = field(default_factory=list)
    assisting_agent_id: int | None = None
    priority_class: str | None = None
    priority_reason: str = ""


@dataclass(frozen=True)
class SubmittedDossier:
    """What the kiosk shows and prints after a successful submission."""

    dossier_id: int
    reference: str
    lookup_secret: str
    appointment_at: datetime | None
    ticket: TicketIssue
    receipt_payload: dict[str, Any]
    print_job_ids: list[int]


def _fail(message: str, code: str) -> DossierError:
    return DossierError(message, code=code)


def _issue_date(draft: DossierDraft) -> date | None:
    """The card's issue date, dropped when impossible (before birth, or in the future)."""
    issued = draft.applicant_id_issued_on
    if issued is None or issued > date.today() or (draft.applicant_dob and issued < draft.applicant_dob):
        return None
    return issued


def _clean_applicant(draft: DossierDraft) -> dict[str, Any]:
    """Validate and sanitise the applicant fields (pure)."""
    name = sanitize(draft.applicant_name or "")[:200]
    if not any(ch.isalpha() for ch in name):
        raise _fail(_("Họ tên người nộp đang trống."), "DOS-002")
    id_number = re.sub(r"\s", "", draft.applicant_id_number or "")
    old_id = re.sub(r"\s", "", draft.applicant_old_id or "")
    if not re.fullmatch(r"[0-9]{12}|[0-9]{9}", id_number) or (old_id and not re.fullmatch(r"[0-9]{9}|[0-9]{12}", old_id)):
        raise _fail(_("Số định danh không hợp lệ (12 chữ số, hoặc 9 chữ số CMND)."), "DOS-003")
    phone = normalize_vn_mobile(draft.applicant_phone) if (draft.applicant_phone or "").strip() else ""
    email = sanitize(draft.applicant_email or "")
    if email and (len(email) > 200 or not _EMAIL.match(email)):
        raise _fail(_("Địa chỉ thư điện tử không hợp lệ."), "DOS-012")
    method = draft.return_method
    if method not in RETURN_METHODS:
        raise _fail(_("Cách nhận kết quả không hợp lệ."), "DOS-005")
    delivery = sanitize(draft.delivery_address or "", keep_newlines=False)[:500] if method == "post" else ""
    if method == "post" and not delivery:
        raise _fail(_("Cần địa chỉ nhận kết quả qua bưu chính."), "DOS-007")
    if method == "post" and not phone:
        raise _fail(_("Cần số điện thoại để nhận kết quả qua bưu chính."), "DOS-014")
    if not isinstance(draft.sets_count, int) or not 1 <= draft.sets_count <= MAX_SETS:
        raise _fail(_("Số bộ hồ sơ không hợp lệ."), "DOS-011")
    sex = sanitize(draft.applicant_sex or "")
    return {
        "applicant_name": name,
        "applicant_id_number": id_number,
        "applicant_old_id": old_id,
        "applicant_dob": draft.applicant_dob,
        "applicant_id_issued_on": _issue_date(draft),
        "applicant_sex": sex if sex in ("Nam", "Nữ") else "",
        "applicant_address": sanitize(draft.applicant_address or "")[:500],
        "applicant_phone": phone,
        "applicant_email": email,
        "return_method": method,
        "delivery_address": delivery,
        "sets_count": draft.sets_count,
    }


def _hash_pages(doc: DocumentDraft) -> tuple[str | None, str]:
    """Return ``(scan folder, sha256)`` of a document's pages, checking they exist in one folder."""
    if not doc.pages:
        return None, doc.file_hash or ""
    pages = [Path(p) for p in doc.pages]
    folders = {p.resolve().parent for p in pages}
    if len(folders) != 1 or not all(p.is_file() for p in pages):
        raise _fail(_("Giấy tờ không hợp lệ: {name}", name=sanitize(doc.name)), "DOS-013")
    if doc.file_hash:
        return str(folders.pop()), doc.file_hash
    digest = hashlib.sha256()
    for page in pages:
        digest.update(page.read_bytes())
    return str(folders.pop()), digest.hexdigest()


def _current_version(session: Session, code: str) -> tuple[Procedure, ProcedureVersion]:
    proc = session.scalars(select(Procedure).where(Procedure.code == (code or "").strip())).first()
    if proc is None:
        proc = session.scalars(select(Procedure).where(Procedure.national_code == (code or "").strip())).first()
    version = None
    if proc is not None and proc.active:
        version = session.scalars(
            select(ProcedureVersion).where(
                ProcedureVersion.procedure_id == proc.id, ProcedureVersion.version_no == proc.current_version_no
            )
        ).first()
    if proc is None or version is None:
        raise _fail(_("Không tìm thấy thủ tục hoặc thủ tục đã ngừng áp dụng."), "DOS-008")
    return proc, version


def _check_context(session: Session, draft: DossierDraft, version: ProcedureVersion) -> Site:
    """Site, kiosk, consent, site acceptance and postal eligibility (reads only)."""
    site = session.get(Site, draft.site_id)
    kiosk = session.get(Kiosk, draft.kiosk_id) if draft.kiosk_id is not None else None
    if site is None or not site.active or (draft.kiosk_id is not None and (kiosk is None or kiosk.site_id != site.id)):
        raise _fail(_("Không tìm thấy điểm phục vụ hoặc ki-ốt."), "DOS-009")
    consent = session.get(Consent, draft.consent_id) if draft.consent_id is not None else None
    if consent is None or not consent.accepted or consent.site_id != site.id:
        raise _fail(_("Chưa có đồng ý xử lý dữ liệu cá nhân."), "DOS-001")
    rule = session.scalars(
        select(SiteProcedureRule).where(
            SiteProcedureRule.site_id == site.id, SiteProcedureRule.procedure_id == version.procedure_id
        )
    ).first()
    if rule is not None and not rule.accepted:
        raise _fail(_("Điểm phục vụ này không tiếp nhận thủ tục này."), "DOS-010")
    if draft.return_method == "post" and not version.postal_allowed:
        raise _fail(_("Thủ tục này không nhận trả kết quả qua bưu chính."), "DOS-006")
    return site


def _check_requirements(session: Session, docs: list[DocumentDraft], version: ProcedureVersion) -> None:
    ids = {d.requirement_id for d in docs if d.requirement_id is not None}
    if not ids:
        return
    known = set(
        session.scalars(
            select(DocumentRequirement.id).where(
                DocumentRequirement.version_id == version.id, DocumentRequirement.id.in_(ids)
            )
        )
    )
    for doc in docs:
        if doc.requirement_id is not None and doc.requirement_id not in known:
            raise _fail(_("Giấy tờ không hợp lệ: {name}", name=sanitize(doc.name)), "DOS-013")


def fee_label(version: ProcedureVersion, lang: str = "vi") -> str:
    """Fee as printed and stored: ``Miễn lệ phí``, ``50.000 đồng`` or the version's fee rule text.

    Vietnamese by default whatever the screen language: it is stored on the dossier and printed on Mẫu 01.
    The wording is ``core.fees.fee_label``'s, the same as on the kiosk's screens and in the console.
    """
    from core.fees import fee_label as label

    return sanitize(label(version.fee_vnd, version.fee_text or "", lang=lang))


def _place(address: str) -> str:
    """Province/city for the receipt's "place, date" line: the last part of the site address."""
    parts = [p.strip() for p in (address or "").split(",") if p.strip()]
    return parts[-1] if parts else ""


def receipt_payload(
    site: Site, version: ProcedureVersion, dossier: Dossier, docs: list[DossierDocument], code: str
) -> dict[str, Any]:
    """The receipt (Mẫu 01) print payload exactly as in docs/CONTRACTS.md; the ID number is masked.

    The receipt is Vietnamese paper (a legal form) even when the citizen switched the kiosk to English.
    The QR carries the site's public look-up URL when one is set (``dossier_lookup.receipt_qr_text``).
    """
    from db.services.dossier_lookup import receipt_qr_text  # here: dossier_lookup → dossier_flow → this module

    due = dossier.due_at
    return {
        "unit_name": site.name,
        "site_name": site.name,
        "site_address": site.address,
        "place": _place(site.address),
        "reference": dossier.reference,
        "lookup_secret": dossier.lookup_secret,
        "applicant": {
            "name": dossier.applicant_name,
            "id_masked": mask_id(dossier.applicant_id_number),
            "address": dossier.applicant_address,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
        },
        "procedure": {"code": code, "name": version.name, "agency": version.agency},
        "documents": [
            {"name": d.name, "originals": d.originals, "copies": d.copies, "at_counter": d.at_counter,
             "pages": d.page_count}
            for d in docs
        ],
        "sets": dossier.sets_count,
        "processing_days": version.processing_days,
        "received_at": to_local(dossier.received_at).isoformat(timespec="seconds"),
        "appointment_at": to_local(due).isoformat(timespec="seconds") if due else None,
        "return_method": dossier.return_method,
        "return_place": dossier.delivery_address
        if dossier.return_method == "post"
        else _("Quầy trả kết quả, {site}", lang="vi", site=site.name),
        "fee": dossier.fee_text,
        "hotline": site.hotline,
        "qr": receipt_qr_text(dossier.reference, dossier.lookup_secret, site.public_lookup_url),
        "copy_label": _("Liên 2: giao người nộp", lang="vi"),
    }


def _already_submitted(session: Session, consent_id: int | None) -> SubmittedDossier | None:
    """The dossier this consent already produced, as the submission returned it (None: not submitted).

    One consent is given for one submission, so its id is the submission's idempotency key: a retry
    after a COMMIT whose outcome was lost finds the saved dossier instead of making a second one.
    """
    if consent_id is None:
        return None
    dossier = session.scalars(select(Dossier).where(Dossier.consent_id == consent_id).order_by(Dossier.id)).first()
    if dossier is None:
        return None
    from db.services.queue_ahead import people_ahead  # noqa: PLC0415 - only on the rare retry path

    jobs = session.scalars(select(PrintJob).where(PrintJob.dossier_id == dossier.id).order_by(PrintJob.id)).all()
    ticket_row = session.get(Ticket, dossier.ticket_id) if dossier.ticket_id is not None else None
    ticket = None
    if ticket_row is not None:
        queue = session.get(Queue, ticket_row.queue_id)
        ticket = TicketIssue(ticket_row.id, ticket_row.number, ticket_row.queue_id, queue.name if queue else "",
                             queue.counter_group if queue else "", ticket_row.issued_at, ticket_row.business_day,
                             people_ahead(session, ticket_row.id),
                             next((j.payload for j in jobs if j.kind == "ticket"), {}))
    receipt = next((j.payload for j in jobs if j.kind == "receipt"), {})
    due = dossier.due_at
    return SubmittedDossier(dossier.id, dossier.reference, dossier.lookup_secret, due and to_local(due), ticket,
                            receipt, [j.id for j in jobs])


def find_submission(database: Database, consent_id: int) -> SubmittedDossier | None:
    """Whether the submission made under ``consent_id`` was saved (after a COMMIT in doubt).

    Raises:
        DatabaseUnavailable: The database still cannot be reached (the outcome stays unknown).
    """
    return database.run(lambda session: _already_submitted(session, consent_id), read_only=True)


def _write(session: Session, draft: DossierDraft, fields: dict[str, Any], scans: list, now: datetime) -> SubmittedDossier:
    """All writes of a submission, in the caller's transaction (a repeat of a saved one writes nothing)."""
    saved = _already_submitted(session, draft.consent_id)
    if saved is not None:
        return saved
    proc, version = _current_version(session, draft.procedure_code)
    site = _check_context(session, draft, version)
    _check_requirements(session, draft.documents, version)
    appointment = appointment_for(session, site.id, version, now)
    reference, secret = new_dossier_reference(session, site.unit_code, now)
    ticket = issue_ticket(
        session, site_id=site.id, field=version.field, kiosk_id=draft.kiosk_id,
        priority_class=draft.priority_class, priority_reason=draft.priority_reason, now=now,
    )
    dossier = Dossier(
        reference=reference, lookup_secret=secret, site_id=site.id, kiosk_id=draft.kiosk_id,
        procedure_version_id=version.id, ticket_id=ticket.ticket_id, consent_id=draft.consent_id,
        assisting_agent_id=draft.assisting_agent_id, fee_text=fee_label(version), status="received",
        received_at=now, due_at=appointment, **fields,
    )
    session.add(dossier)
    session.flush()
    docs = []
    for pos, (doc, (folder, digest)) in enumerate(zip(draft.documents, scans), start=1):
        docs.append(DossierDocument(
            dossier_id=dossier.id, requirement_id=doc.requirement_id, position=pos, name=sanitize(doc.name)[:500],
            originals=max(0, int(doc.originals)), copies=max(0, int(doc.copies)), at_counter=bool(doc.at_counter),
            page_count=len(doc.pages), scan_path=folder, file_hash=digest,
        ))
    session.add_all(docs)
    actor = f"kiosk:{draft.kiosk_id}" if draft.kiosk_id is not None else "counter"
    if draft.assisting_agent_id is not None:
        actor += f"/agent:{draft.assisting_agent_id}"
    session.add(StatusEvent(dossier_id=dossier.id, from_status=None, status="received", at=now, actor=actor))
    bump_popularity(session, proc.id)
    session.flush()
    payload = receipt_payload(site, version, dossier, docs, proc.code)
    jobs = []
    if draft.kiosk_id is not None:
        jobs.append(outbox.enqueue(session, kiosk_id=draft.kiosk_id, kind="ticket", payload=ticket.payload,
                                   ticket_id=ticket.ticket_id, dossier_id=dossier.id))
        jobs.append(outbox.enqueue(session, kiosk_id=draft.kiosk_id, kind="receipt", payload=payload,
                                   dossier_id=dossier.id, ticket_id=ticket.ticket_id))
    return SubmittedDossier(dossier.id, reference, secret, appointment and to_local(appointment), ticket,
                            payload, jobs)


def submit_dossier(database: Database, draft: DossierDraft, *, now: datetime) -> SubmittedDossier:
    """Submit a dossier: one transaction writes the dossier (current procedure version), its documents,
    the queue ticket, the first status event (``received``) and two print jobs (ticket, receipt).

    Validation happens before any write; any failure rolls everything back (no number is used up).
    Site unit code, names and hours come from the Site row.

    Args:
        database: The database.
        draft: What the kiosk collected.
        now: Receipt time (timezone-aware).

    Raises:
        DossierError: Invalid draft (DOS-001..014) or the rows could not be written (DOS-020).
        DatabaseUnavailable: The database is unreachable or stayed locked.
    """
    to_local(now)  # rejects a naive time before anything else
    fields = _clean_applicant(draft)
    scans = [_hash_pages(doc) for doc in draft.documents]
    try:
        return database.run(lambda session: _write(session, draft, fields, scans, now))
    except IntegrityError as exc:
        raise _fail(_("Không lưu được hồ sơ; chưa có gì được ghi. Vui lòng báo nhân viên."), "DOS-020") from exc
