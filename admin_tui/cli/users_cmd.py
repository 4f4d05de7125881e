"""``kiosk-admin users``: add a user, list users, set a password (secrets from a prompt or stdin, never arguments).

Every action needs a signed-in administrator (``admin_tui.cli.signin``), except adding the first admin while
no active admin exists. With ``--password-stdin`` the admin's password is stdin's first line and the new
secrets follow it, one a line.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable

from sqlalchemy.orm import Session

from admin_tui.cli import signin
from admin_tui.cli.messages import _
from core.errors import KioskError
from db.engine import Database
from db.services import accounts


class UsersCommandError(KioskError):
    """Bad input to ``kiosk-admin users`` (ACC-030 password, ACC-031 PIN)."""

    code = "ACC-030"


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add ``users`` with ``add``, ``list`` and ``passwd`` to the ``kiosk-admin`` parser."""
    parser = subparsers.add_parser(name, help=help, description=help)
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a user; the password is asked twice (or read from stdin); needs an "
                                         "admin, except the first admin")
    add.add_argument("username", metavar="USER")
    add.add_argument("--role", required=True, help="admin, agent or technician")
    add.add_argument("--full-name", default="", help="display name")
    add.add_argument("--pin", action="store_true", help="also ask for an agent PIN (6 digits)")
    add.add_argument("--badge", default=None, help="badge code the agent scans at the kiosk")
    add.add_argument("--json", action="store_true", help="print the new user as JSON")
    signin.add_signin_options(add)
    add.set_defaults(func=run_add)

    lst = actions.add_parser("list", help="list users: name, role, active or not, full name (no secrets); needs an admin")
    lst.add_argument("--json", action="store_true", help="print a JSON list")
    signin.add_signin_options(lst)
    lst.set_defaults(func=run_list)

    pw = actions.add_parser("passwd", help="set a new password (also unlocks); asked twice or read from stdin; "
                                           "needs an admin")
    pw.add_argument("username", metavar="USER")
    signin.add_signin_options(pw)
    pw.set_defaults(func=run_passwd)


def read_secret(prompt: str, *, confirm: bool = True, stdin=None, tty: bool | None = None,  # noqa: ANN001
                ask: Callable[[str], str] = getpass.getpass) -> str:
    """Read a secret: prompted twice on a terminal, else one line from stdin (scripts, pipes).

    Raises:
        UsersCommandError: Empty input, or the two entries differ.
    """
    stdin = stdin or sys.stdin
    tty = stdin.isatty() if tty is None else tty
    if tty:
        first = ask(f"{prompt}: ")
        if confirm and ask(_("{prompt} (nhập lại): ", prompt=prompt)) != first:
            raise UsersCommandError(_("Hai lần nhập {what} không giống nhau", what=prompt.lower()))
        value = first
    else:
        value = stdin.readline().rstrip("\r\n")
    if not value:
        raise UsersCommandError(_("Chưa nhập {what}", what=prompt.lower()))
    return value


def _admin_for(database: Database, args: argparse.Namespace, *, first_admin_role: str | None = None) -> signin.CliUser:
    """The signed-in admin; ``first_admin_role`` set: the first admin may be created without one."""
    if first_admin_role is not None:
        with database.read_session() as s:
            first = signin.no_active_admin(s)
        if first:
            if first_admin_role != "admin":
                raise signin.SignInError(_("Chưa có quản trị viên: tài khoản đầu tiên phải là quản trị viên "
                                           "(--role admin)"), code="ACC-046")
            return signin.FIRST_ADMIN
    return signin.require_admin(database, args)


def run_add(args: argparse.Namespace) -> int:
    """Create the user; one-line errors for a bad role, a duplicate name, a refused password or PIN."""
    if args.role not in accounts.ROLES:
        raise accounts.AccountError(_("Vai trò '{role}' không hợp lệ; chọn admin, agent hoặc technician",
                                      role=args.role))
    _settings, database = signin.open_database(args)
    try:
        actor = _admin_for(database, args, first_admin_role=args.role)
        password = read_secret(_("Mật khẩu mới của {user}", user=args.username))
        accounts.check_password(password, args.username, args.full_name)
        pin = read_secret(_("Mã PIN")) if args.pin else None
        if pin is not None:
            accounts.check_pin(pin, args.badge)

        def add(session: Session) -> accounts.UserView:
            if actor is signin.FIRST_ADMIN and not signin.no_active_admin(session):
                # Another first admin was created meanwhile: this one now needs a sign-in.
                raise signin.SignInError(_("Lệnh này cần một quản trị viên đăng nhập: chạy `kiosk-admin login`, "
                                           "hoặc thêm --user TÊN --password-stdin (mật khẩu ở dòng đầu của stdin)"),
                                         code="ACC-040")
            return accounts.add_user(session, actor=actor, username=args.username, role=args.role,
                                     password=password, full_name=args.full_name, pin=pin, badge_code=args.badge)

        user = database.run(add)
    finally:
        database.dispose()
    if args.json:
        print(json.dumps({"id": user.id, "username": user.username, "role": user.role,
                          "full_name": user.full_name, "has_pin": user.has_pin}, ensure_ascii=False))
    else:
        print(_("Đã thêm {user}", user=user.username) + f" ({user.role})" + (_(" (có mã PIN)") if user.has_pin else ""))
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print every user (no secrets)."""
    _settings, database = signin.open_database(args)
    try:
        signin.require_admin(database, args)
        users = database.run(accounts.list_users, read_only=True)
    finally:
        database.dispose()
    if args.json:
        print(json.dumps([{"username": u.username, "role": u.role, "full_name": u.full_name, "active": u.active,
                           "locked_until": u.locked_until.isoformat() if u.locked_until else None}
                          for u in users], ensure_ascii=False))
        return 0
    for u in users:
        state = _("Đang hoạt động") if u.active else _("Đã khoá tài khoản")
        print(f"{u.username:<24} {u.role:<11} {state:<18} {u.full_name}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    """Set a new password for USER (for an admin who is locked out or forgot it; also unlocks)."""
    _settings, database = signin.open_database(args)
    try:
        actor = signin.require_admin(database, args)
        password = read_secret(_("Mật khẩu mới của {user}", user=args.username))

        def change(session: Session) -> str:
            user = accounts.find_user(session, args.username)
            if user is None:
                raise accounts.AccountError(_("Không có người dùng '{user}'", user=args.username), code="ACC-005")
            accounts.reset_password(session, actor, user.id, password)
            return user.username

        name = database.run(change)
    finally:
        database.dispose()
    print(_("Đã đặt mật khẩu mới cho {user}", user=name))
    return 0
