"""One-door forms of Thông tư 03/2025/TT-VPCP (Phụ lục I) as A4 PDFs with real text (fpdf2, DejaVu Sans)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from core.i18n import translator

from devices.layouts import one_door_messages  # noqa: F401 - registers the English catalogue
from devices.layouts.fonts import DEFAULT_FONT, bold_sibling

_ = translator("devices")

#: form key -> (number in Phụ lục I of TT 03/2025/TT-VPCP, title as the circular lists it)
FORMS: dict[str, tuple[str, str]] = {
    "supplement": ("Mẫu số 02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
    "refusal": ("Mẫu số 03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    "apology": ("Mẫu số 04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
    "tracking": ("Mẫu số 06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    "register": ("Mẫu số 07", "SỔ THEO DÕI HỒ SƠ"),
}


def fmt_date(value: datetime | None, with_time: bool = False) -> str:
    """Format a date as dd/mm/yyyy (and HH:MM when asked); empty for None."""
    if value is None:
        return ""
    return value.strftime("%H:%M %d/%m/%Y" if with_time else "%d/%m/%Y")


def _nfc(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text or ""))


class _Doc:
    """A thin A4 writer: header of the form, labelled lines, paragraphs and simple tables."""

    def __init__(self, font: str = DEFAULT_FONT) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_creation_date(datetime(2025, 9, 15))  # fixed: the same data gives the same bytes
        self.pdf.add_font("body", "", font)
        self.pdf.add_font("body", "B", bold_sibling(font) or font)
        self.pdf.set_margins(20, 15, 15)
        self.pdf.set_auto_page_break(True, 15)
        self.pdf.add_page()

    def header(self, key: str, agency: str) -> None:
        number, title = FORMS[key]
        pdf = self.pdf
        pdf.set_font("body", "", 9)
        pdf.cell(0, 5, _nfc(number), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "B", 10)
        half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
        y = pdf.get_y()
        pdf.multi_cell(half, 5, _nfc(agency).upper() or " ", align="C")
        pdf.set_xy(pdf.l_margin + half, y)
        pdf.multi_cell(half, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("body", "B", 13)
        pdf.multi_cell(0, 7, _nfc(title), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("body", "", 11)

    def line(self, label: str, value: Any) -> None:
        self.pdf.multi_cell(0, 6, _nfc(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str) -> None:
        self.pdf.multi_cell(0, 6, _nfc(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def table(self, heads: list[str], rows: Iterable[list[str]], widths: list[float], size: int = 8) -> None:
        self.pdf.set_font("body", "", size)
        with self.pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
            for r in [heads, *rows]:
                row = table.row()
                for cell in r:
                    row.cell(_nfc(cell))
        self.pdf.set_font("body", "", 11)

    def sign(self, place_date: str, who: str) -> None:
        self.pdf.ln(6)
        self.pdf.multi_cell(0, 6, _nfc(f"{place_date}\n{who}"), align="R", new_x="LMARGIN", new_y="NEXT")

    def write(self, out: Path) -> Path:
        out = Path(out)
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = out.with_suffix(out.suffix + ".part")
        self.pdf.output(str(tmp))
        tmp.replace(out)
        return out


def _common(doc: _Doc, d: Any) -> None:
    doc.line(_("Mã hồ sơ"), d.reference)
    doc.line(_("Người nộp"), d.applicant_name)
    doc.line(_("Số định danh"), d.id_masked)
    doc.line(_("Thủ tục hành chính"), d.procedure_name)
    doc.line(_("Ngày tiếp nhận"), fmt_date(d.received_at, with_time=True))


def write_form(key: str, d: Any, out: Path, *, now: datetime, reason: str = "", new_due: datetime | None = None,
               staff: str = "") -> Path:
    """Write one form for dossier ``d`` (a ``DossierDetail``: ID number already masked) as an A4 PDF.

    Args:
        key: ``supplement``, ``refusal``, ``apology`` or ``tracking`` (the register is :func:`write_register`).
        d: the dossier's read-model.
        out: the PDF path (written atomically, folder private).
        now: the date printed on the form.
        reason: what to supplement / why refused / why late.
        new_due: the new appointment date of the apology.
        staff: who signs.
    """
    doc = _Doc()
    doc.header(key, d.site_name or d.agency)
    _common(doc, d)
    if key == "supplement":
        doc.para(_("Hồ sơ cần bổ sung, hoàn thiện những nội dung sau: {what}", what=reason or "..."))
        doc.para(_("Thời gian giải quyết tạm dừng cho đến khi nhận đủ hồ sơ bổ sung."))
    elif key == "refusal":
        doc.para(_("Cơ quan từ chối tiếp nhận hồ sơ với lý do: {why}", why=reason or "..."))
    elif key == "apology":
        doc.line(_("Hẹn trả kết quả"), fmt_date(d.due_at))
        doc.para(_("Hồ sơ giải quyết quá hạn. Lý do: {why}", why=reason or "..."))
        doc.para(_("Cơ quan xin lỗi ông/bà và hẹn lại ngày trả kết quả: {date}", date=fmt_date(new_due)))
    elif key == "tracking":
        doc.line(_("Hẹn trả kết quả"), fmt_date(d.due_at))
        rows = [[fmt_date(e.at, with_time=True), e.from_status or "", e.status, e.actor, e.note] for e in d.events]
        doc.table([_("Thời gian"), _("Từ"), _("Sang"), _("Người thực hiện"), _("Ghi chú")], rows,
                  [32, 25, 25, 33, 60])
    else:
        raise ValueError(key)
    doc.sign(_("Ngày {date}", date=fmt_date(now)), staff)
    return doc.write(out)


def write_register(dossiers: list[Any], out: Path, *, now: datetime, agency: str = "") -> Path:
    """Write the register of dossiers (Mẫu số 07): one row per dossier, finished-late ones marked."""
    doc = _Doc()
    doc.header("register", agency)
    rows = []
    for i, d in enumerate(dossiers, 1):
        late = d.due_at is not None and d.returned_at is not None and d.returned_at > d.due_at
        rows.append([str(i), d.reference, d.applicant_name, d.procedure_name, fmt_date(d.received_at),
                     fmt_date(d.due_at), fmt_date(d.returned_at), _("Trễ hạn") if late else ""])
    doc.table(["STT", _("Mã hồ sơ"), _("Người nộp"), _("Thủ tục"), _("Nhận"), _("Hẹn trả"), _("Trả"),
               _("Ghi chú")], rows, [8, 40, 24, 30, 18, 18, 18, 14], size=7)
    doc.sign(_("Ngày {date}", date=fmt_date(now)), "")
    return doc.write(out)
