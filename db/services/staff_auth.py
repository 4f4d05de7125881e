"""Staff credentials: argon2 hashing, creating users, the kiosk agent unlock by PIN or badge, the demo agent."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import credentials
from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.text import sanitize
from db.models import User
from db.types import utcnow

AGENT_ROLES = ("agent", "admin")
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
ROLES = ("admin", "agent", "technician")
MIN_PASSWORD_LENGTH = credentials.MIN_PASSWORD_LENGTH
PIN_LENGTH = credentials.PIN_LENGTH
#: Longest user name, full name and badge code (the columns' sizes).
MAX_USERNAME = 80
MAX_FULL_NAME = 200
MAX_BADGE = 80
_ = translator("db")
DEMO_AGENT_USERNAME = "demo.agent"
DEMO_AGENT_PIN = "739251"

# PINs are short, so hashing is what protects them at rest; the kiosk also rate-limits attempts.
_hasher = PasswordHasher()


class AccountError(KioskError):
    """An account operation was refused (bad role, duplicate username, weak PIN)."""

    code = "ACC-001"


@dataclass(frozen=True)
class AgentIdentity:
    """Who unlocked agent mode.

    Attributes:
        user_id: The user's id (recorded as the assisting agent).
        username: Login name.
        full_name: Display name shown on the kiosk.
        role: ``agent`` or ``admin``.
    """

    user_id: int
    username: str
    full_name: str
    role: str


def hash_password(password: str) -> str:
    """Return an argon2 hash of ``password`` (also used for PINs)."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Return True when ``password`` matches ``stored_hash`` (False for a missing or corrupt hash)."""
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Return True when the hash was made with weaker parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def valid_pin(pin: str) -> bool:
    """Return True for a PIN the policy accepts (6 digits, not trivial; see ``core.credentials``)."""
    return credentials.pin_refusal(pin) is None


def check_pin(pin: str, badge_code: str | None = None) -> None:
    """Raise ``AccountError`` (ACC-003 format, ACC-015 trivial, ACC-016 from the badge) for a refused PIN."""
    refusal = credentials.pin_refusal(pin, badge_code or "")
    if refusal is not None:
        raise AccountError(refusal.message, code=refusal.code)


def check_password(password: str, username: str = "", full_name: str = "") -> None:
    """Raise ``AccountError`` for a refused password: ACC-004 short, ACC-012 common, ACC-013 holds the name, ACC-014 long."""
    refusal = credentials.password_refusal(password, username, full_name)
    if refusal is not None:
        raise AccountError(refusal.message, code=refusal.code)


def bounded(label: str, value: str | None, limit: int) -> str:
    """Return ``value`` sanitised; ``AccountError`` (ACC-017) naming the field when it is longer than ``limit``.

    Args:
        label: The field's Vietnamese name (translated here).
    """
    raw = value or ""
    text = sanitize(raw) if len(raw) <= 4 * limit else raw  # never sanitise megabytes just to refuse them
    if len(text) > limit:
        raise AccountError(_("{field} dài quá {n} ký tự (đang có {length})", field=_(label), n=limit,
                             length=len(text)), code="ACC-017")
    return text


def name_key(username: str | None) -> str:
    """The form user names are compared in: sanitised, NFC, case-folded (``Admin1`` and ``admin1`` are one name)."""
    return sanitize(username or "").casefold()


def find_user(session: Session, username: str) -> User | None:
    """Return the user whose name equals ``username`` ignoring case (an exact match first), else None.

    Names are compared in Python, so the rule is the same on SQLite and PostgreSQL whatever their collation
    (staff tables hold tens of rows). Two names that differ only in case can exist only from before this rule.
    """
    key = name_key(username)
    if not key:
        return None
    exact = sanitize(username)
    matches = [(name != exact, user_id) for user_id, name in session.execute(select(User.id, User.username))
               if name_key(name) == key]
    return session.get(User, min(matches)[1]) if matches else None


def create_user(
    session: Session,
    username: str,
    *,
    role: str,
    password: str,
    full_name: str = "",
    pin: str | None = None,
    badge_code: str | None = None,
    site_id: int | None = None,
) -> User:
    """Add a user with hashed password (and PIN).

    Raises:
        AccountError: bad role, user name taken in any letter case (ACC-002), a refused PIN (ACC-003/015/016)
            or password (ACC-004/012/013/014), a field too long (ACC-017).
    """
    username = sanitize(username) if len(username) <= 4 * MAX_USERNAME else username
    if role not in ROLES:
        raise AccountError(_("Vai trò '{role}' không hợp lệ; chọn admin, agent hoặc technician", role=role))
    if not username or len(username) > MAX_USERNAME or any(ch.isspace() for ch in username):
        raise AccountError(_("Tên đăng nhập không hợp lệ (1–80 ký tự, không có khoảng trắng)"), code="ACC-010")
    taken = find_user(session, username)
    if taken is not None and taken.username == username:
        raise AccountError(_("Tên đăng nhập '{username}' đã tồn tại", username=username), code="ACC-002")
    if taken is not None:
        raise AccountError(_("Tên đăng nhập '{username}' đã tồn tại (đã có '{existing}'; chữ hoa và chữ thường "
                             "được coi là một)", username=username, existing=taken.username), code="ACC-002")
    full_name = bounded("Họ và tên", full_name, MAX_FULL_NAME)
    badge = bounded("Mã thẻ", badge_code, MAX_BADGE) or None
    if pin is not None:
        check_pin(pin, badge)
    check_password(password, username, full_name)
    if badge and session.scalar(select(User).where(User.badge_code == badge)) is not None:
        raise AccountError(_("Mã thẻ này đã được gán cho người khác"), code="ACC-006")
    user = User(
        username=username, full_name=full_name, role=role, password_hash=hash_password(password),
        pin_hash=hash_password(pin) if pin else None, badge_code=badge, site_id=site_id,
    )
    session.add(user)
    session.flush()
    return user


def is_locked(user: User, now: datetime) -> bool:
    """True while ``user`` is locked out at ``now``."""
    return user.locked_until is not None and user.locked_until > now


_locked = is_locked


def _candidates(session: Session, site_id: int | None) -> list[User]:
    stmt = select(User).where(User.active.is_(True), User.role.in_(AGENT_ROLES))
    if site_id is not None:
        stmt = stmt.where(or_(User.site_id.is_(None), User.site_id == site_id))
    return list(session.scalars(stmt.order_by(User.id)))


def _identity(user: User) -> AgentIdentity:
    return AgentIdentity(user.id, user.username, user.full_name or user.username, user.role)


def verify_agent_pin(
    session: Session, pin: str, *, site_id: int | None = None, now: datetime | None = None
) -> AgentIdentity | None:
    """Return the active agent/admin whose PIN is ``pin`` (for this site or all sites), else None.

    A PIN is not tied to a username, so each candidate's hash is checked; locked accounts are skipped.
    """
    now = now or utcnow()
    if not valid_pin(pin):
        return None
    for user in _candidates(session, site_id):
        if user.pin_hash and not _locked(user, now) and verify_password(user.pin_hash, pin):
            user.failed_attempts = 0
            return _identity(user)
    return None


def verify_agent_badge(
    session: Session, badge_code: str, *, site_id: int | None = None, now: datetime | None = None
) -> AgentIdentity | None:
    """Return the active agent/admin whose badge code is ``badge_code``, else None."""
    now = now or utcnow()
    code = sanitize(badge_code)
    if not code:
        return None
    given = code.encode("utf-8")  # compare bytes: a scanned CCCD or any non-ASCII burst must not raise
    for user in _candidates(session, site_id):
        if (user.badge_code and secrets.compare_digest(user.badge_code.encode("utf-8"), given)
                and not _locked(user, now)):
            return _identity(user)
    return None


_dummy: tuple[PasswordHasher, str] | None = None


def _dummy_hash() -> str:
    """A hash of a random secret made with the current hasher (so verifying against it costs the same)."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def verify_login(user: User | None, password: str) -> bool:
    """Verify ``password`` for a login with exactly one argon2 verification, whoever ``user`` is.

    An unknown or inactive user is checked against a dummy hash (and always fails), so a wrong name takes
    as long as a wrong password and the time says nothing about which names exist.
    """
    stored = user.password_hash if user is not None and user.active and user.password_hash else None
    matches = verify_password(stored or _dummy_hash(), password)
    return stored is not None and matches


def authenticate(session: Session, username: str, password: str, *, now: datetime | None = None) -> User | None:
    """Check a username/password login with lockout after repeated failures; return the user or None.

    The name is matched ignoring case. Unknown, inactive, locked and wrong-password logins all return None
    after the same one argon2 verification (see ``verify_login``).
    """
    now = now or utcnow()
    user = find_user(session, username)
    matches = verify_login(user, password)
    if user is None or not user.active or _locked(user, now):
        return None
    if matches:
        user.failed_attempts = 0
        user.locked_until = None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return user
    user.failed_attempts += 1
    if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
        user.locked_until = now + LOCKOUT
        user.failed_attempts = 0
    return None


def ensure_demo_agent(session: Session, site_id: int | None = None) -> tuple[AgentIdentity, str]:
    """Create (once) the demo agent used by ``kiosk --demo``; return it and its PIN for the on-screen hint."""
    user = find_user(session, DEMO_AGENT_USERNAME)
    if user is None:
        user = create_user(
            session, DEMO_AGENT_USERNAME, role="agent", password=secrets.token_urlsafe(16),
            full_name="Nhân viên Demo", pin=DEMO_AGENT_PIN, badge_code="AGENT-DEMO-0001", site_id=site_id,
        )
    elif not verify_password(user.pin_hash, DEMO_AGENT_PIN):  # a demo database from before the 6-digit PINs
        user.pin_hash = hash_password(DEMO_AGENT_PIN)
    return _identity(user), DEMO_AGENT_PIN

register_catalogue("db", {
    "Vai trò '{role}' không hợp lệ; chọn admin, agent hoặc technician":
        "Unknown role '{role}'; choose admin, agent or technician",
    "Tên đăng nhập không hợp lệ (1–80 ký tự, không có khoảng trắng)":
        "Invalid username (1–80 characters, no spaces)",
    "Tên đăng nhập '{username}' đã tồn tại": "Username '{username}' already exists",
    "Tên đăng nhập '{username}' đã tồn tại (đã có '{existing}'; chữ hoa và chữ thường được coi là một)":
        "Username '{username}' already exists (as '{existing}'; upper and lower case count as the same)",
    "Mã thẻ này đã được gán cho người khác": "This badge is already assigned to someone else",
    "Mật khẩu phải có ít nhất {n} ký tự": "The password must have at least {n} characters",
    "Không tìm thấy người dùng #{id}": "No user #{id}",
    "Không thể tự khoá tài khoản của mình": "You cannot deactivate your own account",
    "Phải còn ít nhất một quản trị viên đang hoạt động": "At least one active admin must remain",
    "Không thể tự đổi vai trò của mình": "You cannot change your own role",
    "{field} dài quá {n} ký tự (đang có {length})": "{field} is longer than {n} characters ({length})",
    "Họ và tên": "Full name",
    "Mã thẻ": "Badge code",
})
