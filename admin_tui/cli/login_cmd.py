"""``kiosk-admin login`` / ``logout``: a short command-line session for an administrator (see ``signin``)."""

from __future__ import annotations

import argparse
import sys

from admin_tui.cli import signin
from admin_tui.cli.messages import _
from core.settings import load_settings
from db.engine import Database, sqlite_file


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add ``login`` or ``logout`` (one module for both: ``name`` says which)."""
    parser = subparsers.add_parser(name, help=help, description=help)
    if name == "logout":
        parser.add_argument("--database-url", help="SQLAlchemy URL (default: settings / KIOSK_DATABASE_URL)")
        parser.set_defaults(func=run_logout)
        return
    signin.add_signin_options(parser)
    parser.set_defaults(func=run_login)


def run_login(args: argparse.Namespace) -> int:
    """Sign in with a password (prompt or ``--password-stdin``) and start a session on this machine."""
    _settings, database = signin.open_database(args)
    try:
        with database.read_session() as s:
            first = signin.no_active_admin(s)
        if first:
            raise signin.SignInError(_("Chưa có quản trị viên: tạo tài khoản đầu tiên bằng `kiosk-admin users add "
                                       "TÊN --role admin`"), code="ACC-040")
        user = signin.prompt_sign_in(database, args)
        until = signin.start_session(database, user)
    finally:
        database.dispose()
    print(_("Đã đăng nhập {user} trên máy này đến {until} ({minutes} phút)", user=user.username,
            until=signin.local_time(until), minutes=signin.elapsed_minutes(until)))
    return 0


def run_logout(args: argparse.Namespace) -> int:
    """Delete this machine's session file, then revoke the session in the database (exit 0 either way)."""
    def database() -> Database | None:
        url = load_settings(database_url=args.database_url).database_url
        path = sqlite_file(url)
        return None if path is not None and not path.exists() else Database(url)

    user, told = signin.end_session(database)
    if user is None:
        print(_("Không có phiên đăng nhập dòng lệnh nào trên máy này"))
        return 0
    print(_("Đã đăng xuất {user}", user=user or "?"))
    if not told:
        print(_("Đã xoá tệp phiên; không xác nhận được với cơ sở dữ liệu"), file=sys.stderr)
    return 0
