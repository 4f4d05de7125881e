"""Staff accounts (facade): re-exports ``staff_auth`` (credentials, kiosk unlock) and ``user_admin`` (console)."""

from __future__ import annotations

from db.services.staff_auth import (
    AGENT_ROLES,
    DEMO_AGENT_PIN,
    DEMO_AGENT_USERNAME,
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    MIN_PASSWORD_LENGTH,
    ROLES,
    AccountError,
    AgentIdentity,
    authenticate,
    check_password,
    create_user,
    ensure_demo_agent,
    hash_password,
    is_locked,
    needs_rehash,
    valid_pin,
    verify_agent_badge,
    verify_agent_pin,
    verify_password,
)
from db.services.user_admin import (
    LoginResult,
    UserView,
    add_user,
    list_users,
    login,
    reset_password,
    set_active,
    set_badge,
    set_pin,
    set_role,
    unlock,
    view,
)

__all__ = [
    "AGENT_ROLES", "AccountError", "AgentIdentity", "DEMO_AGENT_PIN", "DEMO_AGENT_USERNAME", "LOCKOUT",
    "LoginResult", "MAX_FAILED_ATTEMPTS", "MIN_PASSWORD_LENGTH", "ROLES", "UserView", "add_user", "authenticate",
    "check_password", "create_user", "ensure_demo_agent", "hash_password", "is_locked", "list_users", "login",
    "needs_rehash", "reset_password", "set_active", "set_badge", "set_pin", "set_role", "unlock", "valid_pin",
    "verify_agent_badge", "verify_agent_pin", "verify_password", "view",
]
