"""Small modal dialogs: confirm a change, ask for one line of text, pick one value."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from rich.text import Text
from textual.widgets import Button, Input, Label, Select

from admin_tui.messages import _


class ConfirmDialog(ModalScreen[bool]):
    """Ask yes/no; dismisses with True when confirmed.

    Args:
        question: The question (shown literally).
        confirm_label: Text of the confirming button.
    """

    BINDINGS = [Binding("escape", "cancel", _("Huỷ"))]

    def __init__(self, question: str, confirm_label: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label or _("Đồng ý")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Label(self.question, id="confirm-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, id="confirm-yes", variant="warning")
                yield Button(_("Huỷ"), id="confirm-no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Dismiss with the answer."""
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_cancel(self) -> None:
        """Dismiss with False."""
        self.dismiss(False)


class AskDialog(ModalScreen[str | None]):
    """Ask for one line of text (a path, a password...); dismisses with it, or None when cancelled.

    Args:
        prompt: What to enter.
        value: Initial value.
        password: Hide what is typed.
    """

    BINDINGS = [Binding("escape", "cancel", _("Huỷ"))]

    def __init__(self, prompt: str, value: str = "", *, password: bool = False) -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value
        self.password = password

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-dialog", classes="dialog"):
            yield Label(self.prompt, id="ask-prompt", markup=False)
            yield Input(self.value, id="ask-input", password=self.password)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Đồng ý"), id="ask-ok", variant="primary")
                yield Button(_("Huỷ"), id="ask-cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter confirms."""
        event.stop()
        self.dismiss(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Confirm or cancel."""
        event.stop()
        self.dismiss(self.query_one("#ask-input", Input).value if event.button.id == "ask-ok" else None)

    def action_cancel(self) -> None:
        """Dismiss with None."""
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one value from a list; dismisses with it, or None when cancelled.

    Args:
        prompt: What to choose (shown literally).
        choices: ``(label, value)`` pairs (labels already translated).
        value: Initially selected value.
    """

    BINDINGS = [Binding("escape", "cancel", _("Huỷ"))]

    def __init__(self, prompt: str, choices: list[tuple[str, str]], value: str | None = None) -> None:
        super().__init__()
        self.prompt = prompt
        self.choices = choices
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog", classes="dialog"):
            yield Label(self.prompt, id="choice-prompt", markup=False)
            yield Select([(Text(label), value) for label, value in self.choices], allow_blank=False,
                         value=self.value if self.value is not None else self.choices[0][1], id="choice-select")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Đồng ý"), id="choice-ok", variant="primary")
                yield Button(_("Huỷ"), id="choice-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Confirm or cancel."""
        event.stop()
        self.dismiss(str(self.query_one("#choice-select", Select).value) if event.button.id == "choice-ok" else None)

    def action_cancel(self) -> None:
        """Dismiss with None."""
        self.dismiss(None)
