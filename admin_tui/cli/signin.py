"""Who runs a ``kiosk-admin`` command that changes data or reads personal data: a signed-in administrator.

The command line has the console's doors. A command that needs an admin takes one of:

* a **session** made by ``kiosk-admin login`` (15 minutes, fixed: using it does not extend it), or
* the password at once: prompted on a terminal (user name, then ``getpass``), or, for scripts,
  ``--user NAME --password-stdin`` with the password on the first line of stdin.

Passwords are checked by the console's own sign-in (``db.services.accounts.login``: the credential policy's
one argon2 verification, lockout after repeated failures, every attempt audited with the name typed).

Session design (no new table; the audit log is the server side):

* ``login`` draws a random 256-bit session secret. The database keeps only its SHA-256 (an
  ``auth.cli_session`` audit event by the signed-in user, with the expiry); ``logout`` appends
  ``auth.cli_logout`` with the same hash, which revokes the session wherever a copy of the file is.
* The file (JSON: secret, user id and name, issued/expiry times, MAC) is written with mode 0600 in a 0700
  folder under the user's config dir (``platformdirs``; ``KIOSK_CLI_SESSION_FILE`` overrides), never in the
  project. A file readable by others, or owned by another user, is refused.
* The MAC is HMAC-SHA256 over the fields, this machine's id (``/etc/machine-id``) and the OS user id, keyed
  with a key derived from the user's password hash as stored in the database (never in the file). So an
  edited file fails, a copy on another machine or under another OS account fails, and a password change
  ends every session of that user.
* Each use checks the MAC, the expiry, the server-side record (and no logout), and that the account is
  still an active, unlocked admin.

The only command that runs without an admin is ``users add NAME --role admin`` while no active admin exists
(the first account).
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import json
import os
import secrets
import socket
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

import platformdirs
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin_tui.cli.messages import _
from core.errors import KioskError
from core.settings import APP_NAME, Settings, load_settings
from db.engine import Database
from db.migrate import ensure_ready
from db.models import AuditEvent, User
from db.numbering import VN_TZ
from db.services import accounts, audit
from db.types import utcnow

#: Lifetime of a ``kiosk-admin login`` session (fixed from the login, not extended by use).
SESSION_SECONDS = 15 * 60
#: Environment variable that moves the session file (tests, several installations on one account).
ENV_FILE = "KIOSK_CLI_SESSION_FILE"
#: Environment variable that shortens the lifetime (seconds, 1..SESSION_SECONDS; it can never lengthen it).
ENV_SECONDS = "KIOSK_CLI_SESSION_SECONDS"
FORMAT_VERSION = 1
SESSION_ACTION = "auth.cli_session"
LOGOUT_ACTION = "auth.cli_logout"
ENTITY = "cli_session"
_KEY_LABEL = b"kiosk-admin cli session v1"
#: A session issued this far in the future (seconds) means the clock was moved back: not trusted.
_CLOCK_SKEW_S = 300

#: The current time (UTC, aware); tests replace it to age a session.
clock: Callable[[], datetime] = utcnow


class SignInError(KioskError):
    """A command that needs a signed-in admin was refused.

    Codes: ACC-040 not signed in, 041 session expired, 042 session not valid (edited, copied, revoked,
    password changed, account inactive or locked), 043 session file readable by others or not the user's,
    044 not an administrator, 045 ``--actor`` is not the signed-in user, 046 the first account must be an
    admin; ACC-020 locked and ACC-021 wrong credentials as in the console.
    """

    code = "ACC-040"


@dataclass(frozen=True)
class CliUser:
    """The administrator behind a command (what ``db.services.audit.record`` names).

    Attributes:
        id: User id.
        username: Login name.
        full_name: Display name.
        role: ``admin``.
    """

    id: int | None
    username: str
    full_name: str = ""
    role: str = "admin"


#: The actor of the first admin's creation (nobody could sign in yet).
FIRST_ADMIN = CliUser(None, "cli:first-admin", role="")


# --- options and the database ---------------------------------------------------------------------


def add_signin_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--user`` and ``--password-stdin`` (and ``--database-url``) to a command that needs an admin."""
    parser.add_argument("--user", metavar="NAME", help="admin user name (without a `kiosk-admin login` session)")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the admin's password from the first line of stdin (scripts)")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: settings / KIOSK_DATABASE_URL)")


def open_database(args: argparse.Namespace) -> tuple[Settings, Database]:
    """Load the settings, open the database and run ``ensure_ready`` (disposed again when that fails)."""
    settings = load_settings(database_url=getattr(args, "database_url", None))
    database = Database(settings.database_url)
    try:
        ensure_ready(database, settings)
    except BaseException:
        database.dispose()
        raise
    return settings, database


# --- the session file --------------------------------------------------------------------------------


def session_file() -> Path:
    """Where this OS user's session lives: ``KIOSK_CLI_SESSION_FILE`` or ``<user config dir>/cli-session.json``."""
    env = os.environ.get(ENV_FILE)
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME)) / "cli-session.json"


def session_seconds() -> int:
    """The session lifetime: :data:`SESSION_SECONDS`, or shorter through ``KIOSK_CLI_SESSION_SECONDS``."""
    try:
        wanted = int(os.environ.get(ENV_SECONDS, SESSION_SECONDS))
    except ValueError:
        return SESSION_SECONDS
    return max(1, min(wanted, SESSION_SECONDS))


def machine_id() -> str:
    """This machine's stable id (systemd/dbus machine id; the host name where there is none)."""
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            text = Path(path).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return text
    return "host:" + socket.gethostname()


def _os_user() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()


def _session_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()[:64]


def _mac(fields: dict[str, Any], password_hash: str) -> str:
    key = hmac.new(_KEY_LABEL, (password_hash or "").encode("utf-8"), hashlib.sha256).digest()
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    message = f"{body}\n{machine_id()}\n{_os_user()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as mode 0600 in a 0700 folder, atomically (never readable by others)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read_session() -> dict[str, Any] | None:
    """The session file's fields, None when there is none.

    Raises:
        SignInError: ACC-043 readable by others / another owner, ACC-042 not a session file.
    """
    path = session_file()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError:
        raise SignInError(_("Tệp phiên {path} cho phép người khác đọc hoặc không thuộc về bạn; đã bỏ qua. "
                            "Xoá nó rồi đăng nhập lại", path=path), code="ACC-043") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_IMODE(info.st_mode) & 0o077 or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise SignInError(_("Tệp phiên {path} cho phép người khác đọc hoặc không thuộc về bạn; đã bỏ qua. "
                                "Xoá nó rồi đăng nhập lại", path=path), code="ACC-043")
        raw = handle.read(4096)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    keys = {"v": int, "sid": str, "uid": int, "user": str, "iat": int, "exp": int, "mac": str}
    if not isinstance(data, dict) or set(data) != set(keys) or not all(
            isinstance(data[k], t) and not isinstance(data[k], bool) for k, t in keys.items()):
        raise _invalid(_("tệp bị sửa hoặc hỏng"))
    return data


def _invalid(why: str) -> SignInError:
    return SignInError(_("Phiên đăng nhập dòng lệnh không hợp lệ ({why}); chạy lại `kiosk-admin login`", why=why),
                       code="ACC-042")


def _local(at: datetime) -> str:
    return at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def verify_session(session: Session, data: dict[str, Any], now: datetime) -> CliUser:
    """Check a session file's fields against the database; return its admin.

    Raises:
        SignInError: ACC-041 expired, ACC-042 not valid, ACC-044 no longer an admin.
    """
    user = session.get(User, data["uid"])
    fields = {k: v for k, v in data.items() if k != "mac"}
    if (user is None or data["v"] != FORMAT_VERSION or data["user"] != user.username
            or not hmac.compare_digest(_mac(fields, user.password_hash or ""), data["mac"])):
        # Edited, copied from another machine or OS account, or the password changed since: all look alike.
        raise _invalid(_("tệp bị sửa, chép từ máy hoặc người dùng khác, hoặc mật khẩu đã đổi"))
    stamp = now.timestamp()
    if data["iat"] > stamp + _CLOCK_SKEW_S:
        raise _invalid(_("tệp bị sửa hoặc hỏng"))
    if stamp >= data["exp"]:
        expired = datetime.fromtimestamp(data["exp"], timezone.utc)
        raise SignInError(_("Phiên đăng nhập dòng lệnh đã hết hạn lúc {at}; chạy lại `kiosk-admin login`",
                            at=_local(expired)), code="ACC-041")
    sid = _session_hash(data["sid"])
    actions = set(session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.in_((SESSION_ACTION, LOGOUT_ACTION)), AuditEvent.entity == ENTITY,
        AuditEvent.entity_id == sid, AuditEvent.user_id == user.id)))
    if SESSION_ACTION not in actions or LOGOUT_ACTION in actions:
        raise _invalid(_("mật khẩu đã đổi hoặc phiên đã bị đăng xuất"))
    if not user.active or accounts.is_locked(user, now):
        raise _invalid(_("tài khoản không còn hoạt động"))
    return _admin(CliUser(user.id, user.username, user.full_name or "", user.role))


def _admin(user: CliUser) -> CliUser:
    if user.role != "admin":
        raise SignInError(_("Chỉ quản trị viên được dùng lệnh này ({user} có vai trò {role})",
                            user=user.username, role=user.role), code="ACC-044")
    return user


# --- signing in ---------------------------------------------------------------------------------------


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _ask_name(args: argparse.Namespace, stdin: TextIO) -> str:
    name = (getattr(args, "user", None) or "").strip()
    if name:
        return name
    if not _is_tty(stdin):
        raise SignInError(_("Cần tên đăng nhập: thêm --user TÊN"), code="ACC-040")
    sys.stderr.write(_("Tên đăng nhập: "))
    sys.stderr.flush()
    return stdin.readline().strip()


def _ask_password(args: argparse.Namespace, stdin: TextIO, ask: Callable[[str], str]) -> str:
    if getattr(args, "password_stdin", False):
        password = stdin.readline().rstrip("\r\n")
    else:
        password = ask(_("Mật khẩu: "))
    if not password:
        raise SignInError(_("Không có mật khẩu ở stdin"), code="ACC-030")
    return password


def _coded(text: str, code: str) -> SignInError:
    """An error from one of the console's ``[CODE] …`` messages (the code is not repeated)."""
    return SignInError(text.removeprefix(f"[{code}] "), code=code)


def sign_in_with_password(database: Database, username: str, password: str) -> CliUser:
    """Check a password sign-in the console's way (``accounts.login``: lockout, audit); return the admin.

    The failure is committed before it is reported, so it counts toward the lockout.

    Raises:
        SignInError: ACC-021 wrong name or password, ACC-020 locked, ACC-044 not an admin.
    """
    now = clock()
    result = database.run(lambda s: accounts.login(s, username, password, now=now))
    if result.status == "ok" and result.user is not None:
        u = result.user
        return _admin(CliUser(u.id, u.username, u.full_name or "", u.role))
    if result.status == "locked" and result.locked_until is not None:
        minutes = max(1, round((result.locked_until - now).total_seconds() / 60))
        raise _coded(_("[ACC-020] Tài khoản tạm bị khoá do đăng nhập sai nhiều lần. Thử lại sau {minutes} phút "
                       "(lúc {until}) hoặc nhờ quản trị viên mở khoá.", minutes=minutes,
                       until=result.locked_until.astimezone(VN_TZ).strftime("%H:%M")), "ACC-020")
    text = _("[ACC-021] Sai tên đăng nhập hoặc mật khẩu.") + " " + _(
        "Sau {n} lần sai liên tiếp, đăng nhập bị khoá {minutes} phút.", n=accounts.MAX_FAILED_ATTEMPTS,
        minutes=round(accounts.LOCKOUT.total_seconds() / 60))
    raise _coded(text, "ACC-021")


def prompt_sign_in(database: Database, args: argparse.Namespace, *, stdin: TextIO | None = None,
                   ask: Callable[[str], str] = getpass.getpass) -> CliUser:
    """Sign in with a password: ``--password-stdin`` (with ``--user``), else prompted on a terminal."""
    stdin = stdin or sys.stdin
    if not getattr(args, "password_stdin", False) and not _is_tty(stdin):
        raise SignInError(_("Lệnh này cần một quản trị viên đăng nhập: chạy `kiosk-admin login`, hoặc thêm "
                            "--user TÊN --password-stdin (mật khẩu ở dòng đầu của stdin)"), code="ACC-040")
    name = _ask_name(args, stdin)
    return sign_in_with_password(database, name, _ask_password(args, stdin, ask))


def session_user(database: Database) -> CliUser | None:
    """The admin of this OS user's valid session, None when there is no session file.

    Raises:
        SignInError: The session exists but is expired, not valid or unsafe.
    """
    data = _read_session()
    if data is None:
        return None
    now = clock()
    return database.run(lambda s: verify_session(s, data, now), read_only=True)


def require_admin(database: Database, args: argparse.Namespace, *, stdin: TextIO | None = None,
                  ask: Callable[[str], str] = getpass.getpass) -> CliUser:
    """The signed-in admin for a command: the session, else a password (``--password-stdin`` or a prompt).

    ``--password-stdin`` always signs in with the password (a session is not needed then). Without it a
    valid session of the named ``--user`` (or of anyone when no ``--user``) is used; otherwise a terminal is
    asked for the password, and a script gets the session's own refusal (expired, not valid) or ACC-040.
    """
    stdin = stdin or sys.stdin
    refusal: SignInError | None = None
    if not getattr(args, "password_stdin", False):
        try:
            user = session_user(database)
        except SignInError as exc:
            user, refusal = None, exc
        wanted = (getattr(args, "user", None) or "").strip()
        if user is not None and (not wanted or accounts.name_key(wanted) == accounts.name_key(user.username)):
            return user
        if refusal is not None and not _is_tty(stdin):
            raise refusal
    return prompt_sign_in(database, args, stdin=stdin, ask=ask)


def no_active_admin(session: Session) -> bool:
    """True while the database has no active administrator (only then may the first one be created)."""
    return session.scalar(select(User.id).where(User.role == "admin", User.active.is_(True)).limit(1)) is None


def check_actor(actor: str | None, user: CliUser) -> None:
    """The deprecated ``--actor NAME`` must name the signed-in user (ACC-045)."""
    if actor and accounts.name_key(actor) != accounts.name_key(user.username):
        raise SignInError(_("--actor {actor} khác người đang đăng nhập ({user}); bỏ --actor (đã lỗi thời), "
                            "nhật ký ghi người đăng nhập", actor=actor, user=user.username), code="ACC-045")


# --- login / logout -----------------------------------------------------------------------------------


def start_session(database: Database, user: CliUser) -> datetime:
    """Record a new session for ``user`` (audit ``auth.cli_session``) and write this OS user's file; return expiry."""
    now = clock()
    issued = int(now.timestamp())
    expires = issued + session_seconds()
    secret = secrets.token_urlsafe(32)

    def record(session: Session) -> str:
        row = session.get(User, user.id)
        if row is None:  # deleted between the sign-in and now
            raise _invalid(_("tài khoản không còn hoạt động"))
        audit.record(session, user=user, action=SESSION_ACTION, entity=ENTITY, entity_id=_session_hash(secret),
                     after={"expires": datetime.fromtimestamp(expires, timezone.utc).isoformat(),
                            "machine": hashlib.sha256(machine_id().encode()).hexdigest()[:12]}, at=now)
        return row.password_hash or ""

    password_hash = database.run(record)
    fields = {"v": FORMAT_VERSION, "sid": secret, "uid": user.id, "user": user.username, "iat": issued,
              "exp": expires}
    _write_private(session_file(), json.dumps({**fields, "mac": _mac(fields, password_hash)}))
    return datetime.fromtimestamp(expires, timezone.utc)


def end_session(database_of: Callable[[], Database | None]) -> tuple[str | None, bool]:
    """Delete this OS user's session file, then revoke the session in the database.

    Args:
        database_of: Opens the database, or None when there is none to tell (only called when there was a file).

    Returns:
        (the session's user name, "" for an unreadable file, None when there was no file; whether the database
        could be asked: False when it is missing or unreachable).
    """
    try:
        data = _read_session()
    except SignInError:  # unsafe or damaged: deleted all the same, nothing to revoke
        session_file().unlink(missing_ok=True)
        return "", True
    if data is None:
        return None, True
    session_file().unlink(missing_ok=True)  # first: the file goes even when the database cannot be reached
    database = database_of()
    if database is None:
        return data["user"], False
    now = clock()

    def revoke(session: Session) -> None:
        try:
            user = verify_session(session, data, now)
        except SignInError:
            return  # expired or not valid: nothing to revoke
        audit.record(session, user=user, action=LOGOUT_ACTION, entity=ENTITY, entity_id=_session_hash(data["sid"]),
                     at=now)

    try:
        database.run(revoke)
    except Exception:  # noqa: BLE001 - the file is gone; an unreachable database does not undo the logout
        return data["user"], False
    finally:
        database.dispose()
    return data["user"], True


def local_time(at: datetime) -> str:
    """``HH:MM dd/mm/YYYY`` in Hà Nội time (for messages)."""
    return _local(at)


def elapsed_minutes(until: datetime) -> int:
    """Whole minutes from now to ``until`` (at least 1)."""
    return max(1, round((until - clock()).total_seconds() / 60))


__all__ = [
    "CliUser", "FIRST_ADMIN", "SESSION_SECONDS", "SignInError", "add_signin_options", "check_actor",
    "end_session", "no_active_admin", "open_database", "prompt_sign_in", "require_admin", "session_file",
    "session_seconds", "session_user", "sign_in_with_password", "start_session", "verify_session",
]
