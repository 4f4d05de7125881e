"""Catalogue import: preview a .json/.csv file with every row error, then apply it all or nothing."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label

from admin_tui.context import AdminContext
from admin_tui.messages import _
from admin_tui.widgets.cells import literal
from core.errors import KioskError
from db.catalogue.errors import ImportRejected, Issue
from db.catalogue.io import ImportPreview, apply_import, preview_import
from db.services import audit

MAX_ISSUES_SHOWN = 500
MAX_PATH = 4096  # the longest path Linux takes; the file's own size is checked by db.catalogue.io before reading


class ImportDialog(ModalScreen[bool]):
    """Import procedures: Preview (writes nothing), then Apply when the file has no errors.

    Dismisses with True when something was applied.
    """

    BINDINGS = [Binding("escape", "close", _("Đóng"))]

    class Previewed(Message):
        """The file was read and checked (nothing written)."""

        def __init__(self, path: str, preview: ImportPreview) -> None:
            super().__init__()
            self.path = path
            self.preview = preview

    class Applied(Message):
        """The import was applied."""

        def __init__(self, preview: ImportPreview) -> None:
            super().__init__()
            self.preview = preview

    class Failed(Message):
        """The file could not be read, or was rejected at apply time."""

        def __init__(self, text: str, issues: list[Issue] | None = None) -> None:
            super().__init__()
            self.text = text
            self.issues = issues or []

    def __init__(self, context: AdminContext, path: str = "") -> None:
        super().__init__(id="import-dialog")
        self.context = context
        self.initial_path = path
        self.previewed: tuple[str, float] | None = None  # path and mtime the preview was made from
        self.applied = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Nhập danh mục thủ tục từ tệp .json hoặc .csv (áp dụng tất cả hoặc không gì cả)"))
            yield Input(self.initial_path, placeholder=_("Đường dẫn tệp"), id="import-path", max_length=MAX_PATH)
            yield Label("", id="import-summary", classes="status-line", markup=False)
            table: DataTable[object] = DataTable(id="import-issues", cursor_type="row")
            table.add_columns(_("Dòng"), _("Trường"), _("Lỗi"))
            yield table
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Xem trước"), id="import-preview", variant="primary")
                yield Button(_("Áp dụng"), id="import-apply", variant="warning", disabled=True)
                yield Button(_("Đóng"), id="import-close")

    def on_mount(self) -> None:
        """Focus the path."""
        self.query_one("#import-path", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """A different file needs a new preview."""
        self.previewed = None
        self.query_one("#import-apply", Button).disabled = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter previews."""
        event.stop()
        self.action_preview()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Preview, apply or close."""
        event.stop()
        {"import-preview": self.action_preview, "import-apply": self.action_apply,
         "import-close": self.action_close}[event.button.id or "import-close"]()

    def action_preview(self) -> None:
        """Read and check the file in a worker."""
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            return
        self.query_one("#import-apply", Button).disabled = True
        self._summary(_("Đang kiểm tra {path}…", path=path), error=False)
        self._preview(path)

    @work(thread=True, exclusive=True, group="import")
    def _preview(self, path: str) -> None:
        try:
            preview = self.context.database.run(lambda s: preview_import(s, path), read_only=True)
        except KioskError as exc:
            self.post_message(self.Failed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.Previewed(path, preview))

    def on_import_dialog_previewed(self, event: Previewed) -> None:
        """Show counts and every error; allow Apply only for a clean file with changes."""
        p = event.preview
        self._issues(p.issues)
        counts = _("{c} mới, {u} cập nhật, {n} không đổi", c=len(p.created), u=len(p.updated), n=len(p.unchanged))
        if p.issues:
            self._summary(_("{n} lỗi — sửa tệp rồi xem trước lại; chưa có gì được áp dụng. ({counts})",
                            n=len(p.issues), counts=counts), error=True)
            return
        self._summary(_("Tệp hợp lệ: {counts}.", counts=counts), error=False)
        if p.created or p.updated:
            self.previewed = (event.path, _mtime(event.path))
            self.query_one("#import-apply", Button).disabled = False

    def action_apply(self) -> None:
        """Apply the previewed file (all or nothing); a file changed since the preview is previewed again."""
        if self.previewed is None:
            return
        path, mtime = self.previewed
        if _mtime(path) != mtime:
            self._summary(_("[ADM-003] Tệp đã thay đổi sau khi xem trước; đang xem trước lại."), error=True)
            self.action_preview()
            return
        self.query_one("#import-apply", Button).disabled = True
        self._apply(path)

    @work(thread=True, exclusive=True, group="import")
    def _apply(self, path: str) -> None:
        user = self.context.user
        actor = self.context.actor

        def run(session) -> ImportPreview:  # noqa: ANN001
            result = apply_import(session, path, actor)
            audit.record(session, user=user, action="catalogue.import_file", entity="catalogue", entity_id=path[-80:],
                         after={"path": path, "created": result.created, "updated": result.updated,
                                "unchanged": len(result.unchanged)})
            return result

        try:
            result = self.context.database.run(run)
        except ImportRejected as exc:
            self.post_message(self.Failed(f"[{exc.code}] {exc.message}", exc.issues))
            return
        except KioskError as exc:
            self.post_message(self.Failed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.Applied(result))

    def on_import_dialog_applied(self, event: Applied) -> None:
        """Say what was applied."""
        self.applied = True
        self.previewed = None
        p = event.preview
        self._summary(_("Đã áp dụng: {c} mới, {u} cập nhật.", c=len(p.created), u=len(p.updated)), error=False)

    def on_import_dialog_failed(self, event: Failed) -> None:
        """Show the error (and the rows when rejected)."""
        self._issues(event.issues)
        self._summary(event.text, error=True)

    def _issues(self, issues: list[Issue]) -> None:
        table = self.query_one("#import-issues", DataTable)
        table.clear()
        for issue in issues[:MAX_ISSUES_SHOWN]:
            table.add_row(str(issue.row) if issue.row else _("tệp"), literal(issue.field), literal(issue.message))

    def _summary(self, text: str, *, error: bool) -> None:
        label = self.query_one("#import-summary", Label)
        label.update(text)
        label.set_class(error, "-error")

    def action_close(self) -> None:
        """Close; the caller reloads when something was applied."""
        self.dismiss(self.applied)


def _mtime(path: str) -> float:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return -1.0
