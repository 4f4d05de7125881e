"""Console accounts: login with lockout, and audited user management (add, (de)activate, password, PIN, role)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.text import sanitize
from db.models import User
from db.services.staff_auth import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    ROLES,
    AccountError,
    _,
    check_password,
    create_user,
    hash_password,
    is_locked,
    needs_rehash,
    valid_pin,
    verify_password,
)
from db.types import utcnow


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
    if is_locked(user, now):
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
