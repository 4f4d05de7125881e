"""Procedure editor: create (audited), invalid input refused with field messages, version history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.catalogue import service
from db.catalogue.errors import ProcedureNotFound
from db.models import AuditEvent
from tests.fixtures.admin_app import SIZE, USERS, sign_in, wait_for


async def test_create_a_procedure(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await wait_for(pilot, lambda: app.screen.query_one("#catalogue-table").row_count > 0)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.id == "procedure-editor")
        editor = app.screen
        editor.query_one("#edit-code").value = "HN-LOCAL-7"
        editor.query_one("#edit-name").value = "Cấp bản sao trích lục hộ tịch"
        editor.query_one("#edit-field").value = "Hộ tịch"
        editor.query_one("#edit-level").value = "xã"
        editor.query_one("#edit-processing_days").value = "1"
        editor.query_one("#edit-documents").text = "1+0 | Tờ khai cấp bản sao\n0+1 | Giấy ủy quyền | nếu nộp thay"
        editor.query_one("#edit-aliases").text = "xin bản sao khai sinh"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen.id == "catalogue-screen")
    with staff_database.read_session() as s:
        detail = service.get_procedure(s, "HN-LOCAL-7")
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "catalogue.create")).one()
    assert detail.national_code is None and detail.processing_days == 1
    assert [d.required for d in detail.documents] == [True, False] and detail.aliases == ["xin bản sao khai sinh"]
    assert event.actor == USERS["admin"] and event.entity_id == "HN-LOCAL-7" and event.after["documents"] == 2


async def test_invalid_input_is_refused_with_field_messages(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await wait_for(pilot, lambda: app.screen.query_one("#catalogue-table").row_count > 0)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.id == "procedure-editor")
        editor = app.screen
        editor.query_one("#edit-code").value = "BAD 1"
        editor.query_one("#edit-name").value = "Thủ tục lỗi"
        editor.query_one("#edit-field").value = "Hộ tịch"
        editor.query_one("#edit-documents").text = "một dòng không đúng dạng"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "documents[1]" in str(editor.query_one("#editor-error").render()))
        editor.query_one("#edit-documents").text = "1+0 | Tờ khai"
        editor.query_one("#edit-cutoff_time").value = "25:00"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "CAT-002" in str(editor.query_one("#editor-error").render()))
        text = str(editor.query_one("#editor-error").render())
        assert "cutoff_time" in text and "level" in text and "code" in text
        assert app.screen is editor
    with staff_database.read_session() as s, pytest.raises(ProcedureNotFound):
        service.get_procedure(s, "BAD 1")


async def test_version_history_lists_versions(staff_database, admin_app_factory) -> None:
    code = "1.001193"
    with staff_database.session() as s:
        current = service.get_procedure(s, code)
        service.save_procedure(s, code, {"processing_days": 5}, current.row_version, "khác")
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        screen = app.screen
        await wait_for(pilot, lambda: screen.query_one("#catalogue-table").row_count > 0)
        screen.query_one("#catalogue-search").value = code
        await wait_for(pilot, lambda: screen.selected_code() == code)
        await pilot.press("h")
        await wait_for(pilot, lambda: app.screen.id == "history-dialog"
                       and app.screen.query_one("#history-table").row_count == 2)
        table = app.screen.query_one("#history-table")
        assert [str(c) for c in table.get_row_at(0)][:1] == ["2"] and str(table.get_row_at(0)[2]) == "khác"
        await wait_for(pilot, lambda: "5" in str(app.screen.query_one("#history-text").render()))
        table.move_cursor(row=1)
        await wait_for(pilot, lambda: "Tờ khai" in str(app.screen.query_one("#history-text").render())
                       and ": 0" in str(app.screen.query_one("#history-text").render()))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
