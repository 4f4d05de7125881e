"""Every user-facing string of the calendar and dossier services has an English translation."""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

from core.i18n import missing

MODULES = ["db.calendar", "db.services.calendar_db", "db.services.dossiers", "db.services.dossier_flow",
           "db.services.dossier_purge", "db.services.feedback"]


@pytest.mark.parametrize("name", MODULES)
def test_all_messages_translated(name):
    module = importlib.import_module(name)
    texts = [
        node.args[0].value
        for node in ast.walk(ast.parse(inspect.getsource(module)))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
        and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
    ]
    assert texts and missing("db", texts) == []


def test_status_labels_translated():
    from db.services.dossier_status import STATUS_LABELS
    from db.services.feedback import CRITERIA, LEVELS

    assert missing("db", [*STATUS_LABELS.values(), *CRITERIA.values(), *LEVELS.values()]) == []
