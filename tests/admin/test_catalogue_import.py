"""Catalogue import in the console: errors per row are shown and nothing is applied; a clean file applies."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from db.models import AuditEvent, Procedure
from tests.fixtures.admin_app import SIZE, USERS, sign_in, wait_for


def _count(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(select(func.count(Procedure.id)))


def _write(path: Path, procedures: list[dict]) -> str:
    path.write_text(json.dumps({"procedures": procedures}, ensure_ascii=False), encoding="utf-8")
    return str(path)


GOOD = {"code": "LOCAL-001", "name": "Xác nhận tình trạng hôn nhân (thử)", "field": "Hộ tịch", "level": "xã",
        "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}]}


async def _preview(pilot, path: str) -> None:  # noqa: ANN001
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.query_one("#catalogue-table").row_count > 0)
    await pilot.press("i")
    await wait_for(pilot, lambda: app.screen.id == "import-dialog")
    app.screen.query_one("#import-path").value = path
    await pilot.click("#import-preview")
    await wait_for(pilot, lambda: "…" not in str(app.screen.query_one("#import-summary").render())
                   and str(app.screen.query_one("#import-summary").render()))


async def test_import_with_errors_shows_them_and_applies_nothing(staff_database, admin_app_factory,
                                                                 tmp_path: Path) -> None:
    bad = [GOOD, {"code": "LOCAL-002", "name": "", "field": "Hộ tịch", "level": "huyện"},
           {"code": "LOCAL-003", "name": "[red]Tên[/red]", "field": "Hộ tịch", "level": "xã",
            "processing_days": "ba"}]
    path = _write(tmp_path / "bad.json", bad)
    before = _count(staff_database)
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await _preview(pilot, path)
        dialog = app.screen
        table = dialog.query_one("#import-issues")
        assert table.row_count >= 3
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["2", "name"] in [r[:2] for r in rows] and ["2", "level"] in [r[:2] for r in rows]
        assert ["3", "processing_days"] in [r[:2] for r in rows]
        assert "lỗi" in str(dialog.query_one("#import-summary").render())
        assert dialog.query_one("#import-apply").disabled
        await pilot.click("#import-apply")  # disabled: nothing happens
        await pilot.press("escape")
    assert _count(staff_database) == before
    with staff_database.read_session() as s:
        assert s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.startswith("catalogue.import"))) == 0


async def test_clean_import_applies_after_preview_and_is_audited(staff_database, admin_app_factory,
                                                                 tmp_path: Path) -> None:
    path = _write(tmp_path / "good.json", [GOOD])
    before = _count(staff_database)
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await _preview(pilot, path)
        assert _count(staff_database) == before  # the preview writes nothing
        assert not app.screen.query_one("#import-apply").disabled
        await pilot.click("#import-apply")
        await wait_for(pilot, lambda: app.screen.query_one("#import-apply").disabled and _count(staff_database)
                       == before + 1)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.id == "catalogue-screen")
    with staff_database.read_session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "catalogue.import_file")).one()
        summary = s.scalars(select(AuditEvent).where(AuditEvent.action == "catalogue.import")).one()
    assert event.actor == summary.actor == USERS["admin"] and event.user_id is not None
    assert event.after["created"] == ["LOCAL-001"] and event.after["path"].endswith("good.json")


async def test_export_writes_the_catalogue(staff_database, admin_app_factory, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await wait_for(pilot, lambda: app.screen.query_one("#catalogue-table").row_count > 0)
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.query("#ask-input"))
        app.screen.query_one("#ask-input").value = str(out)
        await pilot.click("#ask-ok")
        await wait_for(pilot, lambda: out.exists() and "out.csv" in str(
            app.screen.query_one("#catalogue-status").render()))
    assert out.read_text(encoding="utf-8-sig").startswith("code,national_code")
