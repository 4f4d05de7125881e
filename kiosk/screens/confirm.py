"""A yes/no question on its own screen, so a double tap cannot answer it (the ghost-tap window applies)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question``; dismiss with True for ``yes``, False for ``no`` (or Escape).

    Args:
        question: The question, already translated (shown literally).
        yes: Label of the button that does it.
        no: Label of the button that keeps things as they are.
    """

    BINDINGS = [("escape", "no", "")]

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-actions"):
                yield Button(self.no, id="confirm-no", classes="sf-primary sf-big")
                yield Button(self.yes, id="confirm-yes", classes="sf-secondary sf-big danger")

    @on(Button.Pressed, "#confirm-yes")
    def action_yes(self) -> None:
        """Do it."""
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        """Keep things as they are."""
        self.dismiss(False)
