"""Console accounts: login with lockout, and audited user management (add, (de)activate, password, PIN, role)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.text import sanitize
from db.models import AuditEvent, User
from db.services.staff_auth import (
    LOCKOUT,
    MAX_BADGE,
    MAX_FAILED_ATTEMPTS,
    ROLES,
    AccountError,
    _,
    bounded,
    check_password,
    check_pin,
    create_user,
    find_user,
    hash_password,
    is_locked,
    name_key,
    needs_rehash,
    verify_login,
)
from db.types import utcnow

#: Longest attempted user name kept in the audit log (longer ones end with "…").
MAX_AUDITED_NAME = 64
#: How far back failed logins under a name no active account has are counted (see ``login``).
UNKNOWN_NAME_MEMORY = timedelta(hours=24)


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
        attempts_left: Failures left before a lockout (``bad``), counted the same way for a name without an
            active account, so it tells nothing about which names exist.
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


def attempted_name(typed: str) -> str:
    """The typed user name as the audit log keeps it: sanitised, at most ``MAX_AUDITED_NAME`` characters."""
    name = sanitize(typed[:4 * MAX_AUDITED_NAME])
    return name if len(name) <= MAX_AUDITED_NAME else name[:MAX_AUDITED_NAME - 1] + "…"


def login(session: Session, username: str, password: str, *, now: datetime | None = None) -> LoginResult:
    """Check a console login; count failures, lock after ``MAX_FAILED_ATTEMPTS``, audit every attempt.

    The name is matched ignoring case. Unknown, inactive and wrong-password logins look the same to the caller
    (``bad``, with the same ``attempts_left``) and take the same time (one argon2 verification on every path);
    a name without an active account is also "locked" after ``MAX_FAILED_ATTEMPTS`` failures (counted from
    the audit log), so a lockout does not reveal that the name exists either. Every failure is audited with
    the name that was typed (``attempted_name``).
    """
    from db.services import audit

    now = now or utcnow()
    user = find_user(session, username)
    matches = verify_login(user, password)
    if user is None or not user.active:
        return _refuse_unknown(session, username, user, now)
    if is_locked(user, now):
        audit.record(session, user=user, action="auth.refused_locked", entity="user", entity_id=user.username,
                     at=now)
        return LoginResult("locked", locked_until=user.locked_until)
    if matches:
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


def _refuse_unknown(session: Session, typed: str, user: User | None, now: datetime) -> LoginResult:
    """A login under a name without an active account: audited with the typed name, counted like a real one."""
    from db.services import audit

    name = attempted_name(typed)
    who: object = user if user is not None else "anonymous"
    reason = "inactive" if user is not None else "unknown user"
    failures, locked_until = _unknown_name_state(session, name_key(name), now)
    if locked_until is not None:
        audit.record(session, user=who, action="auth.refused_locked", entity="user", entity_id=name,
                     after={"reason": reason}, at=now)
        return LoginResult("locked", locked_until=locked_until)
    failures += 1
    if failures >= MAX_FAILED_ATTEMPTS:
        until = now + LOCKOUT
        audit.record(session, user=who, action="auth.locked", entity="user", entity_id=name,
                     after={"locked_until": until.isoformat(), "reason": reason}, at=now)
        return LoginResult("locked", locked_until=until)
    audit.record(session, user=who, action="auth.failed", entity="user", entity_id=name,
                 after={"reason": reason, "failed_attempts": failures}, at=now)
    return LoginResult("bad", attempts_left=MAX_FAILED_ATTEMPTS - failures)


def _unknown_name_state(session: Session, key: str, now: datetime) -> tuple[int, datetime | None]:
    """Failures under ``key`` since its last lockout (within ``UNKNOWN_NAME_MEMORY``) and a running lockout's end."""
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.after)
        .where(AuditEvent.at >= now - UNKNOWN_NAME_MEMORY, AuditEvent.entity == "user",
               AuditEvent.action.in_(("auth.failed", "auth.locked")))
        .order_by(AuditEvent.id))
    failures, locked_until = 0, None
    for action, entity_id, after in rows:
        if name_key(entity_id) != key:
            continue
        if action == "auth.failed":
            failures += 1
            continue
        failures = 0
        try:
            locked_until = datetime.fromisoformat(str((after or {}).get("locked_until")))
        except ValueError:
            locked_until = None
    return failures, locked_until if locked_until is not None and locked_until > now else None


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
    """Set a new password (the policy of ``core.credentials``, for this user's name); also clears a lockout."""
    user = _get(session, user_id)
    check_password(password, user.username, user.full_name)

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
    """Set (6 digits, not trivial, not from the badge: ``core.credentials``) or clear (None/empty) the agent PIN."""
    user = _get(session, user_id)
    if pin:
        check_pin(pin, user.badge_code)

    def apply() -> None:
        user.pin_hash = hash_password(pin) if pin else None

    return _change(session, actor, user, "user.set_pin" if pin else "user.clear_pin", apply)


def set_badge(session: Session, actor: object, user_id: int, badge_code: str | None) -> UserView:
    """Set or clear the badge code an agent scans to unlock agent mode (unique)."""
    code = bounded("Mã thẻ", badge_code, MAX_BADGE) or None
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
