"""Unit tests of the credential policy (``core.credentials``): pure, no database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core import credentials
from core.credentials import (
    MIN_PASSWORD_LENGTH,
    common_passwords,
    is_trivial_pin,
    password_refusal,
    pin_refusal,
)
from core.i18n import missing, set_language
from tests.fixtures.credentials import AGENT_PIN, OTHER_PASSWORD, OTHER_PIN, PASSWORD, WRONG_PIN


def _rule(password: str, username: str = "quan.tri", full_name: str = "") -> str:
    refusal = password_refusal(password, username, full_name)
    return refusal.rule if refusal else "ok"


def test_the_shipped_list_holds_the_well_known_ones() -> None:
    listed = common_passwords()
    assert len(listed) > 3000
    for word in ("123456789", "matkhau", "matkhau123", "anhyeuem", "iloveyou", "admin123", "qwertyuiop",
                 "1qaz2wsx", "emyeuanh", "password1"):
        assert word in listed, word


@pytest.mark.parametrize("password", [
    "1234567890", "matkhau123", "Mật-Khẩu-2024", "MATKHAU@2025", "P@ssw0rd123", "anhyeuem1990", "Anh yêu em 123",
    "iloveyou2024", "qwertyuiop", "1qaz2wsx3edc", "QWERTY123456", "aaaaaaaaaaaa", "ababababab", "Admin@123456",
    "dragon!!!!!!", "0987654321", "abcdefghijk", "123dragon456",
])
def test_common_passwords_are_refused(password: str) -> None:
    refusal = password_refusal(password, "x.y")
    assert refusal is not None and refusal.rule == "common" and refusal.code == "ACC-012"
    assert "phổ biến" in refusal.message


@pytest.mark.parametrize("password", [PASSWORD, OTHER_PASSWORD, "correct horse 1", "Sông Hồng 1987 đỏ",
                                      "Xe-dap-do-1987", "8392017465", "tranhoang2024"])
def test_good_passwords_pass(password: str) -> None:
    assert _rule(password) == "ok"


def test_length_rules() -> None:
    assert _rule("Ab3$fG7!k") == "too_short"  # 9 characters
    assert password_refusal("Ab3$fG7!k").code == "ACC-004"
    assert str(MIN_PASSWORD_LENGTH) in password_refusal("x").message
    assert _rule("Kq7-" * 51) == "too_long" and password_refusal("Kq7-" * 51).code == "ACC-014"
    assert _rule("Kq7-" * 50) == "ok"  # 200 characters


@pytest.mark.parametrize(("password", "username", "full_name"), [
    ("quan.tri.2024!", "quan.tri", ""),
    ("QuanTri-Song-Hong", "quan.tri", ""),       # case and separators ignored
    ("xx-Đức.Anh-Hồ-Tây-9", "duc.anh", ""),      # diacritics ignored both ways
    ("ducanh-Ho-Tay-9", "Đức.Anh", ""),
    ("NguyenVanAn-77!", "an", "Nguyễn Văn An"),  # the full name too
])
def test_the_user_name_is_refused_inside_the_password(password: str, username: str, full_name: str) -> None:
    refusal = password_refusal(password, username, full_name)
    assert refusal is not None and refusal.rule == "contains_name" and refusal.code == "ACC-013"


def test_a_very_short_user_name_is_not_searched_for() -> None:
    assert _rule("Thanh-Long-Song-Han-90", username="an") == "ok"  # "an" is in too many words to refuse them


@pytest.mark.parametrize("pin", ["000000", "111111", "999999", "123456", "654321", "012345", "890123", "135791",
                                 "121212", "123123", "909090", "123321", "100001", "112233", "998877", "147258",
                                 "159753", "789456", "102030"])
def test_trivial_pins_are_refused(pin: str) -> None:
    refusal = pin_refusal(pin)
    assert refusal is not None and refusal.rule == "pin_trivial" and refusal.code == "ACC-015"
    assert "dễ đoán" in refusal.message


@pytest.mark.parametrize("pin", ["1234", "4321", "12345", "1234567", "12a456", "", " 48261", "４８２６１９", "48261９"])
def test_pins_are_exactly_six_ascii_digits(pin: str) -> None:
    refusal = pin_refusal(pin)
    assert refusal is not None and refusal.rule == "pin_format" and refusal.code == "ACC-003"
    assert "6 chữ số" in refusal.message


def test_good_pins_pass_and_trivial_ones_are_a_small_share() -> None:
    for pin in (AGENT_PIN, OTHER_PIN, WRONG_PIN, "739251"):
        assert pin_refusal(pin) is None, pin
    trivial = sum(is_trivial_pin(f"{n:06d}") for n in range(10**6))
    assert 100 < trivial < 5000  # under 0.5% of the space: refusing them costs nothing


@pytest.mark.parametrize(("pin", "badge"), [("904217", "NV-904217"), ("004299", "BADGE-0042"),
                                            ("590421", "THE-2026-0421"), ("482619", "4826-19")])
def test_a_pin_from_the_badge_digits_is_refused(pin: str, badge: str) -> None:
    refusal = pin_refusal(pin, badge)
    assert refusal is not None and refusal.rule == "pin_badge" and refusal.code == "ACC-016"


def test_a_badge_with_few_digits_does_not_block_pins() -> None:
    assert pin_refusal(AGENT_PIN, "B-1") is None and pin_refusal(AGENT_PIN, "AGENT-DEMO-0001") is None


def test_every_message_has_an_english_translation() -> None:
    tree = ast.parse(Path(credentials.__file__).read_text(encoding="utf-8"))
    texts = [node.args[0].value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
             and node.args and isinstance(node.args[0], ast.Constant)]
    assert len(texts) == 7 and missing("core", texts) == []
    set_language("en")
    try:
        assert password_refusal("x").message == "The password must have at least 10 characters"
    finally:
        set_language("vi")
