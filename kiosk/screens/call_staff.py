"""Call staff: one tap raises a staff call that the admin console sees; the screen confirms it."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Static

from kiosk import services
from kiosk.messages import _
from kiosk.screens import KioskScreen


class CallStaffScreen(KioskScreen):
    """Raises the call as soon as it opens (the citizen already tapped "call staff").

    Args:
        detail: What the citizen was doing (e.g. ``procedure 1.000894 not accepted``), shown to staff.
    """

    class StaffCalled(Message):
        """The staff call was recorded."""

        def __init__(self, call_id: int) -> None:
            super().__init__()
            self.call_id = call_id

    class CallFailed(Message):
        """The staff call could not be recorded."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, detail: str = "") -> None:
        super().__init__()
        self.call_id: int | None = None
        self.detail = detail

    def compose_body(self) -> ComposeResult:
        with Vertical(id="call-staff-box"):
            if self.call_id is None:
                yield Static(_("Đang gọi nhân viên…"), id="call-staff-status")
            else:
                yield Static(_("Đã gọi nhân viên. Vui lòng chờ trong giây lát, nhân viên sẽ đến hỗ trợ Quý khách."),
                             id="call-staff-status")
            yield Button(_("Gọi lại"), id="call-again", disabled=self.call_id is None)

    def on_mount(self) -> None:
        self._call()

    @work(thread=True, exclusive=True, group="call-staff")
    def _call(self) -> None:
        try:
            self.post_message(self.StaffCalled(services.raise_staff_call(self.ctx, "citizen", self.detail)))
        except services.ServiceError as exc:
            self.post_message(self.CallFailed(exc))

    def on_call_staff_screen_staff_called(self, message: StaffCalled) -> None:
        self.call_id = message.call_id
        self.show_error(None)
        self.refresh(recompose=True)

    def on_call_staff_screen_call_failed(self, message: CallFailed) -> None:
        self.show_error(message.error)
        self.query_one("#call-again", Button).disabled = False

    @on(Button.Pressed, "#call-again")
    def _again(self) -> None:
        self.query_one("#call-again", Button).disabled = True
        self._call()
