"""Agent mode: unlock with a PIN on the keypad or a badge scan; the panel leaves agent mode or quits."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.messages import _
from kiosk.screens import literal
from kiosk.widgets.keypad import NumericKeypad
from kiosk.widgets.scanburst import ScanReceived

MAX_PIN = 6  # agent PINs are exactly 6 digits (core.credentials.PIN_LENGTH)


class AgentUnlockScreen(ModalScreen[None]):
    """PIN keypad (masked) or badge scan, verified in a worker against agent/admin users.

    Args:
        badge: A badge code scanned before this screen opened (verified at once).
    """

    BINDINGS = [("escape", "cancel", "")]

    class Verified(Message):
        """A PIN or badge was checked; ``agent`` is None when it did not match."""

        def __init__(self, agent: object | None, error: str = "") -> None:
            super().__init__()
            self.agent = agent
            self.error = error

    def __init__(self, badge: str = "") -> None:
        super().__init__()
        self.pin = ""
        self._badge = badge
        self._checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="agent-dialog"):
            yield Static(_("Chế độ nhân viên"), classes="screen-title")
            yield Static(_("Nhập mã PIN hoặc quét thẻ nhân viên"), id="agent-prompt")
            yield Static("", id="pin-display")
            yield Static("", id="agent-message")
            yield NumericKeypad(id="agent-keypad")
            if getattr(self.app, "demo_pin", ""):
                yield Static(_("Mã PIN nhân viên demo: {pin}", pin=self.app.demo_pin), id="demo-pin-hint")
            yield Button(_("Hủy"), id="agent-cancel")

    def on_mount(self) -> None:
        if self._badge:
            self._verify(badge=self._badge)

    def _show_pin(self) -> None:
        self.query_one("#pin-display", Static).update("●" * len(self.pin) or " ")

    def _say(self, text: str) -> None:
        self.query_one("#agent-message", Static).update(literal(text))

    def on_numeric_keypad_pressed(self, message: NumericKeypad.Pressed) -> None:
        if self._checking:
            return
        if message.key == "back":
            self.pin = self.pin[:-1]
        elif message.key == "ok":
            if self.pin:
                self._verify(pin=self.pin)
        elif len(self.pin) < MAX_PIN:
            self.pin += message.key
        self._show_pin()

    def on_key(self, event) -> None:  # noqa: ANN001 - textual Key event
        """Physical keyboards: digits, Backspace and Enter work like the keypad."""
        if event.character and event.character.isdigit():
            self.on_numeric_keypad_pressed(NumericKeypad.Pressed(event.character))
        elif event.key == "backspace":
            self.on_numeric_keypad_pressed(NumericKeypad.Pressed("back"))
        elif event.key == "enter":
            self.on_numeric_keypad_pressed(NumericKeypad.Pressed("ok"))
        else:
            return
        event.stop()

    def on_scan(self, text: str) -> bool:
        """A badge scan (or a PIN typed very fast on a keyboard): verify it."""
        if not self._checking:
            self.pin = ""
            self._show_pin()
            self._verify(badge=text)
        return True

    def on_scan_received(self, message: ScanReceived) -> None:
        message.stop()
        self.on_scan(message.text)

    def _verify(self, *, pin: str = "", badge: str = "") -> None:
        if self.app.pin_attempts_blocked():  # type: ignore[attr-defined]
            self._say(_("Nhập sai quá nhiều lần. Vui lòng chờ một phút."))
            self.pin = ""
            self._show_pin()
            return
        self._checking = True
        self._say(_("Đang kiểm tra…"))
        self._check(pin, badge)

    @work(thread=True, exclusive=True, group="agent")
    def _check(self, pin: str, badge: str) -> None:
        from kiosk import services

        try:
            agent = services.verify_agent(self.app.ctx, pin=pin, badge=badge)  # type: ignore[attr-defined]
        except services.ServiceError:
            self.post_message(self.Verified(None, error="db"))
            return
        self.post_message(self.Verified(agent))

    def on_agent_unlock_screen_verified(self, message: Verified) -> None:
        self._checking = False
        if message.agent is not None:
            self.app.set_agent(message.agent)  # type: ignore[attr-defined]
            self.app.notify(_("Đã vào chế độ nhân viên: {name}", name=message.agent.full_name), markup=False)
            self.dismiss(None)
            return
        self.pin = ""
        self._show_pin()
        if message.error:
            self._say(_("Hệ thống đang gặp sự cố, chưa lưu được. Vui lòng thử lại hoặc gọi nhân viên."))
        else:
            self.app.note_failed_pin()  # type: ignore[attr-defined]
            self._say(_("Mã PIN hoặc thẻ không đúng."))

    @on(Button.Pressed, "#agent-cancel")
    def action_cancel(self) -> None:
        """Close without unlocking."""
        self.dismiss(None)


class AgentPanelScreen(ModalScreen[None]):
    """For an unlocked agent: leave agent mode (no PIN needed), go home, or quit the app."""

    BINDINGS = [("escape", "close", "")]

    def compose(self) -> ComposeResult:
        agent = self.app.agent  # type: ignore[attr-defined]
        with Vertical(id="agent-dialog"):
            yield Static(_("Chế độ nhân viên"), classes="screen-title")
            yield Static(literal(_("Nhân viên: {name}", name=agent.full_name if agent else "")), id="agent-name")
            with Horizontal(classes="agent-actions"):
                yield Button(_("Thoát chế độ nhân viên"), id="agent-leave", variant="primary")
                yield Button(_("Đóng"), id="agent-close")
            yield Button(_("Phiếu chưa in"), id="agent-held")
            yield Button(_("Tắt ứng dụng kiosk"), id="agent-quit", classes="danger")

    @on(Button.Pressed, "#agent-leave")
    def _leave(self) -> None:
        self.app.set_agent(None)  # type: ignore[attr-defined]
        self.dismiss(None)

    @on(Button.Pressed, "#agent-held")
    def _held(self) -> None:
        from kiosk.screens.held_jobs import HeldJobsScreen

        self.app.push_screen(HeldJobsScreen())

    @on(Button.Pressed, "#agent-close")
    def action_close(self) -> None:
        """Close the panel and stay in agent mode."""
        self.dismiss(None)

    @on(Button.Pressed, "#agent-quit")
    def _quit(self) -> None:
        if self.app.agent is not None:  # type: ignore[attr-defined]
            self.app.exit()
