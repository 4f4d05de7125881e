"""Every user-facing string of the shell, catalogue, users and audit modes has an English translation."""

from __future__ import annotations

import ast
from pathlib import Path

from admin_tui import modes
from admin_tui.context import ROLE_LABELS
from admin_tui.messages import _
from admin_tui.messages.shell import ENGLISH
from admin_tui.modes.catalogue import LEVELS
from admin_tui.modes.catalogue_editor import LABELS, ONLINE_CHOICES
from core.i18n import missing

ROOT = Path(__file__).resolve().parents[2] / "admin_tui"
MINE = ["app.py", "screens/login.py", "widgets", "modes/catalogue.py", "modes/catalogue_data.py",
        "modes/catalogue_editor.py", "modes/catalogue_history.py", "modes/catalogue_import.py", "modes/users.py",
        "modes/audit.py", "modes/__init__.py"]


def _literals() -> list[str]:
    out: list[str] = []
    for name in MINE:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    out.append(node.args[0].value)
    return out


def test_every_literal_and_label_is_translated() -> None:
    texts = _literals()
    texts += [m.title for m in modes.MODE_INFOS] + list(ROLE_LABELS.values()) + list(LABELS.values())
    texts += list(LEVELS) + list(ONLINE_CHOICES)
    assert len(texts) > 100
    assert missing("admin", texts) == []


def test_placeholders_survive_translation() -> None:
    for source, english in ENGLISH.items():
        assert sorted(part.split("}")[0] for part in source.split("{")[1:]) == \
            sorted(part.split("}")[0] for part in english.split("{")[1:]), source
    assert _("Đã thêm {user}", lang="en", user="an") == "Added an"
