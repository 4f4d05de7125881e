"""Version history of a procedure: every version with author, date and how many dossiers use it."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from admin_tui.context import AdminContext
from admin_tui.messages import _
from admin_tui.widgets.cells import literal, local_time
from core.errors import KioskError
from db.catalogue import service
from db.catalogue.views import ProcedureDetail, VersionInfo


class HistoryDialog(ModalScreen[None]):
    """List a procedure's versions (newest first); the highlighted one is shown below.

    Args:
        context: Console context.
        code: Procedure code.
    """

    BINDINGS = [Binding("escape", "close", _("Đóng"))]

    class VersionsLoaded(Message):
        """The version list was read."""

        def __init__(self, versions: list[VersionInfo]) -> None:
            super().__init__()
            self.versions = versions

    class VersionLoaded(Message):
        """One version's content was read."""

        def __init__(self, detail: ProcedureDetail) -> None:
            super().__init__()
            self.detail = detail

    class LoadFailed(Message):
        """Reading failed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, context: AdminContext, code: str) -> None:
        super().__init__(id="history-dialog")
        self.context = context
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Lịch sử phiên bản: {code}", code=self.code), markup=False)
            table: DataTable[object] = DataTable(id="history-table", cursor_type="row")
            table.add_columns(_("Phiên bản"), _("Ngày tạo"), _("Người tạo"), _("Hiện hành"), _("Số hồ sơ"),
                              _("Tên thủ tục"))
            yield table
            with VerticalScroll(id="history-detail"):
                yield Static("", id="history-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Đóng"), id="history-close")

    def on_mount(self) -> None:
        """Read the versions."""
        self._versions()

    @work(thread=True, group="history")
    def _versions(self) -> None:
        try:
            versions = self.context.database.run(lambda s: service.version_history(s, self.code), read_only=True)
        except KioskError as exc:
            self.post_message(self.LoadFailed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.VersionsLoaded(versions))

    @work(thread=True, exclusive=True, group="history-version")
    def _version(self, version_no: int) -> None:
        try:
            detail = self.context.database.run(lambda s: service.get_procedure(s, self.code, version_no),
                                               read_only=True)
        except KioskError as exc:
            self.post_message(self.LoadFailed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.VersionLoaded(detail))

    def on_history_dialog_versions_loaded(self, event: VersionsLoaded) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        for v in event.versions:
            table.add_row(str(v.version_no), local_time(v.created_at), literal(v.created_by),
                          "✓" if v.current else "", str(v.dossier_count), literal(v.name), key=str(v.version_no))
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted version."""
        if event.row_key.value:
            self._version(int(event.row_key.value))

    def on_history_dialog_version_loaded(self, event: VersionLoaded) -> None:
        """Show the version's content as plain text."""
        d = event.detail
        lines = [
            f"{_('Tên thủ tục')}: {d.name}", f"{_('Lĩnh vực')}: {d.field}", f"{_('Cấp')}: {d.level}",
            f"{_('Cơ quan thực hiện')}: {d.agency}",
            f"{_('Thời hạn giải quyết (ngày làm việc)')}: {'' if d.processing_days is None else d.processing_days}",
            f"{_('Lệ phí')}: {d.fee_display}",
            f"{_('Nhận hồ sơ qua bưu chính')}: {_('có') if d.postal_allowed else _('không')}",
            f"{_('Thành phần hồ sơ')}:",
            *(f"  {doc.position}. {doc.name} ({doc.originals}+{doc.copies})"
              + (f" — {doc.condition}" if doc.condition else "") for doc in d.documents),
        ]
        self.query_one("#history-text", Static).update("\n".join(lines))

    def on_history_dialog_load_failed(self, event: LoadFailed) -> None:
        """Show the error."""
        self.query_one("#history-text", Static).update(event.text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close."""
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
