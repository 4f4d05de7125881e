"""Login: success, failure, lockout with a visible message, and which modes each role sees."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from db.models import AuditEvent
from db.services.accounts import MAX_FAILED_ATTEMPTS
from tests.fixtures.admin_app import PASSWORD, SIZE, USERS, sign_in, wait_for


def _message(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#login-message").render())


async def test_admin_signs_in_and_sees_the_catalogue(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        assert app.context.user is not None and app.context.user.role == "admin"
        assert app.current_mode == "catalogue"
        await wait_for(pilot, lambda: app.screen.query_one("#catalogue-table").row_count > 0)
        assert "catalogue" in app.allowed_modes


async def test_wrong_password_is_refused(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"], "sai-mat-khau")
        await wait_for(pilot, lambda: "ACC-021" in _message(app))
        assert app.context.user is None
        assert app.current_mode == "login"
    with staff_database.read_session() as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == USERS["admin"])))
    assert "auth.failed" in actions


async def test_lockout_after_repeated_failures_is_shown(staff_database, admin_app_factory) -> None:
    now = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # 09:00 in Hà Nội
    clock = {"now": now}
    app = admin_app_factory(staff_database, clock=lambda: clock["now"])
    async with app.run_test(size=SIZE) as pilot:
        for attempt in range(MAX_FAILED_ATTEMPTS - 1):
            await sign_in(pilot, USERS["agent"], f"sai-{attempt}")
            await wait_for(pilot, lambda: "ACC-021" in _message(app))
        await sign_in(pilot, USERS["agent"], "sai-lan-cuoi")
        await wait_for(pilot, lambda: "ACC-020" in _message(app))
        assert "15" in _message(app) and "09:15" in _message(app)
        assert app.screen.query_one("#login-message").has_class("-locked")
        # The right password does not help while locked.
        await sign_in(pilot, USERS["agent"], PASSWORD)
        await wait_for(pilot, lambda: "ACC-020" in _message(app))
        assert app.context.user is None
        # After the lockout ends, the right password works.
        clock["now"] = now + timedelta(minutes=16)
        await sign_in(pilot, USERS["agent"], PASSWORD)
        await wait_for(pilot, lambda: app.context.user is not None)


async def test_sign_out_returns_to_login(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.click("#logout")
        await wait_for(pilot, lambda: app.current_mode == "login")
        assert app.context.user is None and app.allowed_modes == ()
        await pilot.press("f8")  # users mode is gone with the session
        assert app.current_mode == "login"


async def test_unattended_console_signs_out(staff_database, admin_app_factory) -> None:
    from admin_tui.app import IDLE_SIGN_OUT

    clock = {"now": datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)}
    app = admin_app_factory(staff_database, clock=lambda: clock["now"])
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        clock["now"] += IDLE_SIGN_OUT - timedelta(minutes=1)
        await pilot.press("slash")  # activity resets the timer
        clock["now"] += timedelta(minutes=2)
        await app.sign_out_if_idle()
        assert app.context.user is not None
        clock["now"] += IDLE_SIGN_OUT
        await app.sign_out_if_idle()
        await wait_for(pilot, lambda: app.current_mode == "login")
        assert app.context.user is None


def test_login_service_counts_failures_and_locks(database) -> None:  # noqa: ANN001
    """Service level, on SQLite and PostgreSQL: five failures lock for 15 minutes; success resets."""
    from db.services import accounts

    with database.session() as s:
        accounts.add_user(s, actor="test", username="an", role="agent", password=PASSWORD)
    now = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
    results = []
    for _ in range(MAX_FAILED_ATTEMPTS):
        with database.session() as s:
            results.append(accounts.login(s, "an", "sai", now=now))
    assert [r.status for r in results] == ["bad"] * (MAX_FAILED_ATTEMPTS - 1) + ["locked"]
    assert results[-2].attempts_left == 1 and results[-1].locked_until == now + timedelta(minutes=15)
    with database.session() as s:
        assert accounts.login(s, "an", PASSWORD, now=now + timedelta(minutes=14)).status == "locked"
    with database.session() as s:
        ok = accounts.login(s, "an", PASSWORD, now=now + timedelta(minutes=15, seconds=1))
    assert ok.status == "ok" and ok.user.failed_attempts == 0


async def test_unreachable_database_is_reported_not_fatal(staff_database, admin_app_factory) -> None:
    from db.engine import Database

    broken = Database("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    app = admin_app_factory(staff_database)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await sign_in(pilot, USERS["admin"])
            screen = app.screen
            await wait_for(pilot, lambda: screen.query_one("#catalogue-table").row_count > 0)
            app.context.database = broken
            screen.reload()
            await wait_for(pilot, lambda: "DB-001" in str(screen.query_one("#catalogue-status").render()),
                           timeout=30)
            assert screen.query_one("#catalogue-table").row_count > 0  # the last page stays visible
            app.context.database = staff_database
    finally:
        broken.dispose()


async def test_first_start_says_how_to_create_an_admin(sqlite_database, admin_app_factory) -> None:
    app = admin_app_factory(sqlite_database)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "ADM-007" in _message(app))
        assert "kiosk-admin users add" in _message(app)
