"""One-door forms (TT 03/2025/TT-VPCP) written from a real dossier on both databases, checked by their extracted text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypdf import PdfReader

from db.engine import Database
from db.services import dossier_admin as da
from devices.layouts.one_door_forms import write_form, write_register
from tests.admin.test_dossiers_service import submit, vn


def text_of(path: Path) -> str:
    """All the text of a PDF, NFC (extraction may give decomposed marks)."""
    reader = PdfReader(str(path))
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))


def test_each_form_prints_the_dossier_with_diacritics(database: Database, tmp_path: Path) -> None:
    did = submit(database, "Trần Thị Bình", "079185000111", "0987654321", vn(2026, 11, 17, 10))
    d = database.run(lambda s: da.detail(s, did, vn(2026, 11, 30, 10)), read_only=True)
    for key, number, title in [("supplement", "Mẫu số 02", "BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
                               ("refusal", "Mẫu số 03", "TỪ CHỐI TIẾP NHẬN"),
                               ("apology", "Mẫu số 04", "XIN LỖI"),
                               ("tracking", "Mẫu số 06", "KIỂM SOÁT QUÁ TRÌNH")]:
        pdf = write_form(key, d, tmp_path / f"{key}.pdf", now=vn(2026, 11, 30, 10), reason="Bản sao giấy khai sinh",
                         new_due=vn(2026, 12, 4), staff="Phạm Đức Hải")
        text = text_of(pdf)
        assert number in text and title in text
        assert d.reference in text and "Trần Thị Bình" in text
        assert "079185000111" not in text and d.id_masked in text  # masked on paper
        assert "17/11/2026" in text and "30/11/2026" in text          # dd/mm/yyyy
        assert PdfReader(str(pdf)).pages[0].mediabox.width == 595.28 or abs(
            float(PdfReader(str(pdf)).pages[0].mediabox.width) - 595.3) < 1  # A4
    assert "04/12/2026" in text_of(tmp_path / "apology.pdf")
    assert "Bản sao giấy khai sinh" in text_of(tmp_path / "supplement.pdf")


def test_register_lists_dossiers_in_order(database: Database, tmp_path: Path) -> None:
    ids = [submit(database, "Nguyễn Văn An", "001090123456", "0912345678", vn(2026, 11, 16, 9)),
           submit(database, "Lê Văn Cường", "031200999888", "", vn(2026, 11, 18, 14))]
    ds = [database.run(lambda s, i=i: da.detail(s, i, vn(2026, 11, 19)), read_only=True) for i in ids]
    text = text_of(write_register(ds, tmp_path / "so.pdf", now=vn(2026, 11, 19), agency="Bưu điện Hà Đông"))
    assert "Mẫu số 07" in text and "SỔ THEO DÕI HỒ SƠ" in text
    assert text.index(ds[0].reference) < text.index(ds[1].reference)
    assert "16/11/2026" in text and "18/11/2026" in text


def test_form_labels_have_english() -> None:
    import re

    from core.i18n import missing
    from devices.layouts import one_door_forms

    source = Path(one_door_forms.__file__).read_text(encoding="utf-8")
    labels = re.findall(r"""\b_\(\s*["']([^"']+)["']""", source)
    assert labels and missing("devices", labels) == []
