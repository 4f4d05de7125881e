"""Catalogue filters (field, level, postal, active) combine with the kiosk's search."""

from __future__ import annotations

from db.catalogue import service
from tests.fixtures.admin_app import SIZE, USERS, sign_in, wait_for


async def test_filters_narrow_the_table(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        screen = app.screen
        table = screen.query_one("#catalogue-table")
        await wait_for(pilot, lambda: table.row_count > 0)
        total = screen.query_one("#catalogue-pager").total
        await wait_for(pilot, lambda: len(screen.query_one("#filter-field")._options) > 1)
        screen.query_one("#filter-level").value = "tỉnh"
        await wait_for(pilot, lambda: 0 < screen.query_one("#catalogue-pager").total < total)
        assert {row.level for row in screen.rows.values()} == {"tỉnh"}
        screen.query_one("#filter-postal").value = "no"
        await wait_for(pilot, lambda: all(not r.postal_allowed and r.level == "tỉnh" for r in screen.rows.values()))
        screen.query_one("#filter-level").clear()
        screen.query_one("#filter-postal").clear()
        screen.query_one("#filter-field").value = "Hộ tịch"
        await wait_for(pilot, lambda: screen.rows and {r.field for r in screen.rows.values()} == {"Hộ tịch"})
        screen.query_one("#catalogue-search").value = "khai sinh"  # kiosk search, no diacritics needed
        await wait_for(pilot, lambda: screen.selected_code() == "1.001193")
        assert {r.field for r in screen.rows.values()} == {"Hộ tịch"}
    with staff_database.read_session() as s:
        assert service.list_procedures(s, field="Hộ tịch").total >= 1


async def test_stored_text_is_shown_literally(staff_database, admin_app_factory) -> None:
    with staff_database.session() as s:
        service.save_procedure(s, "MARKUP-1", {"name": "Thủ tục [bold]đậm[/bold] [link=x]y[/link]",
                                              "field": "Hộ [i]tịch[/i]", "level": "xã"}, None, "test")
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        screen = app.screen
        screen.query_one("#catalogue-search").value = "MARKUP-1"
        await wait_for(pilot, lambda: screen.selected_code() == "MARKUP-1")
        table = screen.query_one("#catalogue-table")
        row = table.get_row("MARKUP-1")
        assert row[1].plain == "Thủ tục [bold]đậm[/bold] [link=x]y[/link]" and row[2].plain == "Hộ [i]tịch[/i]"
        assert not row[1].spans
