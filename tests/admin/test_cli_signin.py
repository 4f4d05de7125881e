"""``kiosk-admin`` has the console's doors: commands that change data or read personal data need a signed-in admin.

Sessions come from ``kiosk-admin login`` (15 minutes, file mode 0600, HMAC bound to this machine, OS user and
password hash, recorded and revocable in the audit log); the first admin is the only thing made without one.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from admin_tui.cli import main, signin
from db.engine import Database
from db.models import AuditEvent, Procedure, User
from db.services import accounts
from db.types import utcnow
from tests.fixtures.admin_app import USERS, add_staff
from tests.fixtures.cli_login import CLI_ADMIN, add_cli_admin
from tests.fixtures.credentials import OTHER_PASSWORD, PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str],
         stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def _url(db: Database) -> list[str]:
    return ["--database-url", db.url]


def _events(db: Database, action: str) -> list[AuditEvent]:
    with db.read_session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _one_error(err: str, code: str) -> None:
    assert err.startswith(f"error: [{code}] ") and err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.fixture
def admin_db(sqlite_database: Database) -> Database:
    """A database with the CLI admin (password ``PASSWORD``) and one user per role."""
    add_cli_admin(sqlite_database.url)
    add_staff(sqlite_database)
    return sqlite_database


def _login(monkeypatch, capsys, db: Database, user: str = CLI_ADMIN, password: str = PASSWORD):  # noqa: ANN001, ANN202
    return _run(monkeypatch, capsys, ["login", "--user", user, "--password-stdin", *_url(db)], password + "\n")


@pytest.mark.parametrize("argv", [
    ["users", "list"],
    ["users", "add", "moi.nguoi", "--role", "agent"],
    ["users", "passwd", USERS["agent"]],
    ["purge"],
    ["catalogue", "import", "{file}"],
])
def test_commands_that_change_or_reveal_data_are_refused_without_login(admin_db, monkeypatch, capsys, tmp_path,
                                                                       argv) -> None:  # noqa: ANN001
    catalogue = tmp_path / "cat.json"
    assert main(["catalogue", "export", str(catalogue), *_url(admin_db)]) == 0  # export stays open (public data)
    capsys.readouterr()
    with admin_db.read_session() as s:
        users_before = s.scalar(select(User.id).order_by(User.id.desc()).limit(1))
    code, out, err = _run(monkeypatch, capsys, [a.replace("{file}", str(catalogue)) for a in argv] + _url(admin_db),
                          f"{OTHER_PASSWORD}\n")
    assert code == 2 and out == ""
    _one_error(err, "ACC-040")
    assert "kiosk-admin login" in err and "--password-stdin" in err
    with admin_db.read_session() as s:
        assert s.scalar(select(User.id).order_by(User.id.desc()).limit(1)) == users_before
    # Read-only, non-personal commands stay open.
    assert main(["catalogue", "search", "khai sinh", "--json", *_url(admin_db)]) == 0
    assert main(["db", "status", "--json", *_url(admin_db)]) == 0
    assert main(["catalogue", "import", str(catalogue), "--dry-run", "--json", *_url(admin_db)]) == 0


def test_login_with_the_password_on_stdin_then_commands_work(admin_db, monkeypatch, capsys,
                                                             _cli_session_file: Path) -> None:  # noqa: ANN001
    code, out, err = _login(monkeypatch, capsys, admin_db)
    assert code == 0, err
    assert CLI_ADMIN in out and "15 phút" in out
    mode = stat.S_IMODE(_cli_session_file.stat().st_mode)
    assert mode == 0o600 and stat.S_IMODE(_cli_session_file.parent.stat().st_mode) == 0o700
    text = _cli_session_file.read_text()
    assert PASSWORD not in text and "argon2" not in text
    assert not str(_cli_session_file).startswith(str(ROOT))
    code, out, err = _run(monkeypatch, capsys, ["users", "list", "--json", *_url(admin_db)])
    assert code == 0, err
    assert {u["username"] for u in json.loads(out)} >= {CLI_ADMIN, *USERS.values()}
    # The database keeps the session's hash only (never the secret in the file).
    [event] = _events(admin_db, signin.SESSION_ACTION)
    assert event.actor == CLI_ADMIN and json.loads(text)["sid"] not in json.dumps([event.entity_id, event.after])


def test_the_audit_names_the_signed_in_admin(admin_db, monkeypatch, capsys, tmp_path) -> None:  # noqa: ANN001
    assert _login(monkeypatch, capsys, admin_db)[0] == 0
    code, out, err = _run(monkeypatch, capsys, ["users", "add", "le.thi.hoa", "--role", "agent",
                                                "--full-name", "Lê Thị Hoa", *_url(admin_db)], f"{OTHER_PASSWORD}\n")
    assert code == 0, err
    with admin_db.read_session() as s:
        admin_id = s.scalar(select(User.id).where(User.username == CLI_ADMIN))
    [added] = [e for e in _events(admin_db, "user.add") if e.entity_id == "le.thi.hoa"]
    assert (added.actor, added.user_id) == (CLI_ADMIN, admin_id)
    code, out, err = _run(monkeypatch, capsys, ["users", "passwd", "le.thi.hoa", *_url(admin_db)], f"{PASSWORD}x\n")
    assert code == 0, err
    [reset] = _events(admin_db, "user.reset_password")
    assert (reset.actor, reset.user_id) == (CLI_ADMIN, admin_id)
    # catalogue import: --actor is a deprecated alias that must be the signed-in admin
    catalogue = tmp_path / "cat.json"
    assert main(["catalogue", "export", str(catalogue), *_url(admin_db)]) == 0
    data = json.loads(catalogue.read_text(encoding="utf-8"))
    data["procedures"] = data["procedures"][:1]
    data["procedures"][0]["note"] = "Ghi chú mới từ dòng lệnh"
    catalogue.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    code, out, err = _run(monkeypatch, capsys, ["catalogue", "import", str(catalogue), "--actor", "admin1",
                                                *_url(admin_db)])
    assert code == 2 and out == ""
    _one_error(err, "ACC-045")
    assert not _events(admin_db, "catalogue.import")
    code, out, err = _run(monkeypatch, capsys, ["catalogue", "import", str(catalogue), "--actor", CLI_ADMIN.upper(),
                                                *_url(admin_db)])
    assert code == 0, err
    [imported] = _events(admin_db, "catalogue.import")
    assert imported.actor == CLI_ADMIN


def test_expired_session_is_refused(admin_db, monkeypatch, capsys) -> None:  # noqa: ANN001
    assert _login(monkeypatch, capsys, admin_db)[0] == 0
    start = utcnow()
    monkeypatch.setattr(signin, "clock", lambda: start + timedelta(minutes=14))
    assert _run(monkeypatch, capsys, ["users", "list", *_url(admin_db)])[0] == 0  # fixed, not sliding: ...
    monkeypatch.setattr(signin, "clock", lambda: start + timedelta(minutes=15, seconds=1))
    code, out, err = _run(monkeypatch, capsys, ["users", "list", *_url(admin_db)])
    assert code == 2 and out == ""  # ... 15 minutes after the login it is over, whatever was run meanwhile
    _one_error(err, "ACC-041")
    assert "kiosk-admin login" in err


def test_a_shorter_lifetime_from_the_environment_never_a_longer_one(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(signin.ENV_SECONDS, "2")
    assert signin.session_seconds() == 2
    monkeypatch.setenv(signin.ENV_SECONDS, "86400")
    assert signin.session_seconds() == signin.SESSION_SECONDS == 900
    monkeypatch.setenv(signin.ENV_SECONDS, "soon")
    assert signin.session_seconds() == 900


@pytest.mark.parametrize("tamper", ["exp", "uid", "user", "mac", "garbage", "machine", "os_user"])
def test_edited_or_copied_session_is_refused(admin_db, monkeypatch, capsys, _cli_session_file: Path,
                                             tamper: str) -> None:  # noqa: ANN001
    assert _login(monkeypatch, capsys, admin_db)[0] == 0
    data = json.loads(_cli_session_file.read_text())
    with admin_db.read_session() as s:
        other = s.scalar(select(User.id).where(User.username == USERS["admin"]))
    if tamper == "exp":
        data["exp"] += 24 * 3600  # a longer session
    elif tamper == "uid":
        data["uid"] = other  # another admin's account
    elif tamper == "user":
        data["user"] = USERS["admin"]
    elif tamper == "mac":
        data["mac"] = "0" * 64
    elif tamper == "machine":
        monkeypatch.setattr(signin, "machine_id", lambda: "another-machine-0001")
    elif tamper == "os_user":
        monkeypatch.setattr(signin, "_os_user", lambda: "1001")
    if tamper == "garbage":
        _cli_session_file.write_text("{not json")
    else:
        _cli_session_file.write_text(json.dumps(data))
    code, out, err = _run(monkeypatch, capsys, ["users", "list", *_url(admin_db)])
    assert code == 2 and out == ""
    _one_error(err, "ACC-042")


def test_session_file_readable_by_others_is_refused(admin_db, monkeypatch, capsys,
                                                    _cli_session_file: Path) -> None:  # noqa: ANN001
    assert _login(monkeypatch, capsys, admin_db)[0] == 0
    _cli_session_file.chmod(0o644)
    code, out, err = _run(monkeypatch, capsys, ["users", "list", *_url(admin_db)])
    assert code == 2
    _one_error(err, "ACC-043")


def test_logout_removes_the_file_and_revokes_copies(admin_db, monkeypatch, capsys,
                                                     _cli_session_file: Path) -> None:  # noqa: ANN001
    assert _login(monkeypatch, capsys, admin_db)[0] == 0
    copy = _cli_session_file.read_bytes()
    code, out, err = _run(monkeypatch, capsys, ["logout", *_url(admin_db)])
    assert code == 0 and CLI_ADMIN in out and err == ""
    assert not _cli_session_file.exists()
    assert len(_events(admin_db, signin.LOGOUT_ACTION)) == 1
    _cli_session_file.write_bytes(copy)  # a copy kept from before the logout
    _cli_session_file.chmod(0o600)
    code, out, err = _run(monkeypatch, capsys, ["users", "list", *_url(admin_db)])
    assert code == 2
    _one_error(err, "ACC-042")
    _cli_session_file.unlink()
    code, out, err = _run(monkeypatch, capsys, ["logout", *_url(admin_db)])
    assert code == 0 and "Không có phiên" in out


def test_password_change_ends_the_session(admin_db, monkeypatch, capsys) -> None:  # noqa: ANN001
    assert _login(monkeypatch, capsys, admin_db)[0] == 0
    with admin_db.session() as s:
        admin = accounts.find_user(s, CLI_ADMIN)
        accounts.reset_password(s, "test", admin.id, OTHER_PASSWORD)
    code, out, err = _run(monkeypatch, capsys, ["users", "list", *_url(admin_db)])
    assert code == 2
    _one_error(err, "ACC-042")


def test_role_and_active_checked_on_every_use(admin_db, monkeypatch, capsys) -> None:  # noqa: ANN001
    assert _login(monkeypatch, capsys, admin_db)[0] == 0
    with admin_db.session() as s:
        admin = accounts.find_user(s, CLI_ADMIN)
        admin.role = "technician"
    code, out, err = _run(monkeypatch, capsys, ["users", "list", *_url(admin_db)])
    assert code == 2
    _one_error(err, "ACC-044")


def test_wrong_password_is_refused_audited_and_locks(admin_db, monkeypatch, capsys,
                                                     _cli_session_file: Path) -> None:  # noqa: ANN001
    for _attempt in range(accounts.MAX_FAILED_ATTEMPTS):
        code, out, err = _login(monkeypatch, capsys, admin_db, password="khong-phai-mat-khau")
        assert code == 2 and out == ""
    _one_error(err, "ACC-020")  # the fifth failure locked the account
    code, out, err = _login(monkeypatch, capsys, admin_db)  # the right password, but locked
    assert code == 2 and not _cli_session_file.exists()
    _one_error(err, "ACC-020")
    code, out, err = _login(monkeypatch, capsys, admin_db, user="khong.ai.ca", password="khong-phai-mat-khau")
    _one_error(err, "ACC-021")
    assert "khong.ai.ca" in {e.entity_id for e in _events(admin_db, "auth.failed")}  # the name typed is audited
    # Same door with the password on a command: refused too.
    code, out, err = _run(monkeypatch, capsys, ["users", "list", "--user", CLI_ADMIN, "--password-stdin",
                                                *_url(admin_db)], f"{PASSWORD}\n")
    assert code == 2
    _one_error(err, "ACC-020")


def test_non_admin_cannot_sign_in_for_admin_commands(admin_db, monkeypatch, capsys,
                                                     _cli_session_file: Path) -> None:  # noqa: ANN001
    code, out, err = _login(monkeypatch, capsys, admin_db, user=USERS["technician"])
    assert code == 2 and not _cli_session_file.exists()
    _one_error(err, "ACC-044")


def test_password_stdin_on_the_command_itself(admin_db, monkeypatch, capsys,
                                              _cli_session_file: Path) -> None:  # noqa: ANN001
    code, out, err = _run(monkeypatch, capsys, ["users", "add", "tran.van.binh", "--role", "agent",
                                                "--user", CLI_ADMIN, "--password-stdin", *_url(admin_db)],
                          f"{PASSWORD}\n{OTHER_PASSWORD}\n")
    assert code == 0, err
    assert not _cli_session_file.exists()  # no session is left behind
    [added] = [e for e in _events(admin_db, "user.add") if e.entity_id == "tran.van.binh"]
    assert added.actor == CLI_ADMIN


def test_first_admin_only_while_no_admin_exists(sqlite_database: Database, monkeypatch, capsys) -> None:  # noqa: ANN001
    url = _url(sqlite_database)
    code, out, err = _run(monkeypatch, capsys, ["login", "--user", "x", "--password-stdin", *url], "y\n")
    assert code == 2
    _one_error(err, "ACC-040")
    assert "users add" in err
    code, out, err = _run(monkeypatch, capsys, ["users", "add", "nhan.vien.dau", "--role", "agent", *url],
                          f"{PASSWORD}\n")
    assert code == 2
    _one_error(err, "ACC-046")
    code, out, err = _run(monkeypatch, capsys, ["users", "add", "quan.tri.dau", "--role", "admin", *url],
                          f"{PASSWORD}\n")
    assert code == 0, err
    [first] = _events(sqlite_database, "user.add")
    assert first.actor == signin.FIRST_ADMIN.username and first.user_id is None
    code, out, err = _run(monkeypatch, capsys, ["users", "add", "quan.tri.hai", "--role", "admin", *url],
                          f"{PASSWORD}\n")
    assert code == 2
    _one_error(err, "ACC-040")
    with sqlite_database.read_session() as s:
        assert [u for u in s.scalars(select(User.username))] == ["quan.tri.dau"]


def test_subprocess_login_then_command(admin_db, tmp_path: Path, _cli_session_file: Path) -> None:  # noqa: ANN001
    """The real command line: the password piped in, the session used by the next process, then logged out."""
    env = {**os.environ, "KIOSK_CONFIG": str(tmp_path / "none.toml"), "KIOSK_DATA_DIR": str(tmp_path / "data"),
           "KIOSK_DATABASE_URL": admin_db.url}
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    cmd = [sys.executable, "-c", "from admin_tui.cli import main; raise SystemExit(main())"]

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cmd, *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=120)

    refused = run("users", "list")
    assert refused.returncode == 2 and "[ACC-040]" in refused.stderr and refused.stdout == ""
    login = run("login", "--user", CLI_ADMIN, "--password-stdin", stdin=f"{PASSWORD}\n")
    assert login.returncode == 0, login.stderr
    assert stat.S_IMODE(_cli_session_file.stat().st_mode) == 0o600
    listed = run("users", "list")
    assert listed.returncode == 0 and CLI_ADMIN in listed.stdout, listed.stderr
    assert run("logout").returncode == 0 and not _cli_session_file.exists()
    assert run("users", "list").returncode == 2
    with admin_db.read_session() as s:  # nothing about the catalogue changed on the way
        assert s.scalar(select(Procedure.id).limit(1)) is not None
