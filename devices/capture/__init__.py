"""Document capture: find and straighten the page, check sharpness and glare, store pages, export a PDF."""

from __future__ import annotations

from devices.capture.detect import find_page, order_corners, warp_page
from devices.capture.messages import ADVICE, DocumentError, advice_text
from devices.capture.page import MAX_GLARE, MIN_AREA, MIN_SHARPNESS, PageCheck, analyse_page
from devices.capture.quality import glare, sharpness
from devices.capture.store import export_pdf, file_sha256, page_files, pages_hash, save_page

__all__ = [
    "ADVICE", "DocumentError", "MAX_GLARE", "MIN_AREA", "MIN_SHARPNESS", "PageCheck", "advice_text", "analyse_page",
    "export_pdf", "file_sha256", "find_page", "glare", "order_corners", "page_files", "pages_hash", "save_page",
    "sharpness", "warp_page",
]
