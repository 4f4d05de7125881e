"""The kiosk Textual app: screens, idle reset, agent mode, scanner routing, heartbeat and printing kicks."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.signal import Signal
from textual.widgets import Input

from core.i18n import get_language, set_language
from core.settings import Settings
from db.engine import Database
from kiosk.context import KioskContext
from kiosk.large_text import LargeText
from kiosk.messages import _
from kiosk.state import CitizenSession
from kiosk.voice import VoiceGuide
from kiosk.widgets.scanburst import ScanBurst, ScanReceived

HERE = Path(__file__).parent
log = logging.getLogger(__name__)


def css_paths() -> list[Path]:
    """Return the app's style sheets: the shell's and, once it exists, the submission steps'."""
    paths = [HERE / "kiosk.tcss"]
    if (HERE / "submit.tcss").exists():
        paths.append(HERE / "submit.tcss")
    return paths


class KioskApp(App):
    """The citizen kiosk.

    Attributes:
        ctx: Settings and injected services.
        session: The current citizen's in-memory session (wiped on finish, timeout or Home).
        agent: The unlocked agent (``db.services.accounts.AgentIdentity``) or None.
        site: This kiosk's site (``kiosk.services.SiteInfo``) once loaded.
        demo_pin: The demo agent's PIN (shown as a hint in demo mode only).
        voice: Spoken step instructions and the citizen's mute (``kiosk.voice.VoiceGuide``).
    """

    CSS_PATH = css_paths()
    #: Screens shorter than a kiosk display (e.g. an 80×24 terminal) get the class ``-short``: the on-screen
    #: keyboards hide (a terminal has a real keyboard) and Welcome's choices shrink to 3 rows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    TITLE = "Kiosk dịch vụ công"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "request_quit", show=False, priority=True),
        Binding("ctrl+c", "request_quit", show=False, priority=True),
        Binding("f12", "agent", show=False),
    ]

    agent: reactive[Any] = reactive(None, init=False)
    site: reactive[Any] = reactive(None, init=False)

    def __init__(self, ctx: KioskContext, *, demo_pin: str = "", site: Any = None, speaker: Any = None) -> None:
        super().__init__()
        # Screens and headers follow site and agent through signals they leave on unmount: Textual's
        # ``watch`` on the app would keep every closed header and screen alive (2.5 MiB per citizen).
        self.site_changed_signal: Signal[Any] = Signal(self, "site-changed")
        self.agent_changed_signal: Signal[Any] = Signal(self, "agent-changed")
        self.ctx = ctx
        # Known before the first frame, so Welcome never moves its buttons when the site info arrives.
        self.site = site
        self.session = CitizenSession()
        self.demo_pin = demo_pin
        self.theme = "textual-dark"
        self.scanner = ScanBurst()
        self.voice = VoiceGuide(self, speaker)
        self.large_text = LargeText(self)
        self._last_activity = time.monotonic()
        self._failed_pins: list[float] = []
        self.crashed = False
        self._taps_tracked = False  # the first screen follows no other: its first tap is never a ghost
        self._taps_open_at = 0.0
        self._ghost_press = False

    # --- start-up ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        set_language(self.ctx.settings.language)
        from kiosk.screens.search import SearchScreen
        from kiosk.screens.welcome import WelcomeScreen

        self.install_screen(SearchScreen(), name="search")  # kept between citizens: opens fast after the first
        self.push_screen(WelcomeScreen())
        self._taps_tracked = True
        self.set_interval(1.0, self._check_idle, name="idle")
        self.set_interval(float(self.ctx.settings.heartbeat_interval_s), self._heartbeat_due, name="heartbeat")
        from kiosk.device_watch import DeviceWatch

        self.device_watch = DeviceWatch(self).start()  # camera checked now, then every few minutes while idle
        if self.site is None:
            self._load_site()  # not read at start-up (database busy): Welcome keeps room for it
        self._warm_search()
        self.kick_printing()

    @work(thread=True, exclusive=True, group="search-index")
    def _warm_search(self) -> None:
        from kiosk import services

        services.warm_search(self.ctx)  # the first citizen's first letter must not build the index

    @work(thread=True, exclusive=True, group="site")
    def _load_site(self) -> None:
        from kiosk import services

        try:
            site = services.load_site(self.ctx)
        except services.ServiceError:
            return  # the header keeps its generic title; screens report DB trouble themselves
        self.call_from_thread(setattr, self, "site", site)

    # --- input: idle tracking and scanner bursts -----------------------------------------------

    # --- ghost taps: a second tap that lands on the next screen is not a decision ------------

    #: A tap this soon after the screen changed was aimed at the previous screen (a double tap, a bounce,
    #: a finger still resting) and is ignored; a deliberate tap on the new screen comes later than this.
    GHOST_TAP_S = 0.6

    def note_screen_change(self) -> None:
        """Start the ghost-tap window (on every screen change, and when a screen swaps its whole panel)."""
        if self._taps_tracked:
            self._taps_open_at = time.monotonic() + self.GHOST_TAP_S
        self.voice.screen_changed()  # the new screen's instruction, once the stack has settled

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - Textual's, plus the ghost-tap window
        self.note_screen_change()
        return super().push_screen(*args, **kwargs)

    def pop_screen(self) -> Any:  # noqa: D102
        self.note_screen_change()
        return super().pop_screen()

    def switch_screen(self, screen: Any) -> Any:  # noqa: D102
        self.note_screen_change()
        return super().switch_screen(screen)

    def _is_ghost_tap(self, event: events.Event) -> bool:
        """True for the press and release of a tap that began inside the ghost-tap window."""
        if isinstance(event, events.MouseDown):
            self._ghost_press = time.monotonic() < self._taps_open_at
            return self._ghost_press
        if isinstance(event, events.MouseUp) and self._ghost_press:
            self._ghost_press = False
            return True
        return False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._last_activity = time.monotonic()
            if not event.is_forwarded and self._is_ghost_tap(event):
                return
        if isinstance(event, events.Key) and not event.is_forwarded:
            scanned = self.scanner.feed(event.character, event.key, time.monotonic())
            if scanned is not None and self._route_scan(scanned):
                return  # the Enter that ended the burst belongs to the scan
        await super().on_event(event)

    def _route_scan(self, text: str) -> bool:
        """Offer a scanner burst to the current screen; return True when the screen used it.

        Screens with ``on_scan(text) -> bool`` decide at once (a burst they do not want is treated as
        fast typing and its Enter is delivered normally); other screens get a :class:`ScanReceived`.
        What the burst typed into a focused Input is removed when the scan is used.
        """
        handler = getattr(self.screen, "on_scan", None)
        used = bool(handler(text)) if callable(handler) else True
        if not callable(handler):
            self.screen.post_message(ScanReceived(text))
        focused = self.focused
        if used and isinstance(focused, Input):
            typed = _typed_part(focused.value, text)
            if typed:
                focused.value = focused.value[:-typed]
        return used

    def watch_site(self, site: Any) -> None:
        """Tell the screens that follow it (``site_changed_signal``)."""
        self.site_changed_signal.publish(site)

    def watch_agent(self, agent: Any) -> None:
        """Tell the screens that follow it (``agent_changed_signal``)."""
        self.agent_changed_signal.publish(agent)

    # --- unexpected errors: never a traceback on a citizen's screen ---------------------------

    #: Seconds the out-of-service notice stays before the app exits for its supervisor to restart it.
    OUT_OF_SERVICE_S = 8.0
    #: Exit code after an unexpected error (EX_SOFTWARE), so a supervisor sees a failure and restarts.
    CRASH_EXIT_CODE = 70

    def _handle_exception(self, error: Exception) -> None:
        """Log the error without personal data, show the out-of-service notice, then exit non-zero.

        Textual's default prints a traceback with the frames' locals (a scanned ID card's name, number and
        address among them) when the app exits. Here the log gets only the error's type and place, the
        screen a plain notice, and the process exit code 70. Under Pilot the error is still recorded, so a
        test that provokes it fails.
        """
        from core.privacy import safe_traceback

        log.error("GEN-500 unexpected error: %s", safe_traceback(error))
        self._return_code = self.CRASH_EXIT_CODE
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        if self.crashed:
            return  # a second error while going down changes nothing
        self.crashed = True
        # Nothing of the citizen outlives the error; unsubmitted scans go with the start-up purge (deleting
        # here could hit the pages of a dossier whose commit is in doubt).
        self.session = CitizenSession()
        try:
            from kiosk.screens.out_of_service import OutOfServiceScreen

            self.push_screen(OutOfServiceScreen())
            self.set_timer(self.OUT_OF_SERVICE_S, lambda: self.exit(return_code=self.CRASH_EXIT_CODE))
        except Exception:  # noqa: BLE001 - the app cannot even show the notice: go down at once, quietly
            self._close_messages_no_wait()

    def touch(self) -> None:
        """Count as activity (e.g. a worker finished something the citizen is watching)."""
        self._last_activity = time.monotonic()

    def _check_idle(self) -> None:
        from kiosk.screens.idle import IdleScreen
        from kiosk.screens.welcome import WelcomeScreen

        if not self.screen_stack:
            return  # starting up or shutting down: no screen to judge (and self.screen would raise)
        if any(isinstance(screen, IdleScreen) for screen in self.screen_stack):
            return  # already asking (a screen popped by Home takes the question with it)

        at_rest = (
            isinstance(self.screen, WelcomeScreen)
            and self.agent is None
            and get_language() == self.ctx.settings.language
            and self.session.procedure_code is None
            and not self.large_text.on
        )
        if at_rest:
            self._last_activity = time.monotonic()
            return
        if time.monotonic() - self._last_activity >= self.ctx.settings.idle_timeout_s:
            self.push_screen(IdleScreen(self.ctx.settings.idle_countdown_s), self._idle_answered)

    def _idle_answered(self, still_here: bool | None) -> None:
        self._last_activity = time.monotonic()
        if not still_here:
            self.reset_session()

    # --- navigation -------------------------------------------------------------------------

    def reset_session(self) -> None:
        """Wipe the citizen's session, leave agent mode, restore the language, return to Welcome."""
        self.session.wipe()
        self.voice.end_session(quiet=True)
        self.large_text.end_session()
        self.agent = None
        lang_changed = get_language() != self.ctx.settings.language
        set_language(self.ctx.settings.language)
        self._pop_to_welcome()
        if lang_changed:
            self.screen.refresh(recompose=True)

    def _pop_to_welcome(self) -> None:
        from kiosk.screens.welcome import WelcomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen_stack[-1], WelcomeScreen):
            self.pop_screen()
        if self.is_screen_installed("search"):
            self.get_screen("search").forget()  # type: ignore[attr-defined]

    def action_home(self) -> None:
        """Home: end this citizen's session and show Welcome (agent mode stays on)."""
        agent = self.agent
        self.session.wipe()
        self.voice.end_session()
        self.large_text.end_session()
        self._pop_to_welcome()
        if agent is not None:
            self.session.agent_id, self.session.agent_name = agent.user_id, agent.full_name

    def go_back(self) -> None:
        """Pop one screen, but never the Welcome screen."""
        from kiosk.screens.welcome import WelcomeScreen

        if not isinstance(self.screen, WelcomeScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
            if isinstance(self.screen_stack[-1], WelcomeScreen):
                self.action_home()  # back at the start: whatever this person typed is not shown to the next

    def action_toggle_large_text(self) -> None:
        """Larger text for this citizen (the browser page scales its font; see kiosk/large_text.py)."""
        self.large_text.toggle()

    def action_toggle_language(self) -> None:
        """Switch between Vietnamese and English and re-build every screen."""
        set_language("en" if get_language() == "vi" else "vi")
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                relabel()

    # --- agent mode and quitting --------------------------------------------------------------

    def action_agent(self) -> None:
        """Open the agent unlock screen, or the agent panel when already unlocked."""
        from kiosk.screens.agent import AgentPanelScreen, AgentUnlockScreen

        if isinstance(self.screen, (AgentPanelScreen, AgentUnlockScreen)):
            return
        self.push_screen(AgentPanelScreen() if self.agent is not None else AgentUnlockScreen())

    def set_agent(self, agent: Any) -> None:
        """Enter (agent) or leave (None) agent mode; the session records the assisting agent."""
        self.agent = agent
        self.session.agent_id = agent.user_id if agent else None
        self.session.agent_name = agent.full_name if agent else ""

    def pin_attempts_blocked(self, now: float | None = None) -> bool:
        """Return True after 5 wrong PINs within a minute (the keypad then waits)."""
        now = time.monotonic() if now is None else now
        self._failed_pins = [t for t in self._failed_pins if now - t < 60]
        return len(self._failed_pins) >= 5

    def note_failed_pin(self) -> None:
        """Count one wrong PIN/badge for rate limiting."""
        self._failed_pins.append(time.monotonic())

    def action_request_quit(self) -> None:
        """Ctrl+C / Ctrl+Q: only an unlocked agent may quit."""
        if self.agent is not None:
            self.exit()
        else:
            self.notify(_("Vui lòng gọi nhân viên nếu cần hỗ trợ."), timeout=3)

    async def action_quit(self) -> None:
        """Quitting is for agents only (see :meth:`action_request_quit`)."""
        self.action_request_quit()

    def action_help_quit(self) -> None:
        """Textual's Ctrl+C hint is replaced by the agent-only quit."""
        self.action_request_quit()

    # --- devices ----------------------------------------------------------------------------

    def on_unmount(self) -> None:
        """The app is closing: stop speaking."""
        self.voice.close()

    def kick_printing(self) -> None:
        """Wake (or start) the print worker (``kiosk.printing.kick(app)``) to send pending outbox jobs."""
        try:
            printing = importlib.import_module("kiosk.printing")
        except ImportError:
            return  # jobs stay in the outbox until the print worker exists
        printing.kick(self)

    def _heartbeat_due(self) -> None:
        self._heartbeat()

    @work(thread=True, exclusive=True, group="heartbeat", exit_on_error=False)
    def _heartbeat(self) -> None:
        from kiosk import heartbeat

        pending = heartbeat.beat(self.ctx, camera_state=self.camera_state())
        if pending:
            self.call_from_thread(self.kick_printing)

    def camera_state(self) -> str:
        """Camera state for the heartbeat: ``demo``, ``missing`` or what B's camera worker reports."""
        try:
            camera = importlib.import_module("kiosk.camera")
        except ImportError:
            camera = None
        state = getattr(camera, "camera_state", None)
        if callable(state):
            return str(state(self))
        if not self.ctx.camera_source:
            return "missing"
        return "demo" if self.ctx.camera_source == "demo" else "unknown"


def make_app(
    settings: Settings,
    *,
    database: Database | None = None,
    printer_url: str | None = None,
    camera_source: str | None = None,
    clock: Callable[[], datetime] | None = None,
    speaker: Any = None,
) -> KioskApp:
    """Build the kiosk app.

    Args:
        settings: Loaded settings.
        database: A migrated, seeded database (default: opened from ``settings.database_url`` and made ready).
        printer_url: Printer to use (default ``settings.printer_url``).
        camera_source: Camera spec (default: ``demo`` in demo mode, else ``settings.camera_source``).
        clock: Current-time function (tests pass a fixed clock).
        speaker: A ``devices.speech.Speaker`` for voice guidance (tests pass a fake; default: espeak-ng).
    """
    from kiosk import services

    if database is None:
        database = Database(settings.database_url)
        services.ensure_database(database, settings)
    site_id, kiosk_id = services.resolve_ids(database, settings.site_code, settings.kiosk_code)
    if camera_source is None:
        camera_source = "demo" if settings.demo else settings.camera_source
    ctx = KioskContext(
        settings=settings, database=database, site_id=site_id, kiosk_id=kiosk_id,
        printer_url=printer_url or settings.printer_url, camera_source=camera_source,
        jobs_dir=str(settings.jobs_dir),
    )
    if clock is not None:
        ctx.clock = clock
    else:
        from kiosk.clock import site_clock_for

        # Several kiosks on one PostgreSQL number and order by the server's clock, not their own.
        ctx.site_clock = site_clock_for(ctx)
        ctx.site_clock.sync()
        ctx.clock = ctx.site_clock.now
    try:
        site = services.load_site(ctx)  # read before the first frame (see KioskApp.__init__)
    except services.ServiceError:
        site = None  # the app retries in a worker
    demo_pin = ""
    if settings.demo and settings.embedded_database:
        # Only the embedded demo database gets the demo agent (its PIN is shown on the unlock screen): pointed
        # at a configured database, --demo must not add a well-known PIN to real staff accounts.
        from db.services.accounts import ensure_demo_agent
        from kiosk.demo import seed_demo_rules

        with database.session() as s:
            _agent, demo_pin = ensure_demo_agent(s, site_id)
            seed_demo_rules(s, site_id)  # a refused procedure, so "where to go instead" shows in the demo
    return KioskApp(ctx, demo_pin=demo_pin, site=site, speaker=speaker)


def _typed_part(value: str, scanned: str) -> int:
    """How many characters at the end of ``value`` a scanner burst of ``scanned`` typed (0 if none).

    A field with a length limit keeps only the burst's beginning, so the longest start of the scan that
    ends the value is what it typed; fewer than 4 such characters may be the person's own typing.
    """
    for n in range(min(len(value), len(scanned)), 3, -1):
        if value.endswith(scanned[:n]):
            return n
    return 0

