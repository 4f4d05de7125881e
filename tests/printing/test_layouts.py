"""Layouts: widths, wrapping, sanitised payload text, languages and errors."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.i18n import missing
from devices.layouts import LayoutError, preview_png, render_payload, render_receipt, render_test_page, render_ticket
from devices.layouts.canvas import Canvas
from devices.layouts.fonts import fonts_for
from devices.virtual_printer.parser import parse
from tests.printing.helpers import qr_texts

LONG = ("Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi "
        "tại Ủy ban nhân dân xã Ấp Quỳnh, huyện Đắk Rlấp, tỉnh Đắk Nông")


def test_wrapped_lines_stay_inside_the_paper():
    canvas = Canvas(384, fonts_for())
    canvas.paragraph(LONG + " " + "x" * 120, 18, hanging=18)
    ink = np.asarray(canvas.image()) == 0
    assert len(canvas.rows) >= 6
    assert not ink[:, -1].any()  # nothing clipped at the right edge


def test_mixed_runs_keep_their_spaces():
    canvas = Canvas(576, fonts_for())
    words = canvas._words([("Ông/Bà: ", False), ("NGUYỄN VĂN A", True)])
    assert words == [("Ông/Bà:", False, False), ("NGUYỄN", True, True), ("VĂN", True, True), ("A", True, True)]


def test_control_characters_in_payload_never_become_commands(ticket_payload, receipt_payload, tmp_path):
    evil = "A\x1dV\x00\x1b@\x10\x04\x01[bold]B[/bold]\u202eC"
    ticket_payload.update(queue_name=evil, site_name=evil, counter_group=evil)
    receipt_payload["applicant"]["name"] = evil
    receipt_payload["documents"][0]["name"] = evil
    for data in (render_ticket(ticket_payload), render_receipt(receipt_payload, 58)):
        cmds = parse(data)
        assert [c.kind for c in cmds].count("cut") == 1
        assert not [c for c in cmds if c.kind in ("realtime", "text", "unknown")]
    rendered = preview_png(render_ticket(ticket_payload), tmp_path / "t.png")
    assert rendered.cuts == 1


def test_sizes_and_native_qr_is_small(ticket_payload, receipt_payload):
    native, image = render_ticket(ticket_payload), render_ticket(ticket_payload, native_qr=False)
    assert len(native) < len(image)
    assert len(render_ticket(ticket_payload, 58)) < len(native)
    assert len(render_receipt(receipt_payload)) < 90_000  # a blank-row-free raster, not a full-page image


@pytest.mark.parametrize("kind", ["ticket", "receipt", "test"])
def test_raster_qr_variant_still_decodes(kind, ticket_payload, receipt_payload, tmp_path):
    payload = {"ticket": ticket_payload, "receipt": receipt_payload,
               "test": {"title": "Thử", "lines": ["Dòng tiếng Việt"], "qr": "TEST|Ấp"}}[kind]
    renderer = {"ticket": render_ticket, "receipt": render_receipt, "test": render_test_page}[kind]
    preview_png(renderer(payload, 58, native_qr=False), tmp_path / "p.png")
    assert qr_texts(tmp_path / "p.png") == [payload["qr"]]


def test_preview_png_is_what_prints(receipt_payload, tmp_path):
    out = tmp_path / "r.png"
    rendered = preview_png(render_receipt(receipt_payload, 58), out)
    assert Image.open(out).size == rendered.image.size and rendered.image.width == 384
    assert rendered.qr_texts == [receipt_payload["qr"]]


def test_receipt_in_english_and_post_return(receipt_payload, tmp_path):
    receipt_payload.update(return_method="post", return_place="Số 1 Phố X, Hà Nội")
    data = render_receipt(receipt_payload, lang="en")
    assert preview_png(data, tmp_path / "en.png").qr_texts == [receipt_payload["qr"]]


def test_payload_errors_have_codes(ticket_payload, receipt_payload):
    with pytest.raises(LayoutError) as err:
        render_ticket({**ticket_payload, "number": ""})
    assert err.value.code == "LAY-010"
    with pytest.raises(LayoutError) as err:
        render_receipt({**receipt_payload, "received_at": "yesterday"})
    assert err.value.code == "LAY-003"
    with pytest.raises(LayoutError) as err:
        render_ticket(ticket_payload, 72)
    assert err.value.code == "LAY-005"
    with pytest.raises(LayoutError) as err:
        render_payload("poster", {})
    assert err.value.code == "LAY-030"


def test_missing_font_is_a_clear_error(ticket_payload):
    with pytest.raises(LayoutError) as err:
        render_ticket(ticket_payload, font_path="/nonexistent/font.ttf")
    assert err.value.code == "LAY-002"


def test_custom_font_without_bold_face(ticket_payload, tmp_path):
    import shutil

    font = tmp_path / "Only.ttf"
    shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", font)  # fonts-dejavu-core; alone: no bold beside it
    preview_png(render_ticket(ticket_payload, font_path=str(font)), tmp_path / "t.png")
    assert qr_texts(tmp_path / "t.png") == [ticket_payload["qr"]]


def test_every_label_has_an_english_translation():
    root = Path(__file__).resolve().parents[2] / "devices"
    sources = [*root.glob("layouts/*.py"), *root.glob("printing/**/*.py"), *root.glob("virtual_printer/*.py")]
    labels = set()
    for path in sources:
        labels |= set(re.findall(r"""\b_\(\s*["']([^"']+)["']""", path.read_text(encoding="utf-8")))
    import devices.layouts  # noqa: F401 - registers catalogues
    import devices.printing  # noqa: F401

    assert labels and missing("devices", sorted(labels)) == []


def test_full_id_number_is_masked_on_paper(receipt_payload):
    from devices.layouts.receipt import _masked_id

    assert _masked_id("001090123456") == "0010******56"
    assert _masked_id("0010******56") == "0010******56"
    receipt_payload["applicant"]["id_masked"] = "001090123456"
    assert render_receipt(receipt_payload) == render_receipt({**receipt_payload, "applicant": {
        **receipt_payload["applicant"], "id_masked": "0010******56"}})


def test_very_long_unbroken_words_wrap_quickly(receipt_payload, ticket_payload):
    """A pasted 5,000-character token (no spaces) is broken across lines in well under a second."""
    import time

    receipt_payload["reference"] = "X" * 5000
    receipt_payload["site_address"] = "đ" * 5000
    ticket_payload["queue_name"] = "Ư" * 3000
    started = time.monotonic()
    render_receipt(receipt_payload)
    render_ticket(ticket_payload)
    assert time.monotonic() - started < 5


def test_a_paper_that_is_only_shown_is_never_printed_as_handed_in():
    from devices.layouts.receipt import _document_line

    card = "Giấy tờ tùy thân (thẻ căn cước/CCCD/hộ chiếu) – xuất trình"
    assert _document_line({"name": card, "originals": 1}, "vi") == f"{card}: đã xuất trình tại kiosk"
    assert _document_line({"name": card, "originals": 1, "at_counter": True}, "vi") == f"{card}: xuất trình tại quầy"
    form = _document_line({"name": "Tờ khai", "originals": 1, "at_counter": True}, "vi")
    assert form == "Tờ khai: 1 bản chính, nộp tại quầy"
