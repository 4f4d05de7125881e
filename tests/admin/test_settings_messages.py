"""Every user-facing string of the operational modes and their services has an English translation."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from core.i18n import missing

ROOT = Path(__file__).resolve().parents[2]
ADMIN_MODULES = ["queue", "queue_data", "queue_widgets", "dossiers", "dossiers_detail", "dossiers_status",
                 "dossiers_pdf", "devices", "devices_data", "reports", "settings", "settings_form"]
DB_MODULES = ["site_admin/sites", "site_admin/queues", "dossier_admin", "reports"]
#: Module-level tables whose values are Vietnamese source strings translated where shown.
TABLES = {"RULES", "STATES", "FLAG_LABELS", "PAPER", "FAULTS", "CALL_REASONS", "GROUPS", "LEVEL_LABELS", "KINDS",
          "WEEKDAYS", "CAMERA", "COLUMNS"}


def _literals(path: Path) -> list[str]:
    """Source strings passed to ``_()`` plus the Vietnamese strings of the label tables."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            out.append(node.args[0].value)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in TABLES for t in node.targets):
            out += [c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)
                    and any(ord(ch) > 127 for ch in c.value) or (isinstance(c, ast.Constant) and c.value in
                                                                  ("T2", "T3", "T4", "T5", "T6", "T7", "CN"))]
    return out


@pytest.mark.parametrize("name", ADMIN_MODULES)
def test_admin_strings_translated(name: str) -> None:
    importlib.import_module(f"admin_tui.modes.{name}")
    importlib.import_module("admin_tui.messages")
    texts = [t for t in _literals(ROOT / "admin_tui" / "modes" / f"{name}.py") if t.strip()]
    assert texts or name in ("queue_data", "devices_data")
    assert missing("admin", texts) == []


@pytest.mark.parametrize("name", DB_MODULES)
def test_service_strings_translated(name: str) -> None:
    importlib.import_module("db.services." + name.replace("/", "."))
    texts = [t for t in _literals(ROOT / "db" / "services" / f"{name}.py") if t.strip()]
    assert missing("db", texts) == []


def test_english_console_labels() -> None:
    from admin_tui.messages import _

    assert _("Gọi số tiếp", lang="en") == "Call next"
    assert _("{n} hồ sơ", lang="en", n=3) == "3 dossiers"


async def test_operational_modes_open_in_english(sqlite_database, tmp_path) -> None:
    """Every operational mode renders in English without a Vietnamese header left over."""
    from admin_tui.app import make_admin_app
    from core.i18n import set_language
    from core.settings import Settings
    from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for

    add_staff(sqlite_database)
    app = make_admin_app(Settings(data_dir=tmp_path, database_url=sqlite_database.url, language="en"),
                         database=sqlite_database)
    expected = {"f3": ("queue-screen", "#queue-waiting", "Number"), "f4": ("dossiers-screen", "#dossiers-table",
                                                                           "Reference"),
                "f5": ("devices-screen", "#devices-table", "Kiosk"), "f6": ("reports-screen", "#reports-table",
                                                                           "Received"),
                "f7": ("settings-screen", "#settings-sites", "Opening hours")}
    try:
        async with app.run_test(size=(150, 44)) as pilot:
            await sign_in(pilot, USERS["admin"])
            for key, (screen_id, table_id, header) in expected.items():
                await pilot.press(key)
                await wait_for(pilot, lambda sid=screen_id: app.screen.id == sid)
                labels = [str(c.label) for c in app.screen.query_one(table_id).columns.values()]
                assert header in labels, labels
    finally:
        set_language("vi")
