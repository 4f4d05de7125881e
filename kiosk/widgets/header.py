"""Top bar of every kiosk screen: the point's name, agent mode, language and staff buttons."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from kiosk.messages import _


#: Seconds staff hold the point's name to open the staff PIN dialog (a citizen's tap is far shorter).
LONG_PRESS_S = 1.5


class SiteName(Static):
    """The point's name; held for :data:`LONG_PRESS_S` it opens the staff dialog (``app.agent``).

    Staff entry is hidden from citizens: no "staff" button until agent mode is on, only this long
    press, F12 on a keyboard, or a badge scan.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pressed_at: float | None = None

    def on_mouse_down(self) -> None:
        self._pressed_at = time.monotonic()

    def on_mouse_up(self) -> None:
        held = time.monotonic() - self._pressed_at if self._pressed_at is not None else 0.0
        self._pressed_at = None
        if held >= LONG_PRESS_S:
            self.app.action_agent()  # type: ignore[attr-defined]


class KioskHeader(Horizontal):
    """Shows the site name (literal text), the agent's name in agent mode, and 3-row buttons.

    The buttons run app actions: ``app.toggle_language`` and, in agent mode only, ``app.agent``; where voice
    guidance is on (``app.voice``), ``#voice-toggle`` mutes or unmutes it for this citizen. They take no
    keyboard focus: on a touchscreen focus is invisible, and a handheld scanner's Enter must never press
    "English" by accident.
    """

    def compose(self) -> ComposeResult:
        yield SiteName(self._site_text(), id="site-name")
        yield Static(self._agent_text(), id="agent-status")
        for button in (
            Button(self._voice_label(), id="voice-toggle"),
            Button("English" if _lang() == "vi" else "Tiếng Việt", id="lang-toggle", action="app.toggle_language"),
            Button(_("Nhân viên"), id="agent-button", action="app.agent"),
        ):
            button.can_focus = False
            yield button

    def on_mount(self) -> None:
        # Signals, not ``watch``: the subscription ends on unmount, so closed screens' headers are freed.
        app = self.app
        if hasattr(app, "site_changed_signal"):
            app.site_changed_signal.subscribe(self, self._refresh_site)  # type: ignore[attr-defined]
            app.agent_changed_signal.subscribe(self, self._refresh_agent)  # type: ignore[attr-defined]
        voice = getattr(app, "voice", None)
        if voice is not None:
            voice.changed_signal.subscribe(self, self._refresh_voice)
        self._refresh_site(getattr(app, "site", None))
        self._refresh_agent(getattr(app, "agent", None))

    def on_unmount(self) -> None:
        app = self.app
        if hasattr(app, "site_changed_signal"):
            app.site_changed_signal.unsubscribe(self)  # type: ignore[attr-defined]
            app.agent_changed_signal.unsubscribe(self)  # type: ignore[attr-defined]
        voice = getattr(app, "voice", None)
        if voice is not None:
            voice.changed_signal.unsubscribe(self)

    def _site_text(self) -> Text:
        site = getattr(self.app, "site", None)
        return Text(site.name if site else _("Dịch vụ công"), style="bold")

    def _agent_text(self) -> Text:
        agent = getattr(self.app, "agent", None)
        if agent is None:
            return Text("")
        return Text(_("Chế độ nhân viên: {name}", name=agent.full_name), style="bold")

    def _refresh_site(self, _value: object) -> None:
        self.query_one("#site-name", Static).update(self._site_text())
        self._refresh_voice(None)  # the site's voice flag may have arrived with it

    # --- voice guidance: the citizen's sound button -------------------------------------------

    def _voice_label(self) -> str:
        voice = getattr(self.app, "voice", None)
        return _("Bật tiếng") if voice is not None and voice.muted else _("Tắt tiếng")

    def _refresh_voice(self, _value: object) -> None:
        voice = getattr(self.app, "voice", None)
        button = self.query_one("#voice-toggle", Button)
        button.label = self._voice_label()
        button.set_class(bool(voice is not None and voice.muted), "-muted")
        self.set_class(bool(voice is not None and voice.available), "voice-on")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The sound button: mute or unmute voice guidance for this citizen."""
        if event.button.id == "voice-toggle":
            event.stop()
            voice = getattr(self.app, "voice", None)
            if voice is not None:
                voice.toggle_mute()

    def _refresh_agent(self, agent: object) -> None:
        self.query_one("#agent-status", Static).update(self._agent_text())
        self.set_class(agent is not None, "agent-on")


def _lang() -> str:
    from core.i18n import get_language

    return get_language()
