"""Small UI pieces shared by the operational modes: refill a table keeping its cursor, a choice dialog."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Select

from admin_tui.messages import _

#: Styles of every operational mode and its dialogs (scoped per screen class by Textual).
MODES_CSS = str(Path(__file__).resolve().parent.parent / "modes.tcss")


def selected_key(table: DataTable) -> str | None:
    """Key of the row under the cursor, or None for an empty table."""
    if table.row_count == 0:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except Exception:  # noqa: BLE001 - cursor out of range while the table is refilled
        return None
    return None if key.value is None else str(key.value)


def refill(table: DataTable, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
    """Replace a table's rows (``(key, cells)``), keeping the cursor on the same key when it is still there."""
    keep = selected_key(table)
    row_index = table.cursor_row
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if keep is not None:
        try:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
            return
        except Exception:  # noqa: BLE001 - the row is gone: keep the position instead
            pass
    if table.row_count:
        table.move_cursor(row=min(row_index, table.row_count - 1), animate=False)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one value from a list; dismisses with the value, or None when cancelled.

    Args:
        prompt: What to choose (shown literally).
        options: ``(label, value)`` pairs.
        value: Initially selected value.
    """

    CSS_PATH = MODES_CSS
    BINDINGS = [Binding("escape", "cancel", _("Huỷ"))]

    def __init__(self, prompt: str, options: Sequence[tuple[str, str]], value: str | None = None) -> None:
        super().__init__()
        self.prompt = prompt
        self.options = list(options)
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog", classes="dialog"):
            yield Label(self.prompt, id="choice-prompt", markup=False)
            kwargs = {"value": self.value} if self.value is not None else {}
            yield Select(self.options, id="choice-select", allow_blank=self.value is None,
                         prompt=_("Chọn…"), **kwargs)
            yield Label("", id="choice-error", classes="status-line -error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Đồng ý"), id="choice-ok", variant="primary")
                yield Button(_("Huỷ"), id="choice-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Confirm the selection or cancel."""
        event.stop()
        if event.button.id != "choice-ok":
            self.dismiss(None)
            return
        value = self.query_one("#choice-select", Select).value
        if value is Select.NULL:  # nothing chosen: say so instead of closing as if done
            self.query_one("#choice-error", Label).update(_("Hãy chọn một mục, hoặc bấm Huỷ."))
            return
        self.dismiss(str(value))

    def action_cancel(self) -> None:
        """Dismiss with None."""
        self.dismiss(None)
