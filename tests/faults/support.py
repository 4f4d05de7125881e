"""Shared pieces of the fault tests: a kiosk-like submission, the integrity audit, and the fault table.

The submission is built the way the kiosk builds it (``kiosk.submission.submit`` over a
``CitizenSession`` with a recorded consent, a read ID card and a scanned first page), so a fault
test exercises the product's own submit path, not a shortcut.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter as Tally
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from core.settings import Settings
from db.engine import Database
from db.models import Dossier, DossierDocument, Kiosk, PrintJob, Procedure, Site, StatusEvent, Ticket

#: 09:00 on Friday 20 November 2026 in Hà Nội: the "now" of every fault test (one business day).
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
#: A consistent CCCD payload (male, born 1990, Hà Nội code 001).
GOOD_ID = "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|15042021"
#: Đăng ký khai sinh: a checklist with several documents, as the kiosk tests use.
PROCEDURE = "1.001193"
#: A valid 1x1 grey PNG: what a captured page file looks like to the submit path (hashed, never decoded).
PAGE_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c63f80f00000101000518d84e0000000049454e44ae426082"
)


# --- the kiosk's place and a citizen session ----------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """The seeded site and kiosk."""

    site_id: int
    kiosk_id: int


def place_of(database: Database) -> Place:
    """Ids of the seeded site (BD-HN-001) and its first kiosk."""
    with database.read_session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        kiosk = s.scalars(select(Kiosk).where(Kiosk.site_id == site.id).order_by(Kiosk.id)).first()
        return Place(site.id, kiosk.id)


def kiosk_context(database: Database, data_dir: Path, printer_url: str = "tcp://127.0.0.1:9", **changes: Any):
    """A ``KioskContext`` like ``make_app`` builds (fixed clock, files under ``data_dir``)."""
    from kiosk.context import KioskContext

    settings = Settings(data_dir=data_dir, database_url=database.url, heartbeat_interval_s=3600)
    if changes:
        settings = settings.with_(**changes)
    where = place_of(database)
    return KioskContext(settings=settings, database=database, site_id=where.site_id, kiosk_id=where.kiosk_id,
                        printer_url=printer_url, clock=lambda: NOW, jobs_dir=str(Path(data_dir) / "print-jobs"))


def checklist(database: Database, code: str = PROCEDURE) -> list[tuple[int, str, int, int, bool]]:
    """``(requirement id, name, originals, copies, required)`` of the procedure's current checklist."""
    with database.read_session() as s:
        proc = s.scalars(select(Procedure).where(Procedure.code == code)).one()
        return [(r.id, r.name, r.originals, r.copies, r.required) for r in proc.versions[-1].documents]


def record_consent(ctx: Any) -> int:
    """The consent step: one accepted consent row (the submission's idempotency key)."""
    from db.services.feedback import record_consent as record
    from kiosk.screens.consent import TEXT_VERSION

    return record(ctx.database, site_id=ctx.site_id, kiosk_id=ctx.kiosk_id, purpose="dossier_submission",
                  text_version=TEXT_VERSION, accepted=True, now=NOW)


def scan_page(scans_dir: Path) -> Path:
    """A captured page where the kiosk puts it: ``scans_dir/s-<random>/doc-1/page-1.png``."""
    folder = Path(scans_dir) / f"s-{uuid.uuid4().hex[:12]}" / "doc-1"
    folder.mkdir(parents=True)
    page = folder / "page-1.png"
    page.write_bytes(PAGE_BYTES)
    return page


def citizen_session(consent_id: int, documents: list[tuple[int, str, int, int, bool]], page: Path | None = None):
    """A ``CitizenSession`` at the review step: consent, card, phone, the first document scanned (if ``page``)."""
    from devices.idcard import parse_id_payload
    from kiosk.state import CapturedDocument, CitizenSession

    docs = []
    for i, (req_id, name, originals, copies, required) in enumerate(documents):
        scanned = page is not None and i == 0
        docs.append(CapturedDocument(requirement_id=req_id, name=name, originals=originals, copies=copies,
                                     required=required, pages=[page] if scanned else [], at_counter=not scanned))
    return CitizenSession(procedure_code=PROCEDURE, consent_id=consent_id,
                          id_card=parse_id_payload(GOOD_ID, today=NOW.date()), phone="0912345678", documents=docs)


# --- what must hold after any fault -----------------------------------------------------------------------


@dataclass
class Integrity:
    """Counts of everything that must be zero after a fault (plus the totals, for the report)."""

    dossiers: int = 0
    tickets: int = 0
    jobs: int = 0
    duplicate_consents: int = 0  # consents that produced more than one dossier
    partial_dossiers: list[str] = field(default_factory=list)  # dossier refs missing a part, with what
    tickets_without_dossier: int = 0
    jobs_without_dossier: int = 0
    duplicate_jobs: int = 0  # more than one ticket or receipt job written for one dossier
    reference_gaps: int = 0
    reference_duplicates: int = 0
    number_gaps: int = 0
    number_duplicates: int = 0

    @property
    def problems(self) -> dict[str, Any]:
        """The non-zero findings (empty when the data is whole)."""
        keys = ("duplicate_consents", "partial_dossiers", "tickets_without_dossier", "jobs_without_dossier",
                "duplicate_jobs", "reference_gaps", "reference_duplicates", "number_gaps", "number_duplicates")
        return {k: getattr(self, k) for k in keys if getattr(self, k)}


def _gaps_and_duplicates(seqs: list[int]) -> tuple[int, int]:
    """Missing numbers in 1..max and numbers used twice."""
    tally = Tally(seqs)
    dups = sum(n - 1 for n in tally.values() if n > 1)
    gaps = (max(seqs) - len(tally)) if seqs else 0
    return gaps, dups


_REF_SEQ = re.compile(r"-(\d{6})-(\d+)$")


def audit(database: Database, *, expect_pages: bool = True) -> Integrity:
    """Read every dossier, ticket and print job and count what a fault must never leave behind.

    A whole submission is: the dossier, all its documents (the first with its scan folder when
    ``expect_pages``), its ``received`` status event, its ticket, and exactly one ticket job and one
    receipt job. Every ticket written belongs to a dossier (these tests issue tickets only by
    submitting), every job to a dossier. References (per day) and ticket numbers (per queue and day)
    run 1..n without gaps or repeats.
    """
    out = Integrity()
    with database.read_session() as s:
        dossiers = s.scalars(select(Dossier).order_by(Dossier.id)).all()
        docs = defaultdict(list)
        for d in s.scalars(select(DossierDocument)):
            docs[d.dossier_id].append(d)
        events = Tally(s.scalars(select(StatusEvent.dossier_id).where(StatusEvent.status == "received")))
        tickets = s.scalars(select(Ticket)).all()
        jobs = s.scalars(select(PrintJob)).all()
        out.dossiers, out.tickets, out.jobs = len(dossiers), len(tickets), len(jobs)
        per_consent = Tally(d.consent_id for d in dossiers if d.consent_id is not None)
        out.duplicate_consents = sum(1 for n in per_consent.values() if n > 1)
        jobs_of = defaultdict(Tally)
        for j in jobs:
            if j.dossier_id is None:
                out.jobs_without_dossier += 1
            else:
                jobs_of[j.dossier_id][j.kind] += 1
        ticket_ids = {t.id for t in tickets}
        for d in dossiers:
            missing = []
            mine = docs.get(d.id, [])
            if not mine:
                missing.append("documents")
            elif expect_pages and not any(x.scan_path and x.page_count for x in mine):
                missing.append("scan")
            if events[d.id] != 1:
                missing.append(f"received events={events[d.id]}")
            if d.ticket_id is None or d.ticket_id not in ticket_ids:
                missing.append("ticket")
            kinds = jobs_of.get(d.id, Tally())
            if d.kiosk_id is not None and (kinds["ticket"] < 1 or kinds["receipt"] < 1):
                missing.append(f"jobs={dict(kinds)}")
            out.duplicate_jobs += max(0, kinds["ticket"] - 1) + max(0, kinds["receipt"] - 1)
            if missing:
                out.partial_dossiers.append(f"{d.reference}: {', '.join(missing)}")
        used = {d.ticket_id for d in dossiers}
        out.tickets_without_dossier = sum(1 for t in tickets if t.id not in used)
        refs = defaultdict(list)
        for d in dossiers:
            m = _REF_SEQ.search(d.reference)
            refs[m.group(1) if m else d.reference].append(int(m.group(2)) if m else 0)
        for seqs in refs.values():
            gaps, dups = _gaps_and_duplicates(seqs)
            out.reference_gaps += gaps
            out.reference_duplicates += dups
        numbers = defaultdict(list)
        for t in tickets:
            numbers[(t.queue_id, t.business_day)].append(t.seq)
        for seqs in numbers.values():
            gaps, dups = _gaps_and_duplicates(seqs)
            out.number_gaps += gaps
            out.number_duplicates += dups
    return out


def dossier_count(database: Database) -> int:
    """How many dossiers are stored."""
    with database.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(Dossier)) or 0)


def scan_folders(scans_dir: Path) -> set[Path]:
    """The session folders (``s-<random>``) under the scans folder."""
    root = Path(scans_dir)
    return {p.resolve() for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()


def referenced_folders(database: Database, scans_dir: Path) -> set[Path]:
    """The session folders some dossier document refers to."""
    root = Path(scans_dir).resolve()
    with database.read_session() as s:
        paths = [Path(p).resolve() for p in s.scalars(
            select(DossierDocument.scan_path).where(DossierDocument.scan_path.is_not(None)))]
    out = set()
    for p in paths:
        if root in p.parents:
            out.add(root / p.relative_to(root).parts[0])
    return out


# --- the fault table ---------------------------------------------------------------------------------------


@dataclass
class FaultRow:
    """One fault's counts: how often it was injected, handled as promised, and what was lost or duplicated."""

    fault: str
    injected: int = 0
    handled: int = 0
    lost: int = 0
    duplicated: int = 0
    note: str = ""
    notes: list[str] = field(default_factory=list)  # the distinct notes, joined sorted into ``note``
    details: list[str] = field(default_factory=list)  # timing-dependent diagnostics, printed under the table


#: Rows recorded by this process (the pytest hooks in conftest.py gather them from xdist workers too).
ROWS: dict[str, FaultRow] = {}


def record(fault: str, *, injected: int, handled: int, lost: int = 0, duplicated: int = 0, note: str = "",
           details: str = "") -> FaultRow:
    """Add one fault's counts to the table (a fault recorded twice adds up).

    ``note`` is part of the table (keep it reproducible); ``details`` (attempts, timings: whatever
    depends on the machine's timing) is printed under it.
    """
    row = ROWS.setdefault(fault, FaultRow(fault))
    row.injected += injected
    row.handled += handled
    row.lost += lost
    row.duplicated += duplicated
    if note and note not in row.notes:
        row.notes.append(note)
        row.note = "; ".join(sorted(row.notes))
    if details:
        row.details.append(details)
    return row


def rows_json(rows: dict[str, FaultRow] | None = None) -> str:
    """The table as JSON (what xdist workers send to the controller)."""
    return json.dumps([asdict(r) for r in (ROWS if rows is None else rows).values()], ensure_ascii=False)


def merge_json(text: str) -> None:
    """Add rows sent by a worker."""
    for item in json.loads(text or "[]"):
        record(item["fault"], injected=item["injected"], handled=item["handled"], lost=item["lost"],
               duplicated=item["duplicated"])
        for note in item.get("notes", []):
            record(item["fault"], injected=0, handled=0, note=note)
        ROWS[item["fault"]].details.extend(item.get("details", []))


def format_table(rows: dict[str, FaultRow] | None = None) -> list[str]:
    """The fault table as text lines (fault, injected, handled, lost, duplicated, note)."""
    rows = ROWS if rows is None else rows
    if not rows:
        return []
    width = max(len("fault"), *(len(r.fault) for r in rows.values()))
    head = f"{'fault':<{width}}  injected  handled  lost  duplicated  note"
    lines = [head, "-" * len(head)]
    for r in sorted(rows.values(), key=lambda r: r.fault):
        lines.append(f"{r.fault:<{width}}  {r.injected:>8}  {r.handled:>7}  {r.lost:>4}  {r.duplicated:>10}  {r.note}")
    details = [f"  {r.fault}: {d}" for r in sorted(rows.values(), key=lambda r: r.fault) for d in r.details]
    if details:
        lines += ["details (depend on timing):", *details]
    return lines
