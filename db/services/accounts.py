"""Staff accounts: argon2 hashing, console login with lockout, agent PIN/badge, audited user management."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import or_, select, update
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


def _locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


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
    for user in _candidates(session, site_id):
        if user.badge_code and secrets.compare_digest(user.badge_code, code) and not _locked(user, now):
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


# --- Console login and user management (admin console) ------------------------------------------

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


@dataclass(frozen=True)
class UserView:
    """A user as the console lists it (never the hashes).

    Attributes:
        id: User id.
        username: Login name.
        full_name: Display name.
        role: ``admin``, ``agent`` or ``technician``.
        active: False once deactivated.
        locked_until: End of a lockout, or None.
        failed_attempts: Consecutive failed logins.
        has_pin: An agent PIN is set.
        has_badge: A badge code is set.
        site_id: Site the user belongs to (None = all sites).
        created_at: When the account was created.
    """

    id: int
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None
    failed_attempts: int
    has_pin: bool
    has_badge: bool
    site_id: int | None
    created_at: datetime | None

    def locked(self, now: datetime) -> bool:
        """True while a lockout is running at ``now``."""
        return self.locked_until is not None and self.locked_until > now


@dataclass(frozen=True)
class LoginResult:
    """Outcome of a console login.

    Attributes:
        status: ``ok``, ``bad`` (unknown user, wrong password or inactive: not told apart) or ``locked``.
        user: The user when ``ok``.
        locked_until: When a lockout ends (``locked``; also set when this failure started one).
        attempts_left: Failures left before a lockout (``bad`` on a known active user).
    """

    status: str
    user: UserView | None = None
    locked_until: datetime | None = None
    attempts_left: int | None = None


def view(user: User) -> UserView:
    """Return the console view of ``user``."""
    return UserView(user.id, user.username, user.full_name, user.role, user.active, user.locked_until,
                    user.failed_attempts, bool(user.pin_hash), bool(user.badge_code), user.site_id,
                    user.created_at)


def _audit_state(user: User) -> dict[str, object]:
    return {"username": user.username, "full_name": user.full_name, "role": user.role, "active": user.active,
            "locked_until": user.locked_until.isoformat() if user.locked_until else None,
            "has_pin": bool(user.pin_hash), "has_badge": bool(user.badge_code), "site_id": user.site_id}


def check_password(password: str) -> None:
    """Raise ``AccountError`` (ACC-004) when ``password`` is too short."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(_("Mật khẩu phải có ít nhất {n} ký tự", n=MIN_PASSWORD_LENGTH), code="ACC-004")


def login(session: Session, username: str, password: str, *, now: datetime | None = None) -> LoginResult:
    """Check a console login; count failures, lock after ``MAX_FAILED_ATTEMPTS``, audit every attempt.

    Unknown, inactive and wrong-password logins look the same to the caller (``bad``); a locked
    account says until when, so staff know to wait or call an admin.
    """
    from db.services import audit

    now = now or utcnow()
    name = sanitize(username)
    user = session.scalar(select(User).where(User.username == name))
    if user is None:  # the typed name is not logged: it may be a password typed into the wrong box
        audit.record(session, user="anonymous", action="auth.failed", entity="user", entity_id="",
                     after={"reason": "unknown user"}, at=now)
        return LoginResult("bad")
    if not user.active:
        audit.record(session, user=user, action="auth.failed", entity="user", entity_id=user.username,
                     after={"reason": "inactive"}, at=now)
        return LoginResult("bad")
    if _locked(user, now):
        audit.record(session, user=user, action="auth.refused_locked", entity="user", entity_id=user.username,
                     at=now)
        return LoginResult("locked", locked_until=user.locked_until)
    if verify_password(user.password_hash, password):
        user.failed_attempts = 0
        user.locked_until = None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        audit.record(session, user=user, action="auth.login", entity="user", entity_id=user.username, at=now)
        return LoginResult("ok", view(user))
    # One atomic UPDATE ... RETURNING, so failures from several consoles at once are all counted.
    attempts = session.execute(
        update(User).where(User.id == user.id).values(failed_attempts=User.failed_attempts + 1)
        .returning(User.failed_attempts).execution_options(synchronize_session=False)).scalar_one()
    user.failed_attempts = attempts
    if attempts >= MAX_FAILED_ATTEMPTS:
        user.locked_until = now + LOCKOUT
        user.failed_attempts = 0
        audit.record(session, user=user, action="auth.locked", entity="user", entity_id=user.username,
                     after={"locked_until": user.locked_until.isoformat()}, at=now)
        return LoginResult("locked", locked_until=user.locked_until)
    audit.record(session, user=user, action="auth.failed", entity="user", entity_id=user.username,
                 after={"failed_attempts": user.failed_attempts}, at=now)
    return LoginResult("bad", attempts_left=MAX_FAILED_ATTEMPTS - user.failed_attempts)


def list_users(session: Session) -> list[UserView]:
    """Return every user (active first, then by username)."""
    users = session.scalars(select(User).order_by(User.active.desc(), User.username))
    return [view(u) for u in users]


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AccountError(_("Không tìm thấy người dùng #{id}", id=user_id), code="ACC-005")
    return user


def add_user(session: Session, *, actor: object, username: str, role: str, password: str, full_name: str = "",
             pin: str | None = None, badge_code: str | None = None, site_id: int | None = None) -> UserView:
    """Create a user (see ``create_user``) and audit it as ``user.add``.

    Args:
        actor: Who adds (console user, ``"cli"``...), see ``db.services.audit.record``.
    """
    from db.services import audit

    user = create_user(session, username, role=role, password=password, full_name=full_name, pin=pin,
                       badge_code=badge_code, site_id=site_id)
    audit.record(session, user=actor, action="user.add", entity="user", entity_id=user.username,
                 after=_audit_state(user))
    return view(user)


def _change(session: Session, actor: object, user: User, action: str, apply: Callable[[], None]) -> UserView:
    from db.services import audit

    before = _audit_state(user)
    apply()
    session.flush()
    after = _audit_state(user)
    if action in ("user.reset_password",):
        before, after = {**before, "password": "…"}, {**after, "password": "changed"}
    audit.record(session, user=actor, action=action, entity="user", entity_id=user.username, before=before,
                 after=after)
    return view(user)


def _active_admins(session: Session) -> int:
    return len(list(session.scalars(select(User.id).where(User.role == "admin", User.active.is_(True)))))


def set_active(session: Session, actor: object, user_id: int, active: bool) -> UserView:
    """Deactivate (or reactivate) a user; refuses self-deactivation and removing the last admin."""
    user = _get(session, user_id)
    if not active and getattr(actor, "id", None) == user.id:
        raise AccountError(_("Không thể tự khoá tài khoản của mình"), code="ACC-008")
    if not active and user.role == "admin" and user.active and _active_admins(session) <= 1:
        raise AccountError(_("Phải còn ít nhất một quản trị viên đang hoạt động"), code="ACC-009")

    def apply() -> None:
        user.active = active

    return _change(session, actor, user, "user.activate" if active else "user.deactivate", apply)


def reset_password(session: Session, actor: object, user_id: int, password: str) -> UserView:
    """Set a new password (also clears a lockout)."""
    check_password(password)
    user = _get(session, user_id)

    def apply() -> None:
        user.password_hash = hash_password(password)
        user.failed_attempts = 0
        user.locked_until = None

    return _change(session, actor, user, "user.reset_password", apply)


def unlock(session: Session, actor: object, user_id: int) -> UserView:
    """End a lockout and reset the failure count."""
    user = _get(session, user_id)

    def apply() -> None:
        user.failed_attempts = 0
        user.locked_until = None

    return _change(session, actor, user, "user.unlock", apply)


def set_pin(session: Session, actor: object, user_id: int, pin: str | None) -> UserView:
    """Set (4–8 digits) or clear (None/empty) the agent PIN."""
    if pin and not valid_pin(pin):
        raise AccountError(_("Mã PIN phải gồm 4 đến 8 chữ số"), code="ACC-003")
    user = _get(session, user_id)

    def apply() -> None:
        user.pin_hash = hash_password(pin) if pin else None

    return _change(session, actor, user, "user.set_pin" if pin else "user.clear_pin", apply)


def set_badge(session: Session, actor: object, user_id: int, badge_code: str | None) -> UserView:
    """Set or clear the badge code an agent scans to unlock agent mode (unique)."""
    code = sanitize(badge_code or "") or None
    user = _get(session, user_id)
    if code and session.scalar(select(User).where(User.badge_code == code, User.id != user.id)) is not None:
        raise AccountError(_("Mã thẻ này đã được gán cho người khác"), code="ACC-006")

    def apply() -> None:
        user.badge_code = code

    return _change(session, actor, user, "user.set_badge" if code else "user.clear_badge", apply)


def set_role(session: Session, actor: object, user_id: int, role: str) -> UserView:
    """Change a user's role; refuses an unknown role, one's own role and demoting the last active admin."""
    if role not in ROLES:
        raise AccountError(_("Vai trò '{role}' không hợp lệ; chọn admin, agent hoặc technician", role=role))
    user = _get(session, user_id)
    if getattr(actor, "id", None) == user.id:
        raise AccountError(_("Không thể tự đổi vai trò của mình"), code="ACC-011")
    if user.role == "admin" and role != "admin" and user.active and _active_admins(session) <= 1:
        raise AccountError(_("Phải còn ít nhất một quản trị viên đang hoạt động"), code="ACC-009")

    def apply() -> None:
        user.role = role

    return _change(session, actor, user, "user.set_role", apply)
