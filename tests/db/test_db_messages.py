"""Every user-facing string of the database core has an English translation."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from core.i18n import missing

MODULES = ["db.engine", "db.migrate", "db.numbering", "db.services.queue", "db.services.outbox", "db.services.devices", "db.seed"]


def _strings(module: str) -> list[str]:
    mod = importlib.import_module(module)
    tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
        and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
    ]


@pytest.mark.parametrize("module", MODULES)
def test_all_strings_translated(module: str) -> None:
    assert missing("db", _strings(module)) == []
