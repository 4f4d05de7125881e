"""Tests for the CCCD / căn cước QR payload parser."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from core.i18n import gettext, missing
from devices.idcard import ERRORS, WARNINGS, IdCardError, mask_id, parse_id_payload

TODAY = date(2026, 1, 15)
ADDR = "Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội"
GOOD = f"001090123456|012345678|Nguyễn Văn An|01011990|Nam|{ADDR}|15042021"


def parse(text: str):
    return parse_id_payload(text, today=TODAY)


def test_seven_fields() -> None:
    card = parse(GOOD)
    assert card.to_json() == {
        "id": "001090123456",
        "old_id": "012345678",
        "name": "Nguyễn Văn An",
        "dob": "1990-01-01",
        "sex": "Nam",
        "address": ADDR,
        "issued": "2021-04-15",
        "warnings": [],
    }
    assert card.province == "Hà Nội"
    assert card.masked_id == "0010******56" == mask_id(card.id)


@pytest.mark.parametrize(
    "payload, old_id, warnings",
    [
        (f"001090123456||Nguyễn Văn An|01011990|Nam|{ADDR}|15042021", "", []),
        (f"001090123456|Nguyễn Văn An|01011990|Nam|{ADDR}|15042021", "", []),
        (f"001090123456|Nguyễn Văn An|01011990|Nam|{ADDR}|15042021|abc|", "", ["extra_fields"]),
        (GOOD + "|||", "012345678", []),
        (GOOD + "|Nguyễn Văn B|Trần Thị C", "012345678", ["extra_fields"]),
        (GOOD.replace("012345678", "001089000123"), "001089000123", []),
        (GOOD + "\r\n", "012345678", []),
        (GOOD + "\n", "012345678", []),
    ],
)
def test_variants(payload: str, old_id: str, warnings: list[str]) -> None:
    card = parse(payload)
    assert (card.id, card.old_id, card.name, card.address) == ("001090123456", old_id, "Nguyễn Văn An", ADDR)
    assert card.issued == date(2021, 4, 15)
    assert card.warnings == warnings


def test_nfc_and_sanitising() -> None:
    decomposed = unicodedata.normalize("NFD", GOOD)
    assert decomposed != GOOD
    card = parse(decomposed)
    assert card.name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", card.address)
    dirty = "001090123456|\u200b|Nguy\u202eễn Văn\x07 An\u202c|01011990|Nam\x00|Số 1\u2066 Tràng Tiền\u2069|15042021"
    card = parse(dirty)
    assert (card.old_id, card.name, card.sex, card.address) == ("", "Nguyễn Văn An", "Nam", "Số 1 Tràng Tiền")


def test_markup_kept_literally() -> None:
    card = parse("001090123456||[b]x[/b] [red]Lê[/]|01011990|Nam|[link=http://x]y[/link]|15042021")
    assert card.name == "[b]x[/b] [red]Lê[/]"
    assert card.address == "[link=http://x]y[/link]"


@pytest.mark.parametrize("sex_text, sex", [("Nam", "Nam"), ("nam", "Nam"), ("NAM", "Nam"), ("Nữ", "Nữ"), ("nữ", "Nữ"), ("Nu", "Nữ")])
def test_sex_variants(sex_text: str, sex: str) -> None:
    number = "001090123456" if sex == "Nam" else "001190123456"
    assert parse(f"{number}||Trần Thị B|01011990|{sex_text}|{ADDR}|15042021").sex == sex


def test_centuries() -> None:
    assert parse(f"079304000001||Lê Thị C|29022004|Nữ|{ADDR}|01032020").dob == date(2004, 2, 29)
    assert parse(f"079204000001||Lê Văn D|31122004|Nam|{ADDR}|").issued is None


def test_warnings() -> None:
    card = parse(f"099090123456||Nguyễn Văn An|01011990|Nam||")
    assert card.warnings == ["no_issue_date", "unknown_province", "no_address"]
    assert card.province is None


@pytest.mark.parametrize(
    "payload, code",
    [
        ("", "IDC-001"),
        ("hello world", "IDC-001"),
        ("HS|000.00.16.H36-231121-0001|7KQM", "IDC-001"),
        ("VE|HN01|2026-01-15|HT-012|a|b|c", "IDC-001"),
        ("001090123456|Nguyễn Văn An|01011990|Nam", "IDC-002"),
        (GOOD.replace("001090123456", "00109012345"), "IDC-003"),
        (GOOD.replace("001090123456", "0010901234567"), "IDC-003"),
        (GOOD.replace("001090123456", "00109012345O"), "IDC-003"),
        (GOOD.replace("001090123456", "001190123456"), "IDC-004"),  # female digit, sex Nam
        (GOOD.replace("001090123456", "001290123456"), "IDC-004"),  # 2000s digit, born 1990
        (GOOD.replace("001090123456", "001091123456"), "IDC-005"),
        (GOOD.replace("01011990", "31021990"), "IDC-006"),
        (GOOD.replace("01011990", "1990-01-01"), "IDC-006"),
        (GOOD.replace("01011990", "0101199"), "IDC-006"),
        ("001326123456||Bé Tương Lai|01012026|Nữ|x|", None),  # valid: born this month
        ("001326123456||Bé Tương Lai|01022026|Nữ|x|", "IDC-007"),
        (GOOD.replace("15042021", "31042021"), "IDC-008"),
        (GOOD.replace("15042021", "15/04/2021"), "IDC-008"),
        (GOOD.replace("15042021", "01011990"), "IDC-009"),
        (GOOD.replace("15042021", "15041980"), "IDC-009"),
        (GOOD.replace("15042021", "16012026"), "IDC-010"),
        (GOOD.replace("|Nam|", "|Khác|"), "IDC-011"),
        (GOOD.replace("|Nam|", "||"), "IDC-011"),
        (GOOD.replace("012345678", "01234567"), "IDC-012"),
        (GOOD.replace("012345678", "0123456789"), "IDC-012"),
        (GOOD.replace("Nguyễn Văn An", "\u202e"), "IDC-013"),
    ],
)
def test_rejections(payload: str, code: str | None) -> None:
    if code is None:
        parse(payload)
        return
    with pytest.raises(IdCardError) as err:
        parse(payload)
    assert err.value.code == code
    assert "\n" not in str(err.value) and str(err.value).startswith(f"[{code}] ")


def test_future_by_default_today() -> None:
    with pytest.raises(IdCardError) as err:
        parse_id_payload("001390123456||Bé|01013090|Nữ|x|")
    assert err.value.code in {"IDC-004", "IDC-007"}


def test_messages_translated() -> None:
    assert missing("devices", list(ERRORS.values()) + list(WARNINGS.values())) == []
    assert gettext("devices", ERRORS["IDC-003"], lang="en") == "The ID number must be exactly 12 digits"


def test_repr_hides_personal_data() -> None:
    text = repr(parse(GOOD))
    assert "Nguyễn" not in text and "001090123456" not in text
