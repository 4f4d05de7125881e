"""What every admin mode receives: the database, the signed-in user, the clock and the settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from core.settings import Settings
from db.engine import Database
from db.types import utcnow

ROLES = ("admin", "agent", "technician")
#: Vietnamese label of each role (translate with ``admin_tui.messages._``).
ROLE_LABELS = {"admin": "Quản trị viên", "agent": "Nhân viên giao dịch", "technician": "Kỹ thuật viên"}


@dataclass(frozen=True)
class CurrentUser:
    """The signed-in console user (what ``db.services.audit.record(user=...)`` accepts).

    Attributes:
        id: User id.
        username: Login name (the audit trail's actor).
        full_name: Display name.
        role: ``admin``, ``agent`` or ``technician``.
    """

    id: int
    username: str
    full_name: str
    role: str

    @property
    def role_label(self) -> str:
        """The role's Vietnamese label (untranslated)."""
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def display_name(self) -> str:
        """Full name, or the username when none is set."""
        return self.full_name or self.username


@dataclass
class AdminContext:
    """Shared state handed to every mode screen (``ModeClass(context)``).

    Attributes:
        settings: Typed settings.
        database: The database every worker uses (``database.run(fn)`` / ``.session()``).
        clock: Returns the current time (timezone-aware UTC); tests pass a fixed clock.
        user: The signed-in user, None on the login screen.
    """

    settings: Settings
    database: Database
    clock: Callable[[], datetime] = field(default=utcnow)
    user: CurrentUser | None = None

    def now(self) -> datetime:
        """Return ``clock()``."""
        return self.clock()

    @property
    def actor(self) -> str:
        """The signed-in username (for services that take an ``actor`` string), else ``system``."""
        return self.user.username if self.user else "system"

    def require_user(self) -> CurrentUser:
        """Return the signed-in user (modes only exist after login)."""
        if self.user is None:
            raise RuntimeError("no user signed in")
        return self.user
