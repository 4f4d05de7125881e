"""The admin console app: login first, then the modes the user's role allows (one module per mode)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label

from admin_tui import modes as mode_registry
from admin_tui.context import AdminContext, CurrentUser
from admin_tui.guard import ConsoleDatabase, database_problem
from admin_tui.messages import _
from admin_tui.screens.login import LoginScreen
from admin_tui.widgets.mode_screen import ModeScreen
from core.errors import KioskError
from core.i18n import set_language
from core.settings import Settings
from db.engine import Database
from db.services import audit

log = logging.getLogger(__name__)
LOGIN_MODE = "login"
EMPTY_MODE = "empty"
IDLE_SIGN_OUT = timedelta(minutes=15)
IDLE_CHECK_S = 30.0


class NoModesScreen(ModeScreen):
    """Shown when none of the user's modes is installed (e.g. a technician before Devices exists)."""

    MODE_NAME = EMPTY_MODE

    def compose_body(self) -> Iterable[Widget]:
        """One line saying so."""
        yield Label(_("Vai trò của bạn chưa có khu vực nào trong bản cài đặt này."), id="no-modes")


class AdminApp(App[None]):
    """Admin console for service points: catalogue, queues, dossiers, devices, reports, users, audit.

    Args:
        context: Database, clock and settings; ``context.user`` is set at sign-in.
        owns_database: Dispose the database when the app exits.
    """

    CSS_PATH = "admin.tcss"
    TITLE = "kiosk-admin"
    BINDINGS = [
        *(Binding(m.key, f"open_mode('{m.name}')", _(m.title), show=False) for m in mode_registry.MODE_INFOS),
        Binding("ctrl+l", "logout", _("Đăng xuất")),
        Binding("ctrl+q", "quit", _("Thoát"), priority=True),
    ]

    def __init__(self, context: AdminContext, *, owns_database: bool = False) -> None:
        super().__init__()
        self.context = context
        self.owns_database = owns_database
        self.allowed_modes: tuple[str, ...] = ()
        self._last_problem: tuple[str, float] | None = None
        self.last_activity = context.now()
        self.add_mode(LOGIN_MODE, lambda: LoginScreen(self.context))

    def on_mount(self) -> None:
        """Start at the login screen; check for an unattended console every half minute."""
        self.title = _("Bảng quản trị")
        self.switch_mode(LOGIN_MODE)
        self.set_interval(IDLE_CHECK_S, self.sign_out_if_idle)

    async def on_event(self, event: events.Event) -> None:
        """Note keyboard and mouse activity (for the idle sign-out), then handle the event as usual."""
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            self.last_activity = self.context.now()
        await super().on_event(event)

    async def sign_out_if_idle(self) -> None:
        """Sign out a console left unattended for ``IDLE_SIGN_OUT`` (personal data stays behind a login)."""
        if self.context.user is not None and self.context.now() - self.last_activity >= IDLE_SIGN_OUT:
            await self.action_logout()
            self.notify(_("Đã tự đăng xuất sau {n} phút không thao tác.", n=int(IDLE_SIGN_OUT.total_seconds() // 60)),
                        markup=False)

    def on_unmount(self) -> None:
        """Release the database when this app created it."""
        if self.owns_database:
            self.context.database.dispose()

    def _handle_exception(self, error: Exception) -> None:
        """A database that went away is reported and the console keeps running; anything else is fatal.

        Workers that do not catch ``KioskError`` themselves (live refreshes, quick actions) end up here
        through Textual's ``WorkerFailed``: the last data stays on screen and the next refresh retries.
        """
        problem = database_problem(error)
        if problem is None:
            super()._handle_exception(error)
            return
        text = f"[{problem.code}] {problem.message}"
        now = time.monotonic()
        if self._last_problem is not None and self._last_problem[0] == text and now - self._last_problem[1] < 15:
            return  # live views retry every few seconds: say it once, not on every refresh
        self._last_problem = (text, now)
        log.warning("database problem in the console: %s", problem.code)
        self.notify(text, severity="error", markup=False, timeout=10)

    # --- sign-in / sign-out ---------------------------------------------------------------------

    def on_login_screen_signed_in(self, event: LoginScreen.SignedIn) -> None:
        """Register the modes the user's role allows and open the first one."""
        self.sign_in(event.user)

    def sign_in(self, user: CurrentUser) -> None:
        """Make ``user`` the console user and show their first mode."""
        self.context.user = user
        self.last_activity = self.context.now()
        available = mode_registry.modes_for(user.role)
        self.allowed_modes = tuple(m.name for m, _s in available)
        for mode, screen in available:
            self.add_mode(mode.name, self._factory(screen))
        self.sub_title = f"{user.display_name} · {_(user.role_label)}"
        if available:
            self.switch_mode(available[0][0].name)
        else:
            self.add_mode(EMPTY_MODE, lambda: NoModesScreen(self.context))
            self.switch_mode(EMPTY_MODE)

    def _factory(self, screen: type[Screen]) -> Callable[[], Screen]:
        return lambda: screen(self.context)  # type: ignore[call-arg]

    async def action_logout(self) -> None:
        """Sign out: back to the login screen; every mode screen is discarded."""
        if self.context.user is None:
            return
        user = self.context.user
        await self.switch_mode(LOGIN_MODE)
        for name in [*self.allowed_modes, EMPTY_MODE]:
            if name in self._modes:
                await self.remove_mode(name)
        self.allowed_modes = ()
        self.context.user = None
        self.sub_title = ""
        self.run_worker(lambda: self._record_logout(user), thread=True, group="audit")
        login = self.screen
        if isinstance(login, LoginScreen):
            login.reset()

    def _record_logout(self, user: CurrentUser) -> None:
        try:
            self.context.database.run(lambda s: audit.record(s, user=user, action="auth.logout", entity="user",
                                                             entity_id=user.username))
        except KioskError:
            log.warning("could not record the sign-out of %s", user.username)

    # --- modes ----------------------------------------------------------------------------------

    def action_open_mode(self, name: str) -> None:
        """Switch to mode ``name`` when the user's role allows it."""
        if name in self.allowed_modes:
            self.switch_mode(name)
        elif self.context.user is not None:
            self.notify(_("[ADM-002] Bạn không có quyền mở khu vực này."), severity="warning", markup=False)


def make_admin_app(settings: Settings, *, database: Database | None = None,
                   clock: Callable[[], datetime] | None = None) -> AdminApp:
    """Build the console.

    Args:
        settings: Typed settings (language, database URL).
        database: Database to use; default: one on ``settings.database_url``, disposed at exit. The
            caller runs ``db.migrate.ensure_ready`` first.
        clock: Current-time function (default: UTC now).
    """
    set_language(settings.language)
    owns = database is None
    db = database or Database(settings.database_url)
    context = AdminContext(settings=settings, database=ConsoleDatabase(db))  # type: ignore[arg-type]
    if clock is not None:
        context.clock = clock
    return AdminApp(context, owns_database=owns)
