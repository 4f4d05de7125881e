"""A small form dialog for the settings mode: labelled inputs, selects and switches; dismisses with the values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Switch

from admin_tui.messages import _
from admin_tui.modes.queue_widgets import MODES_CSS


@dataclass(frozen=True)
class FormField:
    """One field of a :class:`FormDialog`.

    Attributes:
        key: Name in the result dict (also the widget id ``form-<key>``).
        label: Label shown above it (already translated).
        value: Initial value (``bool`` for a switch).
        options: ``(label, value)`` pairs: the field is a select.
        kind: ``text``, ``integer`` or ``switch``.
        placeholder: Hint shown in an empty input.
    """

    key: str
    label: str
    value: Any = ""
    options: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    kind: str = "text"
    placeholder: str = ""


class FormDialog(ModalScreen[dict[str, Any] | None]):
    """Edit a few values; dismisses with ``{key: value}`` (strings, ints or bools) or None when cancelled.

    Args:
        title: Dialog title (shown literally).
        fields: The fields, in order.
    """

    CSS_PATH = MODES_CSS
    BINDINGS = [Binding("escape", "cancel", _("Huỷ"))]

    def __init__(self, title: str, fields: list[FormField]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog", classes="dialog"):
            yield Label(self.title_text, id="form-title", classes="section-title", markup=False)
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    yield Label(f.label, classes="field-label", markup=False)
                    wid = f"form-{f.key}"
                    if f.options:
                        yield Select(list(f.options), value=f.value or f.options[0][1], allow_blank=False, id=wid,
                                     compact=True)
                    elif f.kind == "switch":
                        yield Switch(bool(f.value), id=wid)
                    else:
                        yield Input(str(f.value if f.value is not None else ""), id=wid, placeholder=f.placeholder,
                                    type="integer" if f.kind == "integer" else "text", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Lưu"), id="form-ok", variant="primary")
                yield Button(_("Huỷ"), id="form-cancel")

    def values(self) -> dict[str, Any]:
        """The current values by key."""
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#form-{f.key}")
            if isinstance(widget, Select):
                out[f.key] = str(widget.value)
            elif isinstance(widget, Switch):
                out[f.key] = bool(widget.value)
            else:
                text = widget.value.strip()  # type: ignore[attr-defined]
                out[f.key] = (int(text) if text.lstrip("-").isdigit() else text) if f.kind == "integer" else text
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        event.stop()
        self.dismiss(self.values() if event.button.id == "form-ok" else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any input saves."""
        event.stop()
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        """Dismiss with None."""
        self.dismiss(None)
