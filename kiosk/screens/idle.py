"""Idle check: "Quý khách còn ở đây không?" with a countdown; no answer wipes the session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.messages import _


class IdleScreen(ModalScreen[bool]):
    """Counts down; "still here" dismisses with True, reaching zero dismisses with False.

    Args:
        seconds: Length of the countdown.
    """

    BINDINGS = [("escape", "still_here", "")]

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.remaining = seconds
        self._answered = False
        self.frozen = False  # tests and screenshots: the countdown does not move

    def compose(self) -> ComposeResult:
        with Vertical(id="idle-dialog"):
            yield Static(_("Quý khách còn ở đây không?"), id="idle-question")
            yield Static(self._countdown_text(), id="idle-countdown")
            yield Button(_("Tôi vẫn ở đây"), id="still-here", variant="primary")

    def _countdown_text(self) -> str:
        return _("Phiên sẽ kết thúc sau {n} giây để bảo vệ thông tin của Quý khách.", n=self.remaining)

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick, name="idle-countdown")

    def _tick(self) -> None:
        if self._answered or self.frozen:
            return
        self.remaining -= 1
        if self.remaining <= 0:
            self._answered = True
            self.dismiss(False)
            return
        self.query_one("#idle-countdown", Static).update(self._countdown_text())

    @on(Button.Pressed, "#still-here")
    def action_still_here(self) -> None:
        """The citizen is still there: keep the session."""
        if not self._answered:
            self._answered = True
            self.dismiss(True)
