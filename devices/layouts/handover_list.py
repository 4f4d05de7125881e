"""The hand-over list (bảng kê giao nhận hồ sơ) of a courier run: on the receipt printer and as an A4 PDF.

Both carry the batch code as CODE128 and QR, one entry per dossier (reference, procedure, applicant masked,
documents and pages, originals flagged), the totals and signature spaces for the post office, the courier and
the one-stop centre.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import img2pdf
import numpy as np
import qrcode
from PIL import Image

from core.i18n import translator

from devices.layouts.canvas import Canvas
from devices.layouts.common import flush, start
from devices.layouts.errors import LayoutError
from devices.layouts.fonts import Fonts, fonts_for
from devices.layouts.formatting import hhmm_date, local_time, number, text
from devices.layouts.postal import check_barcode, mask_person, print_barcode
from devices.layouts.style import Style

_ = translator("devices")

#: The narrowest head a batch code must print on as CODE128 (58 mm paper), hence codes of at most 13 characters.
NARROW_HEAD = 384
BATCH_CODE_MAX = 13
#: A4 rendering: 200 dots per inch, 15 mm margins.
PDF_DPI = 200
A4_PX = (1654, 2339)
PDF_MARGIN = 118
PDF_STYLE = Style(width=A4_PX[0] - 2 * PDF_MARGIN, small=24, base=28, large=34, title=40, huge=240, qr_module=6,
                  gap=14)
#: Table columns on A4 (dots): no., reference (25 characters in bold fit), procedure, applicant, documents,
#: pages, originals.
PDF_COLUMNS = (50, 396, 346, 300, 80, 80, 100)
PDF_GAP = 10


@dataclass(frozen=True)
class Entry:
    """One dossier of the batch, as printed."""

    reference: str
    procedure: str
    applicant: str
    documents: int
    pages: int
    originals: int


@dataclass(frozen=True)
class Batch:
    """A validated hand-over list payload."""

    code: str
    qr: str
    title: str
    giver: str
    receiver: str
    site_name: str
    site_address: str
    closed_at: datetime | None
    names: tuple[str, str, str]  # filled under the post office, courier and one-stop centre signatures
    note: str
    entries: tuple[Entry, ...]

    @property
    def totals(self) -> tuple[int, int, int, int]:
        """(dossiers, documents, pages, dossiers with originals)."""
        e = self.entries
        return (len(e), sum(x.documents for x in e), sum(x.pages for x in e), sum(1 for x in e if x.originals))


def read_batch(payload: dict, lang: str = "vi") -> Batch:
    """Check a ``kind="handover_list"`` payload and return what both renderings print.

    Raises:
        LayoutError: LAY-050 no batch code, LAY-051 a batch code that cannot print as CODE128 on 58 mm, LAY-052
            no dossiers, LAY-053 a dossier without reference, LAY-004/003 a bad number or time.
    """
    code = text(payload, "batch_code")
    if not code:
        raise LayoutError(_("Bảng kê thiếu mã bảng kê"), code="LAY-050")
    check_barcode(code, NARROW_HEAD, "batch_code", "LAY-051")
    rows = payload.get("items") or []
    if not rows:
        raise LayoutError(_("Bảng kê không có hồ sơ nào"), code="LAY-052")
    entries = []
    for i, item in enumerate(rows, 1):
        if not text(item, "reference"):
            raise LayoutError(_("Dòng {n} của bảng kê thiếu mã hồ sơ", n=i), code="LAY-053")
        entries.append(Entry(text(item, "reference"), text(item, "procedure"),
                             mask_person(text(item, "applicant_name"), text(item, "id_masked")),
                             number(item, "documents"), number(item, "pages"), number(item, "originals")))
    site, agency = text(payload, "site_name"), text(payload, "agency")
    results = payload.get("direction") == "to_post"
    title = (_("BẢNG KÊ GIAO NHẬN KẾT QUẢ", lang=lang) if results else _("BẢNG KÊ GIAO NHẬN HỒ SƠ", lang=lang))
    return Batch(code, text(payload, "qr") or code, title, agency if results else site, site if results else agency,
                 site, text(payload, "site_address"), local_time(payload.get("closed_at"), "closed_at"),
                 (text(payload, "agent_name"), text(payload, "courier_name"), text(payload, "agency_staff_name")),
                 text(payload, "note"), tuple(entries))


def _counts(e: Entry, lang: str) -> list[tuple[str, bool]]:
    runs = [(_("{d} giấy tờ, {p} trang", lang=lang, d=e.documents, p=e.pages), False)]
    if e.originals:
        runs.append((" - " + _("CÓ {n} BẢN CHÍNH", lang=lang, n=e.originals), True))
    return runs


def _totals(c: Canvas, s: Style, b: Batch, lang: str) -> None:
    dossiers, documents, pages, with_originals = b.totals
    c.paragraph([(_("Tổng cộng: ", lang=lang), True),
                 (_("{n} hồ sơ, {d} giấy tờ, {p} trang; {o} hồ sơ có bản chính.", lang=lang, n=dossiers,
                    d=documents, p=pages, o=with_originals), False)], s.base, hanging=s.base)
    if b.note:
        c.paragraph([(_("Ghi chú: ", lang=lang), True), (b.note, False)], s.small, hanging=s.small)


def _head(c: Canvas, s: Style, b: Batch, lang: str) -> None:
    if b.site_name:
        c.paragraph(b.site_name.upper(), s.base, bold=True, align="center", fit=True)
    if b.site_address:
        c.paragraph(b.site_address, s.small, align="center")
    c.space(s.gap)
    c.paragraph(b.title, s.title, bold=True, align="center", fit=True)
    c.paragraph([(_("Số bảng kê: ", lang=lang), False), (b.code, True)], s.base, align="center")
    if b.closed_at:
        c.paragraph(_("Lập lúc: {time}", lang=lang, time=hhmm_date(b.closed_at)), s.small, align="center")
    for label, who in ((_("Bên giao: ", lang=lang), b.giver), (_("Bên nhận: ", lang=lang), b.receiver)):
        if who:
            c.paragraph([(label, True), (who, False)], s.small, hanging=s.small)


def _signatures(c: Canvas, s: Style, b: Batch, lang: str, *, stacked: bool) -> None:
    titles = (_("BƯU ĐIỆN", lang=lang), _("NGƯỜI VẬN CHUYỂN", lang=lang), _("BỘ PHẬN MỘT CỬA", lang=lang))
    width = c.width if stacked else c.column_width(3)
    blocks = []
    for title, name in zip(titles, b.names, strict=True):
        col = Canvas(width, c.fonts)
        col.paragraph(title, s.small, bold=True, align="center", fit=True, min_size=s.small * 3 // 4)
        col.paragraph(_("(Ký, ghi rõ họ tên)", lang=lang), s.small, align="center", fit=True)
        col.space(s.huge * 2 // 3)
        if name:
            col.paragraph(name, s.small, align="center")
        blocks.append(col)
    if stacked:
        for col in blocks:
            c.rows.extend(col.rows)
            c.space(s.gap)
    else:
        c.columns(*blocks)


def render_handover_list(payload: dict, width_mm: int = 80, font_path: str | None = None, *,
                         native_qr: bool = True, lang: str = "vi", dots: int | None = None) -> bytes:
    """Render a hand-over list payload (docs/CONTRACTS.md, ``kind="handover_list"``) to ESC/POS bytes.

    Args:
        payload: See docs/CONTRACTS.md.
        width_mm: 80 or 58.
        font_path: TTF with Vietnamese glyphs (default DejaVu Sans).
        native_qr: Native QR command (default) or raster QR.
        lang: Label language; postal papers are Vietnamese (``vi``).
        dots: Dots across the print head (default 576 for 80 mm, 384 for 58 mm).

    Raises:
        LayoutError: See :func:`read_batch`; LAY-005/006 bad paper or head width.
    """
    batch = read_batch(payload, lang)
    style, canvas, job = start(width_mm, font_path, dots)
    check_barcode(batch.code, job.width, "batch_code", "LAY-051")
    _head(canvas, style, batch, lang)
    canvas.space(style.gap // 2)
    print_barcode(canvas, job, style, batch.code)
    job.feed(style.gap)
    job.qr(batch.qr, style.qr_module - 1, native=native_qr)
    canvas.rule(gap=style.gap // 2)
    for i, e in enumerate(batch.entries, 1):
        if i > 1:
            canvas.rule(thickness=1, dashed=True, gap=style.gap // 3)
        canvas.paragraph([(f"{i}. ", False), (e.reference, True)], style.base, fit=True)
        if e.procedure:
            canvas.paragraph(e.procedure, style.small, indent=style.base)
        if e.applicant:
            canvas.paragraph(e.applicant, style.small, indent=style.base)
        canvas.paragraph(_counts(e, lang), style.small, indent=style.base)
    canvas.rule(gap=style.gap // 2)
    _totals(canvas, style, batch, lang)
    canvas.space(style.gap)
    _signatures(canvas, style, batch, lang, stacked=canvas.width < 512)
    flush(canvas, job)
    job.cut()
    return job.output()


def _code128_image(code: str, module: int, height: int) -> Image.Image:
    """CODE128 bars (python-barcode's encoder) as a 1-bit image with a 10-module quiet zone each side."""
    from barcode import Code128

    bars = np.frombuffer(Code128(code).build()[0].encode("ascii"), dtype=np.uint8) == ord("1")
    bars = np.concatenate([np.zeros(10, bool), bars, np.zeros(10, bool)]).repeat(module)
    return Image.fromarray(np.where(np.tile(bars, (height, 1)), 0, 255).astype(np.uint8)).convert("1")


def _qr_image(data: str, module: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().get_image().convert("1")


def _pdf_codes(c: Canvas, s: Style, b: Batch) -> None:
    left, right = Canvas(c.column_width(2), c.fonts), Canvas(c.column_width(2), c.fonts)
    left.space(s.gap)
    left.paste(_code128_image(b.code, 3, 110))
    left.paragraph(b.code, s.base, align="center")
    right.paste(_qr_image(b.qr, s.qr_module))
    c.columns(left, right)


def _table_row(fonts: Fonts, cells: list[list[tuple[str, bool]]], size: int) -> Image.Image:
    parts = []
    for width, runs in zip(PDF_COLUMNS, cells, strict=True):
        cell = Canvas(width, fonts)
        cell.paragraph(runs, size)
        parts.append(cell)
    row = Canvas(sum(PDF_COLUMNS) + PDF_GAP * (len(PDF_COLUMNS) - 1), fonts)
    row.space(4)
    row.columns(*parts, gap=PDF_GAP)
    row.rule(thickness=1, gap=4)
    return row.image()


def _pdf_rows(b: Batch, fonts: Fonts, lang: str) -> tuple[Image.Image, list[Image.Image]]:
    size = PDF_STYLE.small
    heads = [_("STT", lang=lang), _("Mã hồ sơ", lang=lang), _("Thủ tục", lang=lang), _("Người nộp", lang=lang),
             _("Giấy tờ", lang=lang), _("Trang", lang=lang), _("Bản chính", lang=lang)]
    header = _table_row(fonts, [[(h, True)] for h in heads], size)
    rows = []
    for i, e in enumerate(b.entries, 1):
        originals = [(_("CÓ {n}", lang=lang, n=e.originals), True)] if e.originals else [("-", False)]
        rows.append(_table_row(fonts, [[(str(i), False)], [(e.reference, True)], [(e.procedure, False)],
                                       [(e.applicant, False)], [(str(e.documents), False)], [(str(e.pages), False)],
                                       originals], size))
    return header, rows


def _block(fonts: Fonts, fill: Callable[[Canvas], None]) -> Image.Image:
    c = Canvas(PDF_STYLE.width, fonts)
    fill(c)
    return c.image()


def handover_pdf_pages(payload: dict, font_path: str | None = None, *, lang: str = "vi") -> list[Image.Image]:
    """The A4 pages of the hand-over list as 1-bit images at :data:`PDF_DPI` dots per inch.

    Raises:
        LayoutError: See :func:`read_batch`; LAY-002 font missing.
    """
    batch = read_batch(payload, lang)
    fonts, s = fonts_for(font_path or None), PDF_STYLE

    def head(c: Canvas) -> None:
        _head(c, s, batch, lang)
        _pdf_codes(c, s, batch)
        c.space(s.gap)

    def tail(c: Canvas) -> None:
        c.space(s.gap)
        _totals(c, s, batch, lang)
        c.space(s.gap * 2)
        _signatures(c, s, batch, lang, stacked=False)

    top = _block(fonts, head)
    table_head, rows = _pdf_rows(batch, fonts, lang)
    bottom = _block(fonts, tail)
    usable = A4_PX[1] - 2 * PDF_MARGIN - 40  # keep room for the page footer
    pages: list[list[Image.Image]] = [[top, table_head]]
    used = top.height + table_head.height
    for block in [*rows, bottom]:
        if used + block.height > usable:
            pages.append([table_head] if block is not bottom else [])
            used = sum(b.height for b in pages[-1])
        pages[-1].append(block)
        used += block.height
    out = []
    for n, blocks in enumerate(pages, 1):
        page = Image.new("1", A4_PX, 1)
        y = PDF_MARGIN
        for block in blocks:
            page.paste(block, (PDF_MARGIN, y))
            y += block.height
        footer = Canvas(PDF_STYLE.width, fonts)
        footer.paragraph(_("Bảng kê {code} - trang {n}/{total}", lang=lang, code=batch.code, n=n, total=len(pages)),
                         s.small, align="right")
        page.paste(footer.image(), (PDF_MARGIN, A4_PX[1] - PDF_MARGIN))
        out.append(page)
    return out


def render_handover_pdf(payload: dict, font_path: str | None = None, *, lang: str = "vi") -> bytes:
    """The hand-over list as an A4 PDF (1-bit pages embedded losslessly; the same payload gives the same bytes).

    Raises:
        LayoutError: See :func:`read_batch`; LAY-002 font missing.
    """
    blobs = []
    for page in handover_pdf_pages(payload, font_path, lang=lang):
        buf = io.BytesIO()
        page.save(buf, format="PNG", dpi=(PDF_DPI, PDF_DPI))
        blobs.append(buf.getvalue())
    a4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
    layout = img2pdf.get_layout_fun(a4, fit=img2pdf.FitMode.into)
    return img2pdf.convert(blobs, layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal)
