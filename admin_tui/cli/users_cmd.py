"""``kiosk-admin users``: add a user, list users, set a password (secrets from a prompt or stdin, never arguments)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable

from core.errors import KioskError
from core.settings import load_settings
from db.engine import Database
from db.migrate import ensure_ready
from db.services import accounts


class UsersCommandError(KioskError):
    """Bad input to ``kiosk-admin users`` (ACC-030 password, ACC-031 PIN)."""

    code = "ACC-030"


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add ``users`` with ``add``, ``list`` and ``passwd`` to the ``kiosk-admin`` parser."""
    parser = subparsers.add_parser(name, help=help, description=help)
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a user; the password is asked twice (or read from stdin)")
    add.add_argument("username", metavar="USER")
    add.add_argument("--role", required=True, help="admin, agent or technician")
    add.add_argument("--full-name", default="", help="display name")
    add.add_argument("--pin", action="store_true", help="also ask for an agent PIN (4-8 digits)")
    add.add_argument("--badge", default=None, help="badge code the agent scans at the kiosk")
    add.add_argument("--json", action="store_true", help="print the new user as JSON")
    _database_option(add)
    add.set_defaults(func=run_add)

    lst = actions.add_parser("list", help="list users: name, role, active or not, full name (no secrets)")
    lst.add_argument("--json", action="store_true", help="print a JSON list")
    _database_option(lst)
    lst.set_defaults(func=run_list)

    pw = actions.add_parser("passwd", help="set a new password (also unlocks); asked twice or read from stdin")
    pw.add_argument("username", metavar="USER")
    _database_option(pw)
    pw.set_defaults(func=run_passwd)


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: settings / KIOSK_DATABASE_URL)")


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
        if confirm and ask(f"{prompt} (again): ") != first:
            raise UsersCommandError(f"the two {prompt.lower()} entries differ")
        value = first
    else:
        value = stdin.readline().rstrip("\r\n")
    if not value:
        raise UsersCommandError(f"no {prompt.lower()} given")
    return value


def _open(args: argparse.Namespace) -> Database:
    settings = load_settings(database_url=args.database_url)
    database = Database(settings.database_url)
    ensure_ready(database, settings)
    return database


def run_add(args: argparse.Namespace) -> int:
    """Create the user; one-line errors for a bad role, a duplicate name, a short password."""
    if args.role not in accounts.ROLES:
        raise accounts.AccountError(f"unknown role {args.role!r}; use admin, agent or technician")
    password = read_secret("Password")
    accounts.check_password(password)
    pin = read_secret("PIN") if args.pin else None
    if pin is not None and not accounts.valid_pin(pin):
        raise accounts.AccountError("the PIN must be 4 to 8 digits", code="ACC-003")
    database = _open(args)
    try:
        user = database.run(lambda s: accounts.add_user(
            s, actor="cli", username=args.username, role=args.role, password=password,
            full_name=args.full_name, pin=pin, badge_code=args.badge))
    finally:
        database.dispose()
    if args.json:
        print(json.dumps({"id": user.id, "username": user.username, "role": user.role,
                          "full_name": user.full_name, "has_pin": user.has_pin}, ensure_ascii=False))
    else:
        print(f"added {user.role} {user.username}" + (" with a PIN" if user.has_pin else ""))
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print every user (no secrets)."""
    database = _open(args)
    try:
        users = database.run(accounts.list_users, read_only=True)
    finally:
        database.dispose()
    if args.json:
        print(json.dumps([{"username": u.username, "role": u.role, "full_name": u.full_name, "active": u.active,
                           "locked_until": u.locked_until.isoformat() if u.locked_until else None}
                          for u in users], ensure_ascii=False))
        return 0
    for u in users:
        state = "active" if u.active else "inactive"
        print(f"{u.username:<24} {u.role:<11} {state:<9} {u.full_name}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    """Set a new password for USER (for an admin who is locked out or forgot it)."""
    password = read_secret("Password")
    accounts.check_password(password)
    database = _open(args)
    try:
        def change(session) -> None:  # noqa: ANN001
            from sqlalchemy import select

            from db.models import User

            user_id = session.scalar(select(User.id).where(User.username == args.username))
            if user_id is None:
                raise accounts.AccountError(f"no user {args.username!r}", code="ACC-005")
            accounts.reset_password(session, "cli", user_id, password)

        database.run(change)
    finally:
        database.dispose()
    print(f"password changed for {args.username}")
    return 0
