"""Store captured pages (compressed, content-hashed) and export a dossier's pages as one PDF."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import cv2
import img2pdf
import numpy as np

from devices.capture.messages import DocumentError

A4_PT = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
_PAGE_NAME = re.compile(r"page-(\d{3,})-[0-9a-f]{12}\.(jpg|png)$")


def is_image(a: object, *, min_side: int = 1) -> bool:
    """True for a ``uint8`` gray, BGR or BGRA image array at least ``min_side`` pixels each way."""
    return (
        isinstance(a, np.ndarray) and a.dtype == np.uint8 and a.size > 0
        and (a.ndim == 2 or (a.ndim == 3 and a.shape[2] in (1, 3, 4)))
        and min(a.shape[:2]) >= min_side
    )


def file_sha256(path: Path | str) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise DocumentError("DOC-004", name=path.name) from None


def page_files(folder: Path | str) -> list[Path]:
    """The pages saved in ``folder`` by :func:`save_page`, in capture order."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _PAGE_NAME.match(p.name)), key=lambda p: int(_PAGE_NAME.match(p.name)[1]))


def save_page(page: np.ndarray, folder: Path | str, *, fmt: str = "jpg", quality: int = 80, gray: bool = False) -> Path:
    """Save a straightened page as the next page of a document folder.

    The file is ``page-NNN-<first 12 hex of its sha256>.jpg`` (or ``.png``), written atomically; the
    folder is created private (0700) because scans are personal data.

    Args:
        page: BGR (or gray) page image.
        folder: The document's folder (one per dossier document).
        fmt: ``"jpg"`` (default, compact) or ``"png"`` (lossless).
        quality: JPEG quality.
        gray: Store in grayscale (about a third smaller; loses stamp colours).

    Returns:
        The path of the saved page; its SHA-256 is :func:`file_sha256` of it.

    Raises:
        DocumentError: DOC-002 for an invalid image, DOC-004 when the file cannot be written.
    """
    if not is_image(page):
        raise DocumentError("DOC-002")
    if page.ndim == 3 and page.shape[2] == 1:
        page = page[:, :, 0]
    if gray and page.ndim == 3:
        page = cv2.cvtColor(page, cv2.COLOR_BGRA2GRAY if page.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    if fmt == "png":
        ok, buf = cv2.imencode(".png", page, [cv2.IMWRITE_PNG_COMPRESSION, 6])
    else:
        fmt = "jpg"
        ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise DocumentError("DOC-002")
    data = buf.tobytes()
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        raise DocumentError("DOC-004", name=folder.name) from None
    existing = page_files(folder)
    number = int(_PAGE_NAME.match(existing[-1].name)[1]) + 1 if existing else 1
    path = folder / f"page-{number:03d}-{hashlib.sha256(data).hexdigest()[:12]}.{fmt}"
    _write_atomic(path, data)
    return path


def pages_hash(paths: Iterable[Path | str]) -> str:
    """One SHA-256 for an ordered list of page files: the hash of their hex hashes joined by newlines.

    Kept on the dossier after the scans are purged, to prove which pages were received.
    """
    return hashlib.sha256("\n".join(file_sha256(p) for p in paths).encode("ascii")).hexdigest()


def export_pdf(pages: list[Path | str], out: Path | str) -> Path:
    """Write the pages (JPEG embedded without re-compression) as one A4 PDF, each page fitted and rotated as needed.

    Raises:
        DocumentError: DOC-001 without pages, DOC-003 for an unreadable page, DOC-004 when writing fails.
    """
    if not pages:
        raise DocumentError("DOC-001")
    blobs = []
    for p in pages:
        try:
            data = Path(p).read_bytes()
        except OSError:
            raise DocumentError("DOC-003", name=Path(p).name) from None
        if not _decodable(data):
            raise DocumentError("DOC-003", name=Path(p).name)
        blobs.append(data)
    layout = img2pdf.get_layout_fun(A4_PT, fit=img2pdf.FitMode.into, auto_orient=True)
    try:
        # The internal engine writes no time-based /ID (pikepdf does), so the same pages give the same PDF bytes.
        pdf = img2pdf.convert(blobs, layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal)
    except Exception:  # noqa: BLE001 - img2pdf raises many types for odd images
        raise DocumentError("DOC-003", name=Path(pages[0]).name) from None
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise DocumentError("DOC-004", name=out.name) from None
    _write_atomic(out, pdf)
    return out


def _decodable(data: bytes) -> bool:
    """True when ``data`` is an image OpenCV can decode (an empty or truncated file is not)."""
    if not data:
        return False
    try:
        return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_REDUCED_GRAYSCALE_8) is not None
    except cv2.error:
        return False
