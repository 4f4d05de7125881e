"""Staff credentials: argon2 hashing, creating users, the kiosk agent unlock by PIN or badge, the demo agent."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.text import sanitize
from db.models import User
from db.types import utcnow

AGENT_ROLES = ("agent", "admin")
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
ROLES = ("admin", "agent", "technician")
MIN_PASSWORD_LENGTH = 8
_ = translator("db")
DEMO_AGENT_USERNAME = "demo.agent"
DEMO_AGENT_PIN = "1234"

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
    """Return True for a 4–8 digit PIN."""
    return pin.isdigit() and 4 <= len(pin) <= 8


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
        AccountError: bad role, username taken, or a PIN that is not 4–8 digits.
    """
    username = sanitize(username)
    if role not in ROLES:
        raise AccountError(_("Vai trò '{role}' không hợp lệ; chọn admin, agent hoặc technician", role=role))
    if not username or len(username) > 80 or any(ch.isspace() for ch in username):
        raise AccountError(_("Tên đăng nhập không hợp lệ (1–80 ký tự, không có khoảng trắng)"), code="ACC-010")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError(_("Tên đăng nhập '{username}' đã tồn tại", username=username), code="ACC-002")
    if pin is not None and not valid_pin(pin):
        raise AccountError(_("Mã PIN phải gồm 4 đến 8 chữ số"), code="ACC-003")
    check_password(password)
    if badge_code and session.scalar(select(User).where(User.badge_code == sanitize(badge_code))) is not None:
        raise AccountError(_("Mã thẻ này đã được gán cho người khác"), code="ACC-006")
    user = User(
        username=username, full_name=sanitize(full_name), role=role, password_hash=hash_password(password),
        pin_hash=hash_password(pin) if pin else None, badge_code=sanitize(badge_code) if badge_code else None,
        site_id=site_id,
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


def authenticate(session: Session, username: str, password: str, *, now: datetime | None = None) -> User | None:
    """Check a username/password login with lockout after repeated failures; return the user or None."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == sanitize(username), User.active.is_(True)))
    if user is None or _locked(user, now):
        return None
    if verify_password(user.password_hash, password):
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
    user = session.scalar(select(User).where(User.username == DEMO_AGENT_USERNAME))
    if user is None:
        user = create_user(
            session, DEMO_AGENT_USERNAME, role="agent", password=secrets.token_urlsafe(16),
            full_name="Nhân viên Demo", pin=DEMO_AGENT_PIN, badge_code="AGENT-DEMO-0001", site_id=site_id,
        )
    return _identity(user), DEMO_AGENT_PIN

register_catalogue("db", {
    "Vai trò '{role}' không hợp lệ; chọn admin, agent hoặc technician":
        "Unknown role '{role}'; choose admin, agent or technician",
    "Tên đăng nhập không hợp lệ (1–80 ký tự, không có khoảng trắng)":
        "Invalid username (1–80 characters, no spaces)",
    "Tên đăng nhập '{username}' đã tồn tại": "Username '{username}' already exists",
    "Mã PIN phải gồm 4 đến 8 chữ số": "The PIN must be 4 to 8 digits",
    "Mã thẻ này đã được gán cho người khác": "This badge is already assigned to someone else",
    "Mật khẩu phải có ít nhất {n} ký tự": "The password must have at least {n} characters",
    "Không tìm thấy người dùng #{id}": "No user #{id}",
    "Không thể tự khoá tài khoản của mình": "You cannot deactivate your own account",
    "Phải còn ít nhất một quản trị viên đang hoạt động": "At least one active admin must remain",
    "Không thể tự đổi vai trò của mình": "You cannot change your own role",
})


def check_password(password: str) -> None:
    """Raise ``AccountError`` (ACC-004) when ``password`` is too short."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(_("Mật khẩu phải có ít nhất {n} ký tự", n=MIN_PASSWORD_LENGTH), code="ACC-004")
