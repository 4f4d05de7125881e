"""Every user-facing catalogue string has an English translation with the same placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import db.catalogue
from core.i18n import gettext, missing
from db.catalogue import messages  # noqa: F401 - registers the English catalogue

SOURCE = Path(db.catalogue.__file__).parent


def _strings() -> list[str]:
    found = []
    for path in SOURCE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.append(node.args[0].value)
    return found


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_all_strings_translated() -> None:
    texts = _strings()
    assert len(texts) > 30
    assert missing("db", texts) == []
    for text in texts:
        english = gettext("db", text, lang="en")
        assert _fields(english) == _fields(text), text
        assert english != text, text
