"""Status change dialog: next status allowed by the dossier life, reason and missing documents where needed."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from admin_tui.messages import _
from admin_tui.modes.queue_widgets import MODES_CSS
from db.services import dossier_admin as da
from db.services.dossier_status import AGENCY_RECEIVED, NEEDS_SUPPLEMENT, REASON_REQUIRED, status_label


class StatusDialog(ModalScreen[dict[str, Any] | None]):
    """Choose the next status; dismisses with ``{"status", "note", "missing", "agency_code"}`` or None.

    A supplement request (form 02) needs a reason and the list of missing documents (one per line);
    a refusal (form 03) needs a reason. The service checks the same rules again.

    Args:
        detail: The dossier as shown (its allowed next statuses).
    """

    CSS_PATH = MODES_CSS
    BINDINGS = [Binding("escape", "cancel", _("Huỷ"))]

    def __init__(self, detail: da.DossierDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        first = self.detail.next_statuses[0]
        with Vertical(id="status-dialog", classes="dialog"):
            yield Label(_("Hồ sơ {ref}: {status} →", ref=self.detail.reference,
                          status=status_label(self.detail.status)), markup=False)
            yield Select([(status_label(s), s) for s in self.detail.next_statuses], value=first,
                         allow_blank=False, id="status-new")
            yield Label(_("Lý do / ghi chú"), id="status-note-label", classes="field-label")
            yield TextArea(id="status-note")
            yield Label(_("Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)"), id="status-missing-label",
                        classes="field-label")
            yield TextArea(id="status-missing")
            yield Label(_("Mã hồ sơ tại cơ quan giải quyết"), id="status-agency-label", classes="field-label")
            yield Input(id="status-agency-code")
            yield Label("", id="status-error", classes="status-line -error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Lưu"), id="status-ok", variant="primary")
                yield Button(_("Huỷ"), id="status-cancel")

    def on_mount(self) -> None:
        """Show only the fields the first status needs."""
        self._fit(self.detail.next_statuses[0])

    @on(Select.Changed, "#status-new")
    def _status_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self._fit(str(event.value))

    def _fit(self, status: str) -> None:
        supplement = status == NEEDS_SUPPLEMENT
        for wid in ("#status-missing", "#status-missing-label"):
            self.query_one(wid).display = supplement
        for wid in ("#status-agency-code", "#status-agency-label"):
            self.query_one(wid).display = status == AGENCY_RECEIVED
        self.query_one("#status-note-label", Label).update(
            _("Lý do (bắt buộc)") if status in REASON_REQUIRED else _("Lý do / ghi chú"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Check the required fields, then dismiss with the answer."""
        event.stop()
        if event.button.id != "status-ok":
            self.dismiss(None)
            return
        status = str(self.query_one("#status-new", Select).value)
        note = self.query_one("#status-note", TextArea).text.strip()
        missing = [line.strip(" -•\t") for line in self.query_one("#status-missing", TextArea).text.splitlines()]
        missing = [m for m in missing if m] if status == NEEDS_SUPPLEMENT else []
        error = self.query_one("#status-error", Label)
        if status in REASON_REQUIRED and not note:
            error.update(_("Cần ghi rõ lý do."))
            return
        if status == NEEDS_SUPPLEMENT and not missing:
            error.update(_("Cần liệt kê các giấy tờ phải bổ sung."))
            return
        agency = self.query_one("#status-agency-code", Input).value.strip() if status == AGENCY_RECEIVED else ""
        self.dismiss({"status": status, "note": note, "missing": missing, "agency_code": agency})

    def action_cancel(self) -> None:
        """Dismiss with None."""
        self.dismiss(None)
