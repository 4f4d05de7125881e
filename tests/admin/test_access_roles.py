"""Each role sees only its modes: agents queue + dossiers, technicians devices, admins everything."""

from __future__ import annotations

import pytest

from admin_tui.modes import MODE_INFOS, ROLE_MODES, modes_for
from tests.fixtures.admin_app import SIZE, USERS, sign_in, wait_for


def test_role_mapping() -> None:
    assert ROLE_MODES["agent"] == ("queue", "dossiers")
    assert ROLE_MODES["technician"] == ("devices",)
    assert set(ROLE_MODES["admin"]) == {m.name for m in MODE_INFOS}
    assert modes_for("nobody") == []
    assert [m.name for m, _s in modes_for("admin")][:1] == ["catalogue"]


@pytest.mark.parametrize("role", ["agent", "technician"])
async def test_staff_cannot_open_catalogue_users_or_audit(role, staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS[role])
        await wait_for(pilot, lambda: app.current_mode != "login")
        assert set(app.allowed_modes) <= set(ROLE_MODES[role])
        for key in ("f2", "f8", "f9"):  # catalogue, users, audit
            await pilot.press(key)
            assert app.current_mode not in ("catalogue", "users", "audit")
        assert not app.screen.query("#mode-catalogue") and not app.screen.query("#mode-users")
        assert "catalogue" not in app._modes and "users" not in app._modes


async def test_admin_switches_modes_by_key_and_click(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f8")
        assert app.current_mode == "users"
        await pilot.click("#mode-audit")
        await pilot.pause()
        assert app.current_mode == "audit"
        await pilot.press("f2")
        assert app.current_mode == "catalogue"


async def test_admin_opens_every_installed_mode(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        for name in app.allowed_modes:
            app.action_open_mode(name)
            await wait_for(pilot, lambda n=name: app.current_mode == n and app.screen.is_mounted)
            assert app.screen.query_one("#mode-bar")
            assert app.screen.query_one(f"#mode-{name}").has_class("-current")


async def test_role_without_installed_modes_sees_a_notice(staff_database, admin_app_factory, monkeypatch) -> None:
    from admin_tui import modes

    monkeypatch.setitem(modes.ROLE_MODES, "technician", ("no_such_mode",))
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["technician"])
        await wait_for(pilot, lambda: app.current_mode == "empty")
        assert app.screen.query_one("#no-modes") and app.allowed_modes == ()
        await pilot.click("#logout")
        await wait_for(pilot, lambda: app.current_mode == "login")
