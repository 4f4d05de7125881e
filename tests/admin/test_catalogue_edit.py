"""Catalogue edits in the console: audited with before/after; a second console's stale save is refused."""

from __future__ import annotations

from sqlalchemy import select

from db.catalogue import service
from db.engine import Database
from db.models import AuditEvent
from tests.fixtures.admin_app import SIZE, USERS, add_staff, sign_in, wait_for

CODE = "1.001193"  # Đăng ký khai sinh, in the seeded catalogue


async def _open_editor(pilot, code: str = CODE):  # noqa: ANN001, ANN202
    app = pilot.app
    screen = app.screen
    await wait_for(pilot, lambda: screen.query_one("#catalogue-table").row_count > 0)
    screen.query_one("#catalogue-search").value = code
    await wait_for(pilot, lambda: screen.selected_code() == code)
    await pilot.press("e")
    await wait_for(pilot, lambda: app.screen.id == "procedure-editor"
                   and not app.screen.query_one("#editor-save").disabled)
    return app.screen


async def test_edit_creates_a_version_and_an_audit_event(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        editor = await _open_editor(pilot)
        assert editor.query_one("#edit-name").value == "Đăng ký khai sinh"
        assert "Tờ khai đăng ký khai sinh" in editor.query_one("#edit-documents").text
        editor.query_one("#edit-name").value = "Đăng ký khai sinh (sửa)"
        editor.query_one("#edit-aliases").text += "\nlàm giấy khai sinh cho con"
        editor.query_one("#edit-documents").text += "\n0+1 | Văn bản ủy quyền [b]x[/b] | nếu nhờ người khác nộp"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen.id == "catalogue-screen")
    with staff_database.read_session() as s:
        detail = service.get_procedure(s, CODE)
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity_id == CODE)
                          .order_by(AuditEvent.id.desc())).first()
    assert detail.name == "Đăng ký khai sinh (sửa)" and detail.version_no == 2
    assert "làm giấy khai sinh cho con" in detail.aliases
    assert detail.documents[-1].name == "Văn bản ủy quyền [b]x[/b]"  # literal, markup not interpreted
    assert detail.documents[-1].condition == "nếu nhờ người khác nộp"
    assert event is not None and event.action == "catalogue.save" and event.actor == USERS["admin"]
    assert event.before["name"] == "Đăng ký khai sinh"
    assert event.after["name"] == "Đăng ký khai sinh (sửa)"


async def test_second_console_save_is_refused_as_stale(database, admin_app_factory) -> None:
    """Two consoles (two engines) on one database, SQLite and PostgreSQL."""
    add_staff(database)
    staff_database = database
    other_db = Database(staff_database.url)  # a second console process on the same database
    first, second = admin_app_factory(staff_database), admin_app_factory(other_db)
    try:
        async with first.run_test(size=SIZE) as p1, second.run_test(size=SIZE) as p2:
            await sign_in(p1, USERS["admin"])
            await sign_in(p2, USERS["admin"])
            e1 = await _open_editor(p1)
            e2 = await _open_editor(p2)
            e1.query_one("#edit-name").value = "Tên do bàn 1 sửa"
            await p1.press("ctrl+s")
            await wait_for(p1, lambda: first.screen.id == "catalogue-screen")
            e2.query_one("#edit-name").value = "Tên do bàn 2 sửa"
            await p2.press("ctrl+s")
            await wait_for(p2, lambda: "CAT-003" in str(e2.query_one("#editor-error").render()))
            assert second.screen is e2  # the editor stays open, the user's text is kept
            assert e2.query_one("#edit-name").value == "Tên do bàn 2 sửa"
            assert e2.query_one("#editor-save").disabled
            await p2.click("#editor-reload")
            await wait_for(p2, lambda: e2.query_one("#edit-name").value == "Tên do bàn 1 sửa")
            assert not e2.query_one("#editor-save").disabled
    finally:
        other_db.dispose()
    with staff_database.read_session() as s:
        assert service.get_procedure(s, CODE).name == "Tên do bàn 1 sửa"


async def test_retire_and_restore_from_the_table(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        screen = app.screen
        await wait_for(pilot, lambda: screen.query_one("#catalogue-table").row_count > 0)
        screen.query_one("#catalogue-search").value = CODE
        await wait_for(pilot, lambda: screen.selected_code() == CODE)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: screen.selected_code() != CODE)  # gone from the "active" list
        with staff_database.read_session() as s:
            assert service.get_procedure(s, CODE).active is False
        screen.query_one("#filter-active").value = "retired"
        await wait_for(pilot, lambda: screen.selected_code() == CODE)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: screen.selected_code() is None)
    with staff_database.read_session() as s:
        assert service.get_procedure(s, CODE).active is True
        actions = [e.after.get("active") for e in s.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == CODE).order_by(AuditEvent.id))]
    assert actions[-2:] == [False, True]


async def test_escape_asks_before_dropping_unsaved_edits(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        editor = await _open_editor(pilot)
        await pilot.press("escape")  # nothing changed: closes at once
        await wait_for(pilot, lambda: app.screen.id == "catalogue-screen")
        editor = await _open_editor(pilot)
        editor.query_one("#edit-aliases").text += "\ngiấy khai sinh cho bé"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.press("escape")  # "no": back in the editor with the text still there
        await wait_for(pilot, lambda: app.screen is editor)
        assert "giấy khai sinh cho bé" in editor.query_one("#edit-aliases").text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: app.screen.id == "catalogue-screen")
    with staff_database.read_session() as s:
        assert "giấy khai sinh cho bé" not in service.get_procedure(s, CODE).aliases
