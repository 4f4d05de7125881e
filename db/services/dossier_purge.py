"""Personal data past its purpose: a dossier's scans, hand-over PDF, printed receipt payloads and printer
images, at hand-over (after the site's scan retention), for dossiers closed without hand-over (withdrawn,
rejected, returned) on their own schedule, and by age.

:func:`purge_plan` says what a run would remove (counts only, for ``kiosk-admin purge --dry-run``);
:func:`purge_personal_files` removes it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.i18n import register_catalogue, translator
from core.settings import Settings
from db.calendar import to_local
from db.engine import Database
from db.models import Dossier, DossierDocument, PrintJob, Site, StatusEvent
from db.services.dossier_flow import REJECTED, RETURNED, WITHDRAWN, _fail, load_dossier

_ = translator("db")
log = logging.getLogger(__name__)

register_catalogue("db", {
    "Hồ sơ chưa được bàn giao; chưa thể xoá bản quét.":
        "The dossier has not been handed over; its scans cannot be deleted yet.",
})

#: Folder (under ``data_dir``) where the console writes hand-over PDFs, one ``<reference>.pdf`` per dossier.
HANDOVER_FOLDER = "handover"
#: Dossiers whose life ended without a hand-over; their scans go ``closed_scan_retention_days`` after it ended.
CLOSED_STATUSES = frozenset({WITHDRAWN, REJECTED, RETURNED})
#: Receipt payload fields that name, reach or identify the applicant (blanked once the purpose is over).
PERSONAL_PAYLOAD_FIELDS = ("name", "id_masked", "address", "phone", "email")
#: Print jobs whose payload is final (a pending or sending job still has to be printed as it is).
FINISHED_JOB_STATES = ("done", "failed", "maybe_printed")  # maybe_printed: held for staff, payload final


def handover_dir(settings: Settings) -> Path:
    """Folder of the hand-over PDFs of this install (``data_dir/handover``)."""
    return Path(settings.data_dir) / HANDOVER_FOLDER


def handover_pdf_path(folder: Path | str, reference: str) -> Path:
    """Where the hand-over PDF of dossier ``reference`` lives in ``folder``.

    Raises:
        ValueError: a reference that is not a plain file name (it would point outside the folder).
    """
    name = f"{reference}.pdf"
    if not reference or Path(name).name != name or name.startswith("."):
        raise ValueError("reference is not a plain file name")
    return Path(folder) / name


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


def _delete_file(path: Path) -> bool:
    """Shred a regular file, or just remove a link (never write zeros through it); True when something went."""
    if path.is_symlink():
        path.unlink(missing_ok=True)
        return True
    if path.is_file():
        _shred(path)
        return True
    return False


def _delete_scan(scan_path: str) -> None:
    """Delete a document's scan folder (the page files directly in it) or single scan file."""
    path = Path(scan_path)
    if _delete_file(path):
        return
    if path.is_dir():
        for child in path.iterdir():
            if child.is_file() and not child.is_symlink():
                _shred(child)
        try:
            path.rmdir()
        except OSError:
            pass  # something else lives there: leave the folder


def _delete_handover_pdf(folder: Path | str | None, reference: str) -> int:
    """Shred the dossier's hand-over PDF in ``folder``; 1 when it was there (crash leftovers go by age)."""
    if folder is None:
        return 0
    try:
        pdf = handover_pdf_path(folder, reference)
    except ValueError:
        return 0
    return int(_delete_file(pdf))


def purge_scans(database: Database, dossier_id: int, *, now: datetime,
                handover_folder: Path | str | None = None, jobs_dir: Path | str | None = None) -> int:
    """Delete a handed-over dossier's scan files (and its hand-over PDF), keeping reference, hashes and times.

    The personal fields of its finished receipt print jobs are blanked in the same run, and with
    ``jobs_dir`` its receipt images there (virtual printer) are shredded too.

    Args:
        database: The database.
        dossier_id: The dossier.
        now: Time recorded as ``purged_at``.
        handover_folder: Folder of the hand-over PDFs (:func:`handover_dir`); the dossier's PDF there is
            shredded too, since it holds the same pages. None leaves PDFs alone.
        jobs_dir: Folder of stored print jobs (``Settings.jobs_dir``); None leaves printer images alone.

    Returns:
        Number of documents whose scans were purged.

    Raises:
        DossierError: Unknown dossier (DOS-034) or not handed over yet (DOS-040).
    """
    return _purge_dossier(database, dossier_id, now=now, handover_folder=handover_folder, jobs_dir=jobs_dir,
                          closed=False)


def _purge_dossier(database: Database, dossier_id: int, *, now: datetime, handover_folder: Path | str | None,
                   jobs_dir: Path | str | None, closed: bool, tally: dict[str, int] | None = None) -> int:
    """Purge one dossier handed over (``closed=False``) or closed without hand-over (``closed=True``); what
    went besides the scans is added to ``tally`` (``payloads``, ``images``)."""
    tally = {} if tally is None else tally
    to_local(now)

    def work(session: Session) -> tuple[str, list[tuple[int, str]]]:
        dossier = load_dossier(session, dossier_id)
        if dossier.handed_over_at is None and not (closed and dossier.status in CLOSED_STATUSES):
            raise _fail(_("Hồ sơ chưa được bàn giao; chưa thể xoá bản quét."), "DOS-040")
        return dossier.reference, [(d.id, d.scan_path) for d in dossier.documents if d.scan_path]

    reference, targets = database.run(work, read_only=True)
    for _id, scan_path in targets:
        _delete_scan(scan_path)
    _delete_handover_pdf(handover_folder, reference)
    if jobs_dir is not None:
        images = purge_print_images(jobs_dir, now=now, retention_days=None, references=[reference])
        tally["images"] = tally.get("images", 0) + images

    def mark(session: Session) -> int:
        for doc_id, _path in targets:
            doc = session.get(DossierDocument, doc_id)
            if doc is not None:
                doc.scan_path, doc.purged_at = None, now
        return len(targets), _blank_payloads(session, _payload_jobs(session, dossier_ids=[dossier_id]))

    documents, payloads = database.run(mark)
    tally["payloads"] = tally.get("payloads", 0) + payloads
    return documents


def purge_due_scans(database: Database, *, now: datetime, handover_folder: Path | str | None = None,
                    jobs_dir: Path | str | None = None, tally: dict[str, int] | None = None) -> int:
    """Purge the scans (and hand-over PDFs) of every handed-over dossier whose site's retention has passed.

    Meant for a periodic job (kiosk idle loop or admin console). Returns the number of dossiers purged.
    """
    due = database.run(lambda session: _due_handed_over(session, now), read_only=True)
    for dossier_id in due:
        _purge_dossier(database, dossier_id, now=now, handover_folder=handover_folder, jobs_dir=jobs_dir,
                       closed=False, tally=tally)
    return len(due)


def purge_closed_scans(database: Database, *, now: datetime, retention_days: int,
                       handover_folder: Path | str | None = None, jobs_dir: Path | str | None = None,
                       tally: dict[str, int] | None = None) -> int:
    """Purge the scans of dossiers closed without hand-over (:data:`CLOSED_STATUSES`) ``retention_days`` after
    they closed (the time of the status event that closed them). Returns the number of dossiers purged."""
    due = database.run(lambda session: _due_closed(session, now, retention_days), read_only=True)
    for dossier_id in due:
        _purge_dossier(database, dossier_id, now=now, handover_folder=handover_folder, jobs_dir=jobs_dir,
                       closed=True, tally=tally)
    return len(due)


def _with_scans(stmt: Any) -> Any:
    return stmt.join(DossierDocument, DossierDocument.dossier_id == Dossier.id).where(
        DossierDocument.scan_path.is_not(None)).distinct()


def _due_handed_over(session: Session, now: datetime) -> list[int]:
    """Handed-over dossiers that still have scans and whose site's scan retention has passed."""
    to_local(now)
    rows = session.execute(_with_scans(
        select(Dossier.id, Dossier.handed_over_at, Site.scan_retention_days)
        .join(Site, Site.id == Dossier.site_id)
        .where(Dossier.handed_over_at.is_not(None)))).all()
    return sorted(i for i, at, days in rows if at + timedelta(days=max(0, days or 0)) <= now)


def _due_closed(session: Session, now: datetime, retention_days: int) -> list[int]:
    """Dossiers closed without hand-over, with scans, closed at least ``retention_days`` ago."""
    to_local(now)
    rows = session.execute(_with_scans(
        select(Dossier.id, Dossier.status, Dossier.received_at)
        .where(Dossier.handed_over_at.is_(None), Dossier.status.in_(CLOSED_STATUSES)))).all()
    if not rows:
        return []
    closed_at = dict(session.execute(
        select(StatusEvent.dossier_id, func.max(StatusEvent.at))
        .join(Dossier, Dossier.id == StatusEvent.dossier_id)
        .where(StatusEvent.dossier_id.in_([r[0] for r in rows]), StatusEvent.status == Dossier.status)
        .group_by(StatusEvent.dossier_id)).all())
    cutoff = now - timedelta(days=max(0, retention_days))
    return sorted(i for i, _status, received in rows if (closed_at.get(i) or received) <= cutoff)


def purge_old_handover_files(folder: Path | str, *, now: datetime, retention_days: int) -> int:
    """Shred every file in the hand-over folder last written more than ``retention_days`` ago.

    The folder holds nothing but hand-over PDFs (and half-written copies of them); whatever dossier
    they belong to, they are personal data and do not stay longer than the retention period.

    Returns:
        Number of files removed.
    """
    return sum(_delete_file(path) for path in _old_handover_files(folder, now=now, retention_days=retention_days))


# --- Print jobs: payloads in the outbox, images of the virtual printer ---------------------------------------


def _payload_jobs(session: Session, *, dossier_ids: Iterable[int] = (), older_than: datetime | None = None) -> list[int]:
    """Finished receipt jobs that still carry personal fields: of ``dossier_ids``, or created before ``older_than``."""
    ids = list(dossier_ids)
    if not ids and older_than is None:
        return []
    stmt = select(PrintJob.id, PrintJob.payload).where(PrintJob.kind == "receipt",
                                                       PrintJob.state.in_(FINISHED_JOB_STATES))
    stmt = stmt.where(PrintJob.dossier_id.in_(ids)) if ids else stmt.where(PrintJob.created_at <= older_than)
    return [job_id for job_id, payload in session.execute(stmt) if _has_personal_fields(payload)]


def _has_personal_fields(payload: Any) -> bool:
    if not isinstance(payload, dict):
        return False
    applicant = payload.get("applicant")
    personal = any(applicant.get(k) for k in PERSONAL_PAYLOAD_FIELDS) if isinstance(applicant, dict) else False
    return personal or bool(payload.get("lookup_secret")) or (
        payload.get("return_method") == "post" and bool(payload.get("return_place")))


def blank_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """A receipt payload without the applicant's name, ID, address, phone, e-mail, delivery address and
    look-up secret (the reference, procedure, documents and dates stay: they are the dossier's, not the person's)."""
    out = dict(payload)
    applicant = out.get("applicant")
    if isinstance(applicant, dict):
        out["applicant"] = {**applicant, **{k: "" for k in PERSONAL_PAYLOAD_FIELDS if k in applicant}}
    if out.get("return_method") == "post":
        out["return_place"] = ""
    for key in ("lookup_secret", "qr"):
        if key in out:
            out[key] = ""
    out["personal_data_purged"] = True
    return out


def _blank_payloads(session: Session, job_ids: list[int]) -> int:
    for job_id in job_ids:
        job = session.get(PrintJob, job_id)
        if job is not None:
            job.payload = blank_payload(job.payload or {})
    return len(job_ids)


def purge_print_payloads(database: Database, *, now: datetime, retention_days: int) -> int:
    """Blank the personal fields of finished receipt jobs created more than ``retention_days`` ago."""
    cutoff = now - timedelta(days=max(0, retention_days))
    return database.run(lambda session: _blank_payloads(session, _payload_jobs(session, older_than=cutoff)))


def _job_files(jobs_dir: Path | str) -> dict[str, list[Path]]:
    """The virtual printer's ``job-NNNN.bin`` / ``.png`` (and half-written copies) by stem."""
    root = Path(jobs_dir)
    found: dict[str, list[Path]] = {}
    if not root.is_dir():
        return found
    for path in root.iterdir():
        if path.name.startswith("job-") and path.is_file() and not path.is_symlink():
            found.setdefault(path.name.split(".", 1)[0], []).append(path)
    return found


def _print_image_targets(jobs_dir: Path | str, *, now: datetime, retention_days: int | None,
                         references: Iterable[str] = ()) -> list[Path]:
    """Job files last written more than ``retention_days`` ago (None: no age rule), and those of jobs whose
    bytes carry one of ``references`` (a receipt's QR holds its reference as text)."""
    needles = [r.encode("ascii", "ignore") for r in references if r]
    cutoff = None if retention_days is None else (now - timedelta(days=max(0, retention_days))).timestamp()
    targets: list[Path] = []
    for _stem, paths in sorted(_job_files(jobs_dir).items()):
        try:
            old = cutoff is not None and min(p.lstat().st_mtime for p in paths) <= cutoff
        except OSError:
            continue
        if not old and needles:
            old = any(_holds_any(p, needles) for p in paths if p.suffix == ".bin")
        if old:
            targets.extend(paths)
    return targets


def _holds_any(path: Path, needles: list[bytes]) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return any(n in data for n in needles)


def purge_print_images(jobs_dir: Path | str, *, now: datetime, retention_days: int | None,
                       references: Iterable[str] = ()) -> int:
    """Shred the virtual printer's stored jobs (bytes and picture: a receipt shows name, phone, address)
    older than ``retention_days`` and those of the given dossier ``references``; returns the files removed."""
    return sum(_delete_file(p) for p in _print_image_targets(jobs_dir, now=now, retention_days=retention_days,
                                                               references=references))


# --- Retention runs -----------------------------------------------------------------------------------


def _old_handover_files(folder: Path | str, *, now: datetime, retention_days: int) -> list[Path]:
    root = Path(folder)
    if not root.is_dir():
        return []
    cutoff = (now - timedelta(days=max(0, retention_days))).timestamp()
    old = []
    for path in root.iterdir():
        try:
            if path.lstat().st_mtime <= cutoff and not path.is_dir():
                old.append(path)
        except OSError:
            continue
    return old


@dataclass(frozen=True)
class PurgeReport:
    """What one maintenance run removed (counts only: no names, references or ID numbers)."""

    dossiers: int
    handover_files: int
    closed_dossiers: int = 0
    print_payloads: int = 0
    print_images: int = 0

    def as_dict(self) -> dict[str, int]:
        """The ``kiosk-admin purge --json`` shape."""
        return {"dossiers_purged": self.dossiers, "handover_files_purged": self.handover_files,
                "closed_dossiers_purged": self.closed_dossiers, "print_payloads_blanked": self.print_payloads,
                "print_images_purged": self.print_images}


@dataclass(frozen=True)
class PurgePlan:
    """What :func:`purge_personal_files` would remove now (counts only; ``kiosk-admin purge --dry-run``).

    Attributes:
        handed_over_dossiers: Handed-over dossiers past their site's scan retention that still have scans.
        closed_dossiers: Dossiers withdrawn, rejected or returned without hand-over, closed longer than
            ``closed_scan_retention_days``, that still have scans.
        scan_documents: Documents whose scan folders would go (of both kinds of dossier).
        handover_files: Hand-over PDFs that would go (of those dossiers, or older than the setting).
        print_payloads: Finished receipt jobs whose personal fields would be blanked.
        print_images: Stored printer files (bytes and pictures) in ``print-jobs`` that would go.
        at: The time the plan was made for.
        retention: The retention settings used (days).
    """

    handed_over_dossiers: int
    closed_dossiers: int
    scan_documents: int
    handover_files: int
    print_payloads: int
    print_images: int
    at: datetime
    retention: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when nothing would be removed."""
        return not (self.handed_over_dossiers or self.closed_dossiers or self.handover_files
                    or self.print_payloads or self.print_images)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready counts (no reference, name or path)."""
        return {"dry_run": True, "at": self.at.isoformat(timespec="seconds"),
                "handed_over_dossiers": self.handed_over_dossiers, "closed_dossiers": self.closed_dossiers,
                "scan_documents": self.scan_documents, "handover_files": self.handover_files,
                "print_payloads": self.print_payloads, "print_images": self.print_images,
                "retention_days": dict(self.retention)}

    def to_json(self) -> str:
        """One line of JSON: :meth:`as_dict`."""
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=False)


def _retention(settings: Settings) -> dict[str, int]:
    return {"handover": settings.handover_retention_days, "closed_scans": settings.closed_scan_retention_days,
            "print": settings.print_retention_days}


def purge_plan(database: Database, settings: Settings, now: datetime) -> PurgePlan:
    """Say what :func:`purge_personal_files` would remove at ``now``, removing nothing.

    Reads the database (one read transaction) and lists the hand-over and print-job folders; the
    virtual printer's job bytes are read only to find the receipts of dossiers that would be purged.
    """
    to_local(now)
    cutoff = now - timedelta(days=max(0, settings.print_retention_days))

    def work(session: Session) -> tuple[list[int], list[int], int, list[str], int]:
        handed = _due_handed_over(session, now)
        closed = _due_closed(session, now, settings.closed_scan_retention_days)
        ids = handed + closed
        documents = session.scalar(select(func.count(DossierDocument.id)).where(
            DossierDocument.dossier_id.in_(ids), DossierDocument.scan_path.is_not(None))) if ids else 0
        references = list(session.scalars(select(Dossier.reference).where(Dossier.id.in_(ids)))) if ids else []
        payloads = set(_payload_jobs(session, dossier_ids=ids)) | set(_payload_jobs(session, older_than=cutoff))
        return handed, closed, int(documents or 0), references, len(payloads)

    handed, closed, documents, references, payloads = database.run(work, read_only=True)
    folder = handover_dir(settings)
    pdfs = set(_old_handover_files(folder, now=now, retention_days=settings.handover_retention_days))
    for reference in references:
        try:
            pdf = handover_pdf_path(folder, reference)
        except ValueError:
            continue
        if pdf.is_file() or pdf.is_symlink():
            pdfs.add(pdf)
    images = _print_image_targets(settings.jobs_dir, now=now, retention_days=settings.print_retention_days,
                                  references=references)
    return PurgePlan(len(handed), len(closed), documents, len(pdfs), payloads, len(images), now, _retention(settings))


def purge_personal_files(database: Database, settings: Settings, *, now: datetime) -> PurgeReport:
    """Run the retention rules (what :func:`purge_plan` shows): scans, PDFs, receipt payloads and printer
    images of dossiers past their site's scan retention after hand-over, and of dossiers closed without
    hand-over past ``closed_scan_retention_days``; then by age hand-over PDFs (``handover_retention_days``),
    receipt payloads and printer images (``print_retention_days``). Logs counts only.
    """
    folder, jobs = handover_dir(settings), settings.jobs_dir
    tally: dict[str, int] = {}
    dossiers = purge_due_scans(database, now=now, handover_folder=folder, jobs_dir=jobs, tally=tally)
    closed = purge_closed_scans(database, now=now, retention_days=settings.closed_scan_retention_days,
                                handover_folder=folder, jobs_dir=jobs, tally=tally)
    files = purge_old_handover_files(folder, now=now, retention_days=settings.handover_retention_days)
    payloads = tally.get("payloads", 0) + purge_print_payloads(database, now=now,
                                                               retention_days=settings.print_retention_days)
    images = tally.get("images", 0) + purge_print_images(jobs, now=now, retention_days=settings.print_retention_days)
    log.info("retention purge: %d dossier(s) purged after hand-over, %d closed without hand-over, %d old hand-over "
             "file(s) removed, %d receipt payload(s) blanked, %d printer file(s) removed",
             dossiers, closed, files, payloads, images)
    return PurgeReport(dossiers, files, closed, payloads, images)


def purge_at_start(database: Database, settings: Settings, *, now: datetime) -> PurgeReport | None:
    """:func:`purge_personal_files` for a program's start (the kiosk: its scans and printer images live on
    its own disk); a failure is logged with its code only and never stops the start."""
    try:
        return purge_personal_files(database, settings, now=now)
    except Exception as exc:  # noqa: BLE001 - retention runs again at the next start or by `kiosk-admin purge`
        log.warning("retention purge at start failed: %s", getattr(exc, "code", type(exc).__name__))
        return None
