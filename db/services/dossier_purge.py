"""Personal files after hand-over: purge a dossier's scans and its hand-over PDF, by event and by age."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import register_catalogue, translator
from core.settings import Settings
from db.calendar import to_local
from db.engine import Database
from db.models import Dossier, DossierDocument, Site
from db.services.dossier_flow import _fail, load_dossier

_ = translator("db")
log = logging.getLogger(__name__)

register_catalogue("db", {
    "Hồ sơ chưa được bàn giao; chưa thể xoá bản quét.":
        "The dossier has not been handed over; its scans cannot be deleted yet.",
})

#: Folder (under ``data_dir``) where the console writes hand-over PDFs, one ``<reference>.pdf`` per dossier.
HANDOVER_FOLDER = "handover"


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
                handover_folder: Path | str | None = None) -> int:
    """Delete a handed-over dossier's scan files (and its hand-over PDF), keeping reference, hashes and times.

    Args:
        database: The database.
        dossier_id: The dossier.
        now: Time recorded as ``purged_at``.
        handover_folder: Folder of the hand-over PDFs (:func:`handover_dir`); the dossier's PDF there is
            shredded too, since it holds the same pages. None leaves PDFs alone.

    Returns:
        Number of documents whose scans were purged.

    Raises:
        DossierError: Unknown dossier (DOS-034) or not handed over yet (DOS-040).
    """
    to_local(now)

    def work(session: Session) -> tuple[str, list[tuple[int, str]]]:
        dossier = load_dossier(session, dossier_id)
        if dossier.handed_over_at is None:
            raise _fail(_("Hồ sơ chưa được bàn giao; chưa thể xoá bản quét."), "DOS-040")
        return dossier.reference, [(d.id, d.scan_path) for d in dossier.documents if d.scan_path]

    reference, targets = database.run(work, read_only=True)
    for _id, scan_path in targets:
        _delete_scan(scan_path)
    _delete_handover_pdf(handover_folder, reference)

    def mark(session: Session) -> int:
        for doc_id, _path in targets:
            doc = session.get(DossierDocument, doc_id)
            if doc is not None:
                doc.scan_path, doc.purged_at = None, now
        return len(targets)

    return database.run(mark)


def purge_due_scans(database: Database, *, now: datetime, handover_folder: Path | str | None = None) -> int:
    """Purge the scans (and hand-over PDFs) of every handed-over dossier whose site's retention has passed.

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
        purge_scans(database, dossier_id, now=now, handover_folder=handover_folder)
    return len(due)


def purge_old_handover_files(folder: Path | str, *, now: datetime, retention_days: int) -> int:
    """Shred every file in the hand-over folder last written more than ``retention_days`` ago.

    The folder holds nothing but hand-over PDFs (and half-written copies of them); whatever dossier
    they belong to, they are personal data and do not stay longer than the retention period.

    Returns:
        Number of files removed.
    """
    root = Path(folder)
    if not root.is_dir():
        return 0
    cutoff = (now - timedelta(days=max(0, retention_days))).timestamp()
    removed = 0
    for path in root.iterdir():
        try:
            old = path.lstat().st_mtime <= cutoff
        except OSError:
            continue
        if old and not path.is_dir() and _delete_file(path):
            removed += 1
    return removed


@dataclass(frozen=True)
class PurgeReport:
    """What one maintenance run removed (counts only: no names, references or ID numbers)."""

    dossiers: int
    handover_files: int

    def as_dict(self) -> dict[str, int]:
        """The ``kiosk-admin purge --json`` shape."""
        return {"dossiers_purged": self.dossiers, "handover_files_purged": self.handover_files}


def purge_personal_files(database: Database, settings: Settings, *, now: datetime) -> PurgeReport:
    """Run the retention rules: scans and PDFs of dossiers past their site's scan retention, then PDFs
    older than ``settings.handover_retention_days``. Logs counts only.
    """
    folder = handover_dir(settings)
    dossiers = purge_due_scans(database, now=now, handover_folder=folder)
    files = purge_old_handover_files(folder, now=now, retention_days=settings.handover_retention_days)
    log.info("retention purge: %d dossier(s) purged, %d old hand-over file(s) removed", dossiers, files)
    return PurgeReport(dossiers, files)
