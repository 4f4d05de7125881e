"""VietQR payloads checked by code written here: a TLV parser, a bitwise CRC and the field rules of EMVCo/NAPAS."""

from __future__ import annotations

import re

import pytest

from core import vietqr
from core.errors import ERROR_CODES
from core.vietqr import VietQRError


def crc_bitwise(text: str) -> str:
    """CRC-16/CCITT-FALSE one bit at a time (the module under test uses a table)."""
    crc = 0xFFFF
    for byte in text.encode("ascii"):
        for bit in range(7, -1, -1):
            top = (crc >> 15) & 1
            crc = (crc << 1) & 0xFFFF
            if top ^ ((byte >> bit) & 1):
                crc ^= 0x1021
    return format(crc, "04X")


def parse_tlv(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into (tag, value) pairs, failing on any length that is not two digits or runs past the end."""
    out, i = [], 0
    while i < len(text):
        head = text[i:i + 4]
        assert re.fullmatch(r"\d{4}", head), f"tag/length at {i}: {head!r}"
        size = int(head[2:])
        assert size >= 1 and i + 4 + size <= len(text), f"field {head[:2]} of length {size} at {i}"
        out.append((head[:2], text[i + 4:i + 4 + size]))
        i += 4 + size
    return out


def check_rules(text: str) -> dict[str, str]:
    """Every rule the generator must follow; returns the top-level fields."""
    assert len(text) <= 512 and text.isascii()
    fields = parse_tlv(text)
    tags = [t for t, _v in fields]
    assert tags[0] == "00" and fields[0][1] == "01"  # payload format indicator first
    assert tags[1] == "01" and fields[1][1] in ("11", "12")
    assert tags[-1] == "63" and len(fields[-1][1]) == 4  # CRC last
    assert tags == sorted(tags) and len(set(tags)) == len(tags)  # ascending, no repeats
    assert text[-8:-4] == "6304" and re.fullmatch(r"[0-9A-F]{4}", text[-4:])
    assert crc_bitwise(text[:-4]) == text[-4:]
    return dict(fields)


def test_crc_matches_the_standard_check_value():
    # The catalogued check value of CRC-16/CCITT-FALSE for "123456789" is 0x29B1.
    assert crc_bitwise("123456789") == "29B1"
    assert vietqr.crc16_ccitt(b"123456789") == 0x29B1


def test_dynamic_transfer_fields():
    text = vietqr.payload("970436", "1023456789", 52_000, "000.00.16.H36-231121-0001")
    top = check_rules(text)
    assert top["01"] == "12" and top["53"] == "704" and top["54"] == "52000" and top["58"] == "VN"
    merchant = dict(parse_tlv(top["38"]))
    assert list(merchant) == ["00", "01", "02"]
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert dict(parse_tlv(merchant["01"])) == {"00": "970436", "01": "1023456789"}
    assert dict(parse_tlv(top["62"])) == {"08": "000.00.16.H36-231121-0001"}


def test_static_code_has_no_amount():
    top = check_rules(vietqr.payload("970436", "1023456789"))
    assert top["01"] == "11" and "54" not in top and "62" not in top


# Payloads made by other VietQR generators (a gateway's live payment link and two published examples), which
# banking apps read: the same inputs must give the same text, CRC included.
KNOWN = [
    (("970422", "VQRQADAIJ5512", 7000, "TL89 100"),
     "00020101021238570010A000000727012700069704220113VQRQADAIJ55120208QRIBFTTA5303704540470005802VN"
     "62120808TL89 1006304E346"),
    (("970436", "1023456789", 1943000, "TT000069"),
     "00020101021238540010A00000072701240006970436011010234567890208QRIBFTTA5303704540719430005802VN"
     "62120808TT0000696304A8E5"),
    (("970415", "0011001932418", 120000, "ung ho lu lut"),
     "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
     "62170813ung ho lu lut6304C15C"),
]


@pytest.mark.parametrize(("args", "expected"), KNOWN)
def test_known_payloads(args, expected):
    check_rules(expected)  # the reference texts pass our own rules too
    assert vietqr.payload(*args) == expected


def test_purpose_is_ascii_without_diacritics_and_at_most_25_characters():
    text = vietqr.payload("970436", "1023456789", 1000, "Lệ phí Đăng ký khai sinh – hồ sơ số 12")
    purpose = dict(parse_tlv(check_rules(text)["62"]))["08"]
    assert purpose == "Le phi Dang ky khai sinh"  # 25 characters cut to 24 by the trailing space
    assert purpose.isascii() and len(purpose) <= 25
    assert vietqr.ascii_text("Nguyễn  Thị\tĐào – “ĐƯỢC”") == 'Nguyen Thi Dao - "DUOC"'
    assert vietqr.ascii_text("漢字 only") == "only"


def test_a_purpose_with_nothing_ascii_is_left_out():
    assert "62" not in check_rules(vietqr.payload("970436", "1023456789", 1000, "漢字"))


@pytest.mark.parametrize(("args", "code"), [
    (("", "1023456789", 1000), "VQR-001"),
    ((None, "1023456789", 1000), "VQR-001"),
    (("970436", "", 1000), "VQR-002"),
    (("970436", "  ", 1000), "VQR-002"),
    (("97043", "1023456789", 1000), "VQR-003"),
    (("97043A", "1023456789", 1000), "VQR-003"),
    (("970436", "1023-456789", 1000), "VQR-004"),
    (("970436", "1" * 20, 1000), "VQR-004"),
    (("970436", "1023456789", 0), "VQR-005"),
    (("970436", "1023456789", -5), "VQR-005"),
    (("970436", "1023456789", 10 ** 13), "VQR-005"),
    (("970436", "1023456789", 12.5), "VQR-005"),
    (("970436", "1023456789", True), "VQR-005"),
])
def test_bad_settings_and_amounts_have_codes(args, code):
    with pytest.raises(VietQRError) as err:
        vietqr.payload(*args)
    assert err.value.code == code and code in ERROR_CODES


def test_spaces_in_settings_are_ignored_and_the_longest_fields_fit():
    text = vietqr.payload(" 970 436 ", "A" * 19, 10 ** 13 - 1, "x" * 60, service="QRIBFTTC")
    top = check_rules(text)
    assert len(top["54"]) == 13 and len(dict(parse_tlv(top["62"]))["08"]) == 25
    merchant = dict(parse_tlv(top["38"]))
    assert merchant["02"] == "QRIBFTTC" and dict(parse_tlv(merchant["01"]))["01"] == "A" * 19


def test_checksum_ok_detects_a_changed_character():
    text = vietqr.payload("970436", "1023456789", 52_000, "HS 0001")
    assert vietqr.checksum_ok(text)
    assert not vietqr.checksum_ok(text.replace("52000", "62000"))
    assert not vietqr.checksum_ok(text[:-1])


def test_the_payload_survives_a_printed_qr(tmp_path):
    """Made into a QR the way the layouts make one and read back by zxing-cpp, the text is unchanged."""
    import qrcode
    import zxingcpp

    text = vietqr.payload("970436", "1023456789", 52_000, "000.00.16.H36-231121-0001")
    img = qrcode.make(text, box_size=4).get_image().convert("L")
    assert [r.text for r in zxingcpp.read_barcodes(img)] == [text]


def test_messages_translate():
    from core.i18n import missing
    from pathlib import Path

    source = Path(vietqr.__file__).read_text(encoding="utf-8")
    labels = re.findall(r"""\b_\(\s*["']([^"']+)["']""", source)
    assert labels and missing("core.vietqr", labels) == []
    assert set(re.findall(r"VQR-\d{3}", source)) <= set(ERROR_CODES)
