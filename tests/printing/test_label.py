"""The address label, printed over a socket to the virtual printer: the S10 barcode reads back, the lines are there."""

from __future__ import annotations

import numpy as np
import pytest
from escpos.printer import Network
from PIL import Image

from core import s10
from devices.layouts import LayoutError, preview_png, render_label, render_payload
from devices.layouts.postal import barcode_fits, mask_name, money
from devices.layouts.style import STYLES
from devices.printing import send
from tests.printing.postal_helpers import LABEL, codes, shows, timed
from tests.printing.test_stream_spec import read_stream


def label(**changes) -> dict:
    out = {**LABEL, "sender": dict(LABEL["sender"]), "recipient": dict(LABEL["recipient"])}
    out.update(changes)
    return out


@pytest.mark.parametrize(("width_mm", "dots"), [(80, 576), (58, 384)])
def test_label_prints_and_its_barcode_reads_back(virtual_printer, width_mm, dots):
    data = render_label(label(), width_mm)
    outcome = send(virtual_printer.url, data)
    assert outcome.ok and outcome.bytes_sent == len(data)
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.data == data and job.cuts == 1 and not job.problems
    assert job.barcodes == [("code128", "RR123456785VN")]  # native CODE128, as sent
    page = Image.open(job.png_path)
    assert page.width == dots
    assert codes(page) == [("Code128", "RR123456785VN")]  # and read from the printed picture
    stream = read_stream(data)  # only the promised commands, lengths checked by a second parser
    assert stream.barcodes == [b"RR123456785VN"] and stream.ink_right <= dots
    style = STYLES[dots]
    assert shows(page, "Nguyễn Thị Thùy Dương", style.large, bold=True)  # Vietnamese marks drawn as given
    assert not shows(page, "Nguyễn Thị Thuỳ Dương", style.large, bold=True)  # the check sees one mark moved
    assert shows(page, "Bưu điện văn hóa xã Ấp Quỳnh", style.base, bold=True)
    assert shows(page, s10.spaced("RR123456785VN"), style.title, bold=True, align="center", fit=True)
    assert shows(page, "THU HỘ: 52.000đ", style.title, bold=True, align="center", fit=True)


def test_python_escpos_client_prints_the_label(virtual_printer):
    """A plain python-escpos Network printer sends the same bytes; the barcode still reads back."""
    printer = Network("127.0.0.1", virtual_printer.port, timeout=3)
    printer._raw(render_label(label(tracking_number="EE000000080VN"), 58))
    printer.close()
    job = virtual_printer.wait_for_jobs(1)[0]
    assert codes(job.png_path) == [("Code128", "EE000000080VN")]


def test_long_addresses_wrap_inside_the_paper(tmp_path):
    short = preview_png(render_label(label(recipient={**LABEL["recipient"], "address": "Hà Nội"}), 58),
                        tmp_path / "s.png")
    long = preview_png(render_label(label(recipient={**LABEL["recipient"],
                                                     "address": LABEL["recipient"]["address"] * 3}), 58),
                       tmp_path / "l.png")
    assert long.image.height > short.image.height + 200
    ink = np.asarray(long.image.convert("L")) < 128
    edge = ink[:, -1]
    assert (ink[edge].mean(axis=1) > 0.4).all()  # only the rules (and the cut mark) reach the edge, never text


def test_no_amount_to_collect_prints_no_collect_line(tmp_path):
    page = preview_png(render_label(label(cod_vnd=0)), tmp_path / "p.png").image
    assert not shows(page, "THU HỘ: 0đ", STYLES[576].title, bold=True, align="center", fit=True)
    assert codes(page) == [("Code128", "RR123456785VN")]


def test_typed_number_with_spaces_prints_normalised(tmp_path):
    rendered = preview_png(render_label(label(tracking_number="rr 123 456 785 vn")), tmp_path / "p.png")
    assert rendered.barcodes == [("code128", "RR123456785VN")]


def test_render_payload_knows_the_label_and_dots(tmp_path):
    data = render_payload("label", label(), 80, None, dots=512)
    rendered = preview_png(data, tmp_path / "p.png")
    assert rendered.image.width == 512 and rendered.barcodes == [("code128", "RR123456785VN")]


@pytest.mark.parametrize(("changes", "code"), [
    ({"tracking_number": "RR123456784VN"}, "LAY-040"),
    ({"tracking_number": ""}, "LAY-040"),
    ({"recipient": {"name": "A", "address": ""}}, "LAY-041"),
    ({"recipient": {"name": "", "address": "Hà Nội"}}, "LAY-041"),
    ({"cod_vnd": -1}, "LAY-042"),
    ({"cod_vnd": "năm mươi"}, "LAY-004"),
    ({"sent_at": "hôm qua"}, "LAY-003"),
])
def test_bad_labels_have_codes(changes, code):
    with pytest.raises(LayoutError) as err:
        render_label(label(**changes))
    assert err.value.code == code


def test_a_mistyped_tracking_number_says_why():
    with pytest.raises(LayoutError) as err:
        render_label(label(tracking_number="RR123456784VN"))
    assert "5" in err.value.message and "4" in err.value.message  # the S10 message: check digit 5, not 4


def test_every_s10_number_fits_58_mm_at_two_dot_bars():
    assert barcode_fits("RR123456785VN", 384) and not barcode_fits("RR123456785VN" + "X", 384)


def test_helpers():
    assert money(1_250_000) == "1.250.000đ"
    assert mask_name("Nguyễn Thị Thùy Dương") == "Nguyễn T. T. D."
    assert mask_name(mask_name("Nguyễn Thị Thùy Dương")) == "Nguyễn T. T. D."
    assert mask_name("Ánh") == "Ánh"


@pytest.mark.parametrize("width_mm", [80, 58])
def test_label_render_time_and_size(width_mm):
    data, ms = timed(render_label, label(), width_mm)
    print(f"\nlabel {width_mm} mm: {ms:.1f} ms, {len(data)} bytes")
    assert ms < 1000 and len(data) < 40_000
