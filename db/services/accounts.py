"""Staff accounts (facade): re-exports ``staff_auth`` (credentials, kiosk unlock) and ``user_admin`` (console)."""

from __future__ import annotations

from db.services.staff_auth import (
    AGENT_ROLES,
    DEMO_AGENT_PIN,
    DEMO_AGENT_USERNAME,
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    MIN_PASSWORD_LENGTH,
    PIN_LENGTH,
    ROLES,
    AccountError,
    AgentIdentity,
    authenticate,
    bounded,
    check_password,
    check_pin,
    create_user,
    ensure_demo_agent,
    find_user,
    hash_password,
    is_locked,
    name_key,
    needs_rehash,
    valid_pin,
    verify_agent_badge,
    verify_agent_pin,
    verify_login,
    verify_password,
)
from db.services.user_admin import (
    LoginResult,
    UserView,
    add_user,
    attempted_name,
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
    "LoginResult", "MAX_FAILED_ATTEMPTS", "MIN_PASSWORD_LENGTH", "PIN_LENGTH", "ROLES", "UserView", "add_user",
    "attempted_name", "authenticate", "bounded", "check_password", "check_pin", "create_user", "ensure_demo_agent",
    "find_user", "hash_password", "is_locked", "list_users", "login", "name_key", "needs_rehash", "reset_password",
    "set_active", "set_badge", "set_pin", "set_role", "unlock", "valid_pin", "verify_agent_badge",
    "verify_agent_pin", "verify_login", "verify_password", "view",
]
