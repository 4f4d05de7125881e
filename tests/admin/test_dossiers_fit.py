"""The dossiers screen at 120x40: every column, the deadline flag ("Hạn") included, fits without scrolling sideways."""

from __future__ import annotations

from pathlib import Path

from db.engine import Database
from tests.admin.test_dossiers_console import Clock, submit_with_scans, vn
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for


async def test_every_column_fits_at_120x40(sqlite_database: Database, admin_app_factory, tmp_path: Path) -> None:
    add_staff(sqlite_database)
    submit_with_scans(sqlite_database, tmp_path, vn(2026, 11, 16, 9))
    app = admin_app_factory(sqlite_database, clock=Clock(vn(2026, 11, 30, 11)))
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, USERS["agent"])
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.screen.id == "dossiers-screen")
        table = app.screen.query_one("#dossiers-table")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width, \
            (table.virtual_size.width, table.scrollable_content_region.width)
        row = [str(c) for c in table.get_row_at(0)]
        assert any("Quá hạn" in c or "quá hạn" in c for c in row), row  # the overdue flag is in the row
