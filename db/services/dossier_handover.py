"""Console hand-over: the scanned pages of a dossier, and the audited hand-over record."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.engine import Database
from db.services import audit
from db.services.dossier_flow import apply_handed_over, load_dossier

PAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp")


def _pages_of(scan_path: str) -> list[Path]:
    """Page image files of a document's scan folder (or the single scan file), in name order."""
    path = Path(scan_path)
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
    return []


def scan_pages(session: Session, dossier_id: int) -> list[tuple[str, list[Path]]]:
    """Return ``(document name, page files in order)`` of every document whose scans are still kept."""
    d = load_dossier(session, dossier_id)
    docs = [(doc.name, _pages_of(doc.scan_path)) for doc in d.documents if doc.scan_path]
    return [(name, pages) for name, pages in docs if pages]


def unreachable_scans(session: Session, dossier_id: int) -> list[str]:
    """Names of documents whose scans are recorded (not purged) but whose page files this machine cannot find.

    A console far from the kiosk may not see its scan folders; handing over then would lose pages.
    """
    d = load_dossier(session, dossier_id)
    return [doc.name for doc in d.documents if doc.scan_path and doc.page_count and not _pages_of(doc.scan_path)]


def record_handover(database: Database, dossier_id: int, *, user: Any, now: datetime, pdf_name: str,
                    pdf_sha256: str, pages: int) -> datetime:
    """Mark the dossier handed over (kept time if it already was) and audit the PDF, in one transaction."""

    def work(session: Session) -> datetime:
        at = apply_handed_over(session, dossier_id, now=now)
        audit.record(session, user=user, action="dossier.handover", entity="dossier",
                     entity_id=load_dossier(session, dossier_id).reference,
                     after={"handed_over_at": at, "pdf": pdf_name, "sha256": pdf_sha256, "pages": pages})
        return at

    return database.run(work)
