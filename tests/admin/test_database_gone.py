"""A database that goes away mid-session: a clear message in the console, never a traceback or an exit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import OperationalError

from admin_tui.guard import ConsoleDatabase, database_problem
from db.engine import DatabaseUnavailable
from tests.fixtures.admin_app import SIZE, USERS, sign_in, wait_for


def _notes(app) -> list[str]:  # noqa: ANN001
    return [str(n.message) for n in app._notifications]


async def test_deleted_sqlite_file_is_reported_in_every_mode(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await wait_for(pilot, lambda: app.screen.query_one("#catalogue-table").row_count > 0)
        # The file goes away: the file-identity check refuses every transaction (DB-005); without it the next
        # connection would re-create it empty ("no such table").
        staff_database.dispose()
        path = Path(staff_database.url.removeprefix("sqlite:///"))
        for f in path.parent.glob(path.name + "*"):
            f.unlink()
        for key in ("f4", "f3", "f5", "f6", "f7", "f8", "f9"):
            await pilot.press(key)
            await pilot.pause(0.3)
        def gone(note: str) -> bool:
            return "DB-005" in note or "DB-001" in note

        await wait_for(pilot, lambda: any(gone(n) for n in _notes(app)))
        assert app.is_running and app.return_code is None
        assert all("no such table" not in n for n in _notes(app))
        assert sum(gone(n) for n in _notes(app)) <= 2  # said once, not once per refresh
        await pilot.press("ctrl+l")  # sign-out still works (its audit row is lost, not fatal)
        await wait_for(pilot, lambda: app.current_mode == "login")
    assert app.return_code in (0, None)


def test_raw_driver_errors_become_database_unavailable(staff_database) -> None:
    guarded = ConsoleDatabase(staff_database)
    raw = OperationalError("SELECT 1", {}, Exception("no such table: dossiers"))

    def fail(session):  # noqa: ANN001, ANN202
        raise raw

    try:
        guarded.run(fail)
    except DatabaseUnavailable as exc:
        assert exc.code == "DB-001" and "no such table" not in exc.message
    else:
        raise AssertionError("not translated")
    assert guarded.url == staff_database.url
    assert database_problem(ValueError("x")) is None
    assert database_problem(raw).code == "DB-001"
