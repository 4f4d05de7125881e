"""Hand-over file: every scanned page of a dossier, in document order, as one PDF (``devices.capture``)."""

from __future__ import annotations

from pathlib import Path

from admin_tui.messages import _
from core.errors import KioskError


class HandoverError(KioskError):
    """The hand-over PDF could not be written."""

    code = "ADM-300"


def export_pdf(documents: list[tuple[str, list[Path]]], out_path: Path) -> tuple[int, str]:
    """Write the pages of ``documents`` (``(name, pages)`` in order) into one PDF at ``out_path``.

    The PDF itself is built by :func:`devices.capture.export_pdf` (pages checked, A4, written atomically);
    this only gathers the pages and keeps the hand-over folder private, since the file holds personal data.

    Returns:
        ``(page count, sha256 of the PDF)``.

    Raises:
        HandoverError: no pages (ADM-301) or the hand-over folder cannot be created (ADM-302).
        devices.capture.DocumentError: an unreadable page (DOC-003) or the file cannot be written (DOC-004).
    """
    from devices.capture import export_pdf as write_pdf
    from devices.capture import file_sha256

    pages = [p for _name, doc_pages in documents for p in doc_pages]
    if not pages:
        raise HandoverError(_("Hồ sơ không có trang quét nào để bàn giao."), code="ADM-301")
    try:
        out_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise HandoverError(_("Không tạo được tệp PDF bàn giao: {error}", error=str(exc)[:200]),
                            code="ADM-302") from exc
    written = write_pdf(pages, out_path)
    return len(pages), file_sha256(written)
