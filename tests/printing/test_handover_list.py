"""The hand-over list: on the receipt printer over a socket (CODE128 + QR read back) and as an A4 PDF."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from devices.layouts import LayoutError, preview_png, render_handover_list, render_handover_pdf, render_payload
from devices.layouts.handover_list import A4_PX, handover_pdf_pages, read_batch
from devices.layouts.style import STYLES
from devices.printing import send
from tests.printing.postal_helpers import codes, handover, shows, timed
from tests.printing.test_stream_spec import read_stream


@pytest.mark.parametrize(("width_mm", "dots"), [(80, 576), (58, 384)])
def test_list_prints_and_both_codes_read_back(virtual_printer, width_mm, dots):
    payload = handover(20)
    data = render_handover_list(payload, width_mm)
    outcome = send(virtual_printer.url, data)
    assert outcome.ok and outcome.bytes_sent == len(data)
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.data == data and job.cuts == 1 and not job.problems
    assert job.barcodes == [("code128", "BK2611230001")] and job.qr_texts == ["BK2611230001"]
    page = Image.open(job.png_path)
    assert page.width == dots
    assert codes(page) == [("Code128", "BK2611230001"), ("QRCode", "BK2611230001")]
    stream = read_stream(data)
    assert stream.barcodes == [b"BK2611230001"] and stream.qr == [b"BK2611230001"]
    s = STYLES[dots]
    assert shows(page, "BẢNG KÊ GIAO NHẬN HỒ SƠ", s.title, bold=True, align="center", fit=True)
    # Dossier 3: masked applicant, and its originals flagged in bold.
    assert shows(page, [("3. ", False), ("000.00.16.H36-231121-0003", True)], s.base, fit=True)
    assert shows(page, "Nguyễn T. T. D. (0010******56)", s.small, indent=s.base)
    assert shows(page, [("4 giấy tờ, 5 trang", False), (" - CÓ 1 BẢN CHÍNH", True)], s.small, indent=s.base)
    assert not shows(page, "Nguyễn Thị Thùy Dương", s.small, indent=s.base)  # never the full name
    signature_width = dots if dots < 512 else (dots - 16) // 3  # stacked on 58 mm, three columns on 80 mm
    assert shows(page, "NGƯỜI VẬN CHUYỂN", s.small, bold=True, align="center", fit=True, min_size=s.small * 3 // 4,
                 width=signature_width)


def test_totals_and_masking():
    batch = read_batch(handover(20))
    assert batch.totals == (20, sum(1 + i % 4 for i in range(1, 21)), sum(2 + i % 5 for i in range(1, 21)), 6)
    assert batch.entries[0].applicant == "Nguyễn T. T. D. (0010******56)"
    assert batch.entries[1].applicant == "Trần V. Á. (0010******56)"
    assert (batch.giver, batch.receiver) == ("Bưu điện văn hóa xã Ấp Quỳnh", "Bộ phận Một cửa UBND xã Ấp Quỳnh")


def test_results_coming_back_swap_the_parties(tmp_path):
    payload = {**handover(2), "direction": "to_post", "qr": "BK|BK2611230001|BD-HN-001"}
    batch = read_batch(payload)
    assert (batch.giver, batch.receiver) == ("Bộ phận Một cửa UBND xã Ấp Quỳnh", "Bưu điện văn hóa xã Ấp Quỳnh")
    rendered = preview_png(render_payload("handover_list", payload, 58), tmp_path / "p.png")
    assert rendered.qr_texts == ["BK|BK2611230001|BD-HN-001"] and rendered.barcodes == [("code128", "BK2611230001")]
    s = STYLES[384]
    assert shows(rendered.image, "BẢNG KÊ GIAO NHẬN KẾT QUẢ", s.title, bold=True, align="center", fit=True)


def test_raster_qr_variant_still_reads(tmp_path):
    rendered = preview_png(render_handover_list(handover(1), 58, native_qr=False), tmp_path / "p.png")
    assert codes(rendered.image) == [("Code128", "BK2611230001"), ("QRCode", "BK2611230001")]


@pytest.mark.parametrize(("payload", "code"), [
    ({**handover(1), "batch_code": ""}, "LAY-050"),
    ({**handover(1), "batch_code": "BK261123000123"}, "LAY-051"),  # 14 characters: too wide for 58 mm
    ({**handover(1), "batch_code": "BKĐ1"}, "LAY-051"),
    ({**handover(1), "batch_code": "BK{C12"}, "LAY-051"),
    ({**handover(1), "items": []}, "LAY-052"),
    ({**handover(1), "items": [{"reference": "", "procedure": "X"}]}, "LAY-053"),
    ({**handover(1), "items": [{"reference": "R", "pages": "nhiều"}]}, "LAY-004"),
    ({**handover(1), "closed_at": "sáng nay"}, "LAY-003"),
])
def test_bad_lists_have_codes(payload, code):
    for render in (render_handover_list, render_handover_pdf):
        with pytest.raises(LayoutError) as err:
            render(payload)
        assert err.value.code == code


def test_thirteen_characters_print_on_both_papers(tmp_path):
    payload = {**handover(1), "batch_code": "BK-261123-01"}
    payload["batch_code"] += "9"
    for width in (80, 58):
        rendered = preview_png(render_handover_list(payload, width), tmp_path / f"{width}.png")
        assert codes(rendered.image) == [("Code128", "BK-261123-019"), ("QRCode", "BK-261123-019")]


def _pdf_pages(data: bytes) -> list[Image.Image]:
    """Every page's image, taken back out of the PDF."""
    pdf = pikepdf.open(io.BytesIO(data))
    out = []
    for page in pdf.pages:
        (raw,) = page.get_images().values()
        out.append(pikepdf.PdfImage(raw).as_pil_image())
        box = [float(v) for v in page.mediabox]
        assert box[2] == pytest.approx(595.28, abs=0.5) and box[3] == pytest.approx(841.89, abs=0.5)  # A4
    return out


def test_a4_pdf_carries_the_same_codes_and_lines():
    payload = handover(20)
    data = render_handover_pdf(payload)
    assert data.startswith(b"%PDF-") and render_handover_pdf(payload) == data  # deterministic
    pages = _pdf_pages(data)
    assert len(pages) == 2 and all(p.size == A4_PX for p in pages)
    assert codes(pages[0]) == [("Code128", "BK2611230001"), ("QRCode", "BK2611230001")]
    assert shows(pages[0], [("000.00.16.H36-231121-0001", True)], 24)
    assert shows(pages[0], "Nguyễn T. T. D.", 24) and shows(pages[0], "(0010******56)", 24)  # wrapped in its cell
    assert not shows(pages[0], "Nguyễn Thị Thùy Dương", 24)
    assert shows(pages[-1], [("000.00.16.H36-231121-0020", True)], 24)
    assert shows(pages[-1], "Bảng kê BK2611230001 - trang 2/2", 24, align="right")
    assert shows(pages[-1], "BỘ PHẬN MỘT CỬA", 24, bold=True, align="center", fit=True, min_size=18,
                 width=(A4_PX[0] - 2 * 118 - 16) // 3)


def test_a_short_list_is_one_page_and_a_long_one_repeats_the_table_head():
    assert len(handover_pdf_pages(handover(3))) == 1
    pages = handover_pdf_pages(handover(60))
    assert len(pages) >= 3
    for page in pages:
        assert shows(page, [("Mã hồ sơ", True)], 24)


def test_render_time_and_size_of_a_20_line_list():
    payload = handover(20)
    for width in (80, 58):
        data, ms = timed(render_handover_list, payload, width)
        print(f"\nhand-over list, 20 lines, {width} mm: {ms:.1f} ms, {len(data)} bytes")
        assert ms < 2000 and len(data) < 150_000
    pdf, ms = timed(render_handover_pdf, payload, repeat=3)
    print(f"hand-over list, 20 lines, A4 PDF: {ms:.1f} ms, {len(pdf)} bytes")
    assert ms < 5000 and len(pdf) < 300_000
