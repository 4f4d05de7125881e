"""Users mode and ``kiosk-admin users``: add, deactivate, reset password, unlock, PIN; all audited."""

from __future__ import annotations

import io
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select

from admin_tui.cli import main as cli_main
from db.models import AuditEvent, User
from db.services import accounts, user_admin
from db.types import utcnow
from tests.fixtures.admin_app import PASSWORD, SIZE, USERS, sign_in, wait_for
from tests.fixtures.credentials import AGENT_PIN, OTHER_PASSWORD, OTHER_PIN, WRONG_PIN


def _user(database, username: str) -> User:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalars(select(User).where(User.username == username)).one()


def _actions(database, username: str) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == username)
                              .order_by(AuditEvent.id)))


async def _select(pilot, username: str) -> None:  # noqa: ANN001
    screen = pilot.app.screen
    await wait_for(pilot, lambda: any(u.username == username for u in screen.users.values()))
    table = screen.query_one("#users-table")
    uid = next(u.id for u in screen.users.values() if u.username == username)
    table.move_cursor(row=table.get_row_index(str(uid)))
    await pilot.pause()


async def test_admin_manages_users(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.current_mode == "users")
        screen = app.screen
        # add
        await pilot.click("#users-add")
        await wait_for(pilot, lambda: app.screen.query("#add-username"))
        form = app.screen
        form.query_one("#add-username").value = "giao.dich.vien"
        form.query_one("#add-full-name").value = "Trần Thị Bình"
        form.query_one("#add-password").value = PASSWORD
        form.query_one("#add-password2").value = PASSWORD
        form.query_one("#add-pin").value = AGENT_PIN
        await pilot.click("#add-ok")
        await _select(pilot, "giao.dich.vien")
        new = _user(staff_database, "giao.dich.vien")
        assert new.role == "agent" and new.pin_hash and accounts.verify_password(new.pin_hash, AGENT_PIN)
        # lock by failures, then unlock
        with staff_database.session() as s:
            s.get(User, new.id).locked_until = utcnow() + timedelta(minutes=10)
        screen.reload()
        await _select(pilot, "giao.dich.vien")
        await pilot.click("#users-unlock")
        await wait_for(pilot, lambda: _user(staff_database, "giao.dich.vien").locked_until is None)
        # reset password
        await pilot.click("#users-password")
        await wait_for(pilot, lambda: app.screen.query("#password-1"))
        app.screen.query_one("#password-1").value = OTHER_PASSWORD
        app.screen.query_one("#password-2").value = OTHER_PASSWORD
        await pilot.click("#password-ok")
        await wait_for(pilot, lambda: accounts.verify_password(
            _user(staff_database, "giao.dich.vien").password_hash, OTHER_PASSWORD))
        # deactivate
        await _select(pilot, "giao.dich.vien")
        await pilot.click("#users-toggle")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: not _user(staff_database, "giao.dich.vien").active)
        # an admin cannot deactivate themself (ACC-008)
        await _select(pilot, USERS["admin"])
        await pilot.click("#users-toggle")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: "ACC-008" in str(screen.query_one("#users-status").render()))
    assert _actions(staff_database, "giao.dich.vien") == [
        "user.add", "user.unlock", "user.reset_password", "user.deactivate"]
    with staff_database.read_session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "user.deactivate")).one()
    assert event.actor == USERS["admin"] and event.before["active"] is True and event.after["active"] is False
    assert "password_hash" not in str(event.before) and "pin_hash" not in str(event.after)


async def test_duplicate_username_in_the_form_is_refused(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.current_mode == "users")
        screen = app.screen
        await pilot.click("#users-add")
        await wait_for(pilot, lambda: app.screen.query("#add-username"))
        first_form = app.screen
        first_form.query_one("#add-username").value = USERS["agent"]
        first_form.query_one("#add-full-name").value = "Người trùng tên"
        first_form.query_one("#add-password").value = PASSWORD
        first_form.query_one("#add-password2").value = PASSWORD
        await pilot.click("#add-ok")
        # The refusal comes back as the form again, saying why, with what was typed still there.
        await wait_for(pilot, lambda: app.screen is not first_form and app.screen.query("#add-error"))
        form = app.screen
        error = str(form.query_one("#add-error").render())
        assert error == f"[ACC-002] Tên đăng nhập '{USERS['agent']}' đã tồn tại"
        assert form.query_one("#add-username").value == USERS["agent"]
        assert form.query_one("#add-full-name").value == "Người trùng tên"
        assert form.query_one("#add-password").value == PASSWORD
        status = screen.query_one("#users-status")
        assert str(status.render()) == error and status.has_class("-error")
        await pilot.click("#add-cancel")
        await wait_for(pilot, lambda: app.screen is screen)
    with staff_database.read_session() as s:
        same = list(s.scalars(select(User).where(User.username == USERS["agent"])))
        adds = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "user.add",
                                                       AuditEvent.entity_id == USERS["agent"])))
    assert len(same) == 1 and same[0].full_name == "Người dùng agent"  # the existing account, unchanged
    assert [e.actor for e in adds] == ["test"]  # only the fixture's add; the refused one wrote nothing


def _cli(monkeypatch, capsys, argv: list[str], stdin: str) -> tuple[int, str, str]:  # noqa: ANN001
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli_main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_add_cli_reads_the_password_from_stdin(sqlite_database, monkeypatch, capsys, cli_login) -> None:
    url = ["--database-url", sqlite_database.url]
    code, out, err = _cli(monkeypatch, capsys, ["users", "add", "admin1", "--role", "admin",
                                                 "--full-name", "Lê Văn Cường", *url], "mot-mat-khau-dai\n")
    assert code == 0, err
    assert "admin1" in out
    user = _user(sqlite_database, "admin1")
    assert user.full_name == "Lê Văn Cường" and user.role == "admin"
    assert accounts.verify_password(user.password_hash, "mot-mat-khau-dai")
    assert "mot-mat-khau-dai" not in user.password_hash
    with sqlite_database.read_session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "user.add")).one()
    assert event.actor == "cli:first-admin" and event.after["role"] == "admin"  # nobody could sign in yet
    cli_login(sqlite_database.url, "admin1", "mot-mat-khau-dai")  # an admin exists now: the rest needs a sign-in
    code, out, err = _cli(monkeypatch, capsys, ["users", "add", "admin1", "--role", "admin", *url], "khac-nua-123\n")
    assert code == 2 and "ACC-002" in err and len(err.strip().splitlines()) == 1
    code, out, err = _cli(monkeypatch, capsys, ["users", "add", "x", "--role", "boss", *url], "mot-mat-khau-dai\n")
    assert code == 2 and "ACC-001" in err and "boss" in err
    code, out, err = _cli(monkeypatch, capsys, ["users", "add", "y", "--role", "agent", *url], "ngan\n")
    assert code == 2 and "ACC-004" in err
    code, out, err = _cli(monkeypatch, capsys, ["users", "add", "z", "--role", "agent", "--pin", *url],
                          "mot-mat-khau-dai\n12\n")
    assert code == 2 and "ACC-003" in err


def test_password_is_never_an_argument() -> None:
    with pytest.raises(SystemExit):
        cli_main(["users", "add", "u", "--role", "agent", "--password", "x"])


def test_kiosk_pin_and_badge_still_work_for_console_users(staff_database) -> None:
    with staff_database.session() as s:
        agent = s.scalars(select(User).where(User.username == USERS["agent"])).one()
        accounts.set_pin(s, "test", agent.id, AGENT_PIN)
        accounts.set_badge(s, "test", agent.id, "BADGE-0042")
    with staff_database.session() as s:
        assert accounts.verify_agent_pin(s, AGENT_PIN).username == USERS["agent"]
        assert accounts.verify_agent_badge(s, "BADGE-0042").username == USERS["agent"]
        assert accounts.verify_agent_pin(s, WRONG_PIN) is None


def test_read_secret_asks_twice_on_a_terminal() -> None:
    from admin_tui.cli.users_cmd import UsersCommandError, read_secret

    answers = iter(["mat-khau-dai-1", "mat-khau-dai-1"])
    assert read_secret("Password", tty=True, ask=lambda _p: next(answers)) == "mat-khau-dai-1"
    answers = iter(["mot", "hai"])
    with pytest.raises(UsersCommandError):
        read_secret("Password", tty=True, ask=lambda _p: next(answers))
    with pytest.raises(UsersCommandError):
        read_secret("Password", stdin=io.StringIO(""), tty=False)


def test_unknown_usernames_are_audited_sanitised_and_capped(staff_database) -> None:
    with staff_database.session() as s:
        assert accounts.login(s, "ke.la\x1b[31m\u202e", "x").status == "bad"
        assert accounts.login(s, "dai" * 200, "x").status == "bad"
    with staff_database.read_session() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "auth.failed").order_by(AuditEvent.id)))
    assert [e.entity_id for e in events] == ["ke.la[31m", ("dai" * 200)[:user_admin.MAX_AUDITED_NAME - 1] + "…"]
    assert all(e.actor == "anonymous" and e.after["reason"] == "unknown user" for e in events)


async def test_set_agent_pin_and_badge_from_the_console(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.current_mode == "users")
        await _select(pilot, USERS["agent"])
        await pilot.click("#users-pin")
        await wait_for(pilot, lambda: app.screen.query("#ask-input"))
        app.screen.query_one("#ask-input").value = "12"
        await pilot.click("#ask-ok")
        await wait_for(pilot, lambda: "ACC-003" in str(app.screen.query_one("#users-status").render()))
        await pilot.click("#users-pin")
        await wait_for(pilot, lambda: app.screen.query("#ask-input"))
        app.screen.query_one("#ask-input").value = OTHER_PIN
        await pilot.click("#ask-ok")
        await wait_for(pilot, lambda: _user(staff_database, USERS["agent"]).pin_hash is not None)
        await pilot.click("#users-badge")
        await wait_for(pilot, lambda: app.screen.query("#ask-input"))
        app.screen.query_one("#ask-input").value = "THE-0007"
        await pilot.click("#ask-ok")
        await wait_for(pilot, lambda: _user(staff_database, USERS["agent"]).badge_code == "THE-0007")
    with staff_database.session() as s:
        assert accounts.verify_agent_pin(s, OTHER_PIN).username == USERS["agent"]
    assert _actions(staff_database, USERS["agent"])[-2:] == ["user.set_pin", "user.set_badge"]


async def test_change_role(staff_database, admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.current_mode == "users")
        screen = app.screen
        await _select(pilot, USERS["technician"])
        await pilot.click("#users-role")
        await wait_for(pilot, lambda: app.screen.query("#choice-select"))
        app.screen.query_one("#choice-select").value = "agent"
        await pilot.click("#choice-ok")
        await wait_for(pilot, lambda: _user(staff_database, USERS["technician"]).role == "agent")
        await _select(pilot, USERS["admin"])
        await pilot.click("#users-role")
        await wait_for(pilot, lambda: app.screen.query("#choice-select"))
        app.screen.query_one("#choice-select").value = "agent"
        await pilot.click("#choice-ok")
        await wait_for(pilot, lambda: "ACC-011" in str(screen.query_one("#users-status").render()))
    with staff_database.read_session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "user.set_role")).one()
    assert event.before["role"] == "technician" and event.after["role"] == "agent"


def test_last_admin_cannot_be_demoted_or_deactivated(staff_database) -> None:
    with staff_database.session() as s:
        admin = s.scalars(select(User).where(User.username == USERS["admin"])).one()
        with pytest.raises(accounts.AccountError, match="ACC-009"):
            accounts.set_role(s, "cli", admin.id, "agent")
        with pytest.raises(accounts.AccountError, match="ACC-009"):
            accounts.set_active(s, "cli", admin.id, False)


async def test_password_dialog_by_keyboard_and_long_names_keep_columns(staff_database, admin_app_factory) -> None:
    long_name = "[b]Tên[/b] " + "Nguyễn " * 26  # near the 200-character cap
    staff_database.run(lambda s: accounts.add_user(s, actor="test", username="nv.dai", role="agent",
                                                   password=PASSWORD, full_name=long_name))
    app = admin_app_factory(staff_database)
    async with app.run_test(size=(140, 40)) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.screen.id == "users-screen")
        table = app.screen.query_one("#users-table")
        await wait_for(pilot, lambda: table.row_count >= 4)
        await pilot.pause()
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 138  # role/status stay in view
        await _select(pilot, "nv.dai")
        await pilot.click("#users-password")
        await wait_for(pilot, lambda: app.screen.query("#password-1"))
        dialog = app.screen
        dialog.query_one("#password-1").focus()
        await pilot.press(*OTHER_PASSWORD, "enter", *"mat-khau-4", "enter")  # Enter moves on, then submits
        await wait_for(pilot, lambda: "ADM-004" in str(dialog.query_one("#password-error").render()))
        dialog.query_one("#password-2").value = OTHER_PASSWORD
        dialog.query_one("#password-2").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: accounts.verify_password(_user(staff_database, "nv.dai").password_hash,
                                                               OTHER_PASSWORD))


async def test_refused_new_user_keeps_what_was_typed(staff_database, admin_app_factory) -> None:
    """A service refusal (here a taken username, ACC-002) gives the form back filled in, with the reason."""
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.current_mode == "users")
        await pilot.click("#users-add")
        await wait_for(pilot, lambda: app.screen.query("#add-username"))
        form = app.screen
        typed = {"username": USERS["agent"], "full-name": "Lê Văn Cường", "password": OTHER_PASSWORD,
                 "password2": OTHER_PASSWORD, "pin": OTHER_PIN, "badge": "NV-0042"}
        for name, value in typed.items():
            form.query_one(f"#add-{name}").value = value
        form.query_one("#add-role").value = "technician"
        await pilot.click("#add-ok")
        await wait_for(pilot, lambda: app.screen is not form and app.screen.query("#add-username")
                       and "ACC-002" in str(app.screen.query_one("#add-error").render()))
        again = app.screen
        assert {name: again.query_one(f"#add-{name}").value for name in typed} == typed
        assert again.query_one("#add-role").value == "technician"
        again.query_one("#add-username").value = "le.van.cuong"
        await pilot.click("#add-ok")
        await wait_for(pilot, lambda: any(u.username == "le.van.cuong" for u in app.screen.users.values()))
    created = _user(staff_database, "le.van.cuong")
    assert created.role == "technician" and created.badge_code == "NV-0042"
