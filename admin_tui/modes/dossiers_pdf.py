"""Hand-over file: every scanned page of a dossier, in document order, as one PDF (img2pdf, lossless)."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from admin_tui.messages import _
from core.errors import KioskError


class HandoverError(KioskError):
    """The hand-over PDF could not be written."""

    code = "ADM-300"


def export_pdf(documents: list[tuple[str, list[Path]]], out_path: Path) -> tuple[int, str]:
    """Write the pages of ``documents`` (``(name, pages)`` in order) into one PDF at ``out_path``.

    The file is written next to its final name and renamed, so a reader never sees half a file.

    Returns:
        ``(page count, sha256 of the PDF)``.

    Raises:
        HandoverError: no pages (ADM-301), an unreadable page or an unwritable folder (ADM-302).
    """
    import img2pdf

    pages = [p for _name, doc_pages in documents for p in doc_pages]
    if not pages:
        raise HandoverError(_("Hồ sơ không có trang quét nào để bàn giao."), code="ADM-301")
    tmp = out_path.with_name(out_path.name + ".part")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        data = img2pdf.convert([_page_input(p) for p in pages], rotation=img2pdf.Rotation.ifvalid)
        tmp.write_bytes(data)
        os.replace(tmp, out_path)
    except (OSError, img2pdf.ImageOpenError, img2pdf.AlphaChannelError, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        raise HandoverError(_("Không tạo được tệp PDF bàn giao: {error}", error=str(exc)[:200]),
                            code="ADM-302") from exc
    return len(pages), hashlib.sha256(data).hexdigest()


def _page_input(path: Path) -> str | bytes:
    """The page as img2pdf takes it: the file itself, or an RGB copy when it has transparency."""
    from PIL import Image

    with Image.open(path) as image:
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="PNG")
            return buffer.getvalue()
    return str(path)
