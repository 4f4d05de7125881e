"""Every user-facing string of the submission steps has an English translation; sources are NFC."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

from core.i18n import gettext, set_language
from kiosk.messages.submit import EN
from kiosk.messages.voice import EN as VOICE_EN

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["flow", "consent", "id_card", "phone", "documents", "return_method", "review", "done"]
#: Module-level tables whose values are shown through ``_`` at run time.
TABLES = {"NOTICE", "STATUS_TEXT", "ADVICE", "FAULTS", "TITLE_VI", "EDITS"}


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append(node.args[0].value)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "say"
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value):
            found.append(node.args[1].value)
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(target, ast.Name) and target.id in TABLES:
            for const in ast.walk(node.value):
                if isinstance(const, ast.Constant) and isinstance(const.value, str) and " " in const.value:
                    found.append(const.value)
    return found


def _all_strings() -> list[str]:
    out: list[str] = []
    for name in MODULES:
        out += _strings(ROOT / "kiosk" / "screens" / f"{name}.py")
    return out


def test_every_string_has_english():
    strings = _all_strings()
    assert len(strings) > 80
    english = {**EN, **VOICE_EN}  # spoken instructions live in the voice catalogue
    missing = sorted({s for s in strings if s not in english})
    assert missing == []


def test_sources_are_nfc_and_placeholders_match():
    for vi, en in EN.items():
        assert unicodedata.normalize("NFC", vi) == vi
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", en)), vi


def test_english_is_served_through_the_kiosk_domain():
    import kiosk.messages  # noqa: F401 - registers the catalogues

    set_language("en")
    try:
        assert gettext("kiosk", "Tôi đồng ý") == "I agree"
        assert gettext("kiosk", "Đã chụp {n} trang", n=2) == "2 page(s) photographed"
    finally:
        set_language("vi")
