"""Catalogue mode: search and filter procedures page by page; edit, retire/restore, history, import, export."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select

from admin_tui.context import AdminContext
from admin_tui.messages import _
from admin_tui.modes.catalogue_data import CatalogueQuery, admin_search, load_page
from admin_tui.widgets.cells import literal
from admin_tui.widgets.dialogs import AskDialog, ConfirmDialog
from admin_tui.widgets.mode_screen import ModeScreen
from admin_tui.widgets.pager import Pager
from core.errors import KioskError
from db.catalogue import service
from db.catalogue.io import export_catalogue
from db.catalogue.views import Page, ProcedureSummary
from db.services import audit

PAGE_SIZE = 50
LEVELS = ("trung ương", "tỉnh", "xã")
COLUMNS = (("Mã", 13), ("Tên thủ tục", 30), ("Lĩnh vực", 14), ("Cấp", 10), ("Bưu chính", 9), ("Trạng thái", 12),
           ("Phiên bản", 9), ("Tên gọi khác", 6))  # fits 120 columns; long names end with "…"


class CatalogueMode(ModeScreen):
    """The procedure catalogue: one page of the table at a time, every change audited."""

    MODE_NAME = "catalogue"
    BINDINGS = [
        Binding("slash", "focus_search", _("Tìm")),
        Binding("n", "new", _("Thêm")),
        Binding("e", "edit", _("Sửa")),
        Binding("r", "toggle_active", _("Ngừng/Khôi phục")),
        Binding("h", "history", _("Lịch sử")),
        Binding("i", "import", _("Nhập")),
        Binding("x", "export", _("Xuất")),
        Binding("right_square_bracket", "page(1)", _("Trang sau"), key_display="]"),
        Binding("left_square_bracket", "page(-1)", _("Trang trước"), key_display="["),
    ]

    class PageLoaded(Message):
        """A page of procedures was read."""

        def __init__(self, page: Page, query: CatalogueQuery) -> None:
            super().__init__()
            self.page = page
            self.query = query

    class FieldsLoaded(Message):
        """The list of fields (lĩnh vực) was read."""

        def __init__(self, fields: list[tuple[str, int]]) -> None:
            super().__init__()
            self.fields = fields

    class LoadFailed(Message):
        """Reading failed (database unreachable or busy); ``text`` says so."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class ActionFinished(Message):
        """A change finished (``ok``) or failed; ``text`` says what happened."""

        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    def __init__(self, context: AdminContext) -> None:
        super().__init__(context)
        self.query_state = CatalogueQuery(limit=PAGE_SIZE)
        self.rows: dict[str, ProcedureSummary] = {}

    def compose_body(self) -> Iterable[Widget]:
        """Search, filters, table, pager, actions, status."""
        yield Horizontal(
            Input(placeholder=_("Tìm như trên ki-ốt: tên, tên thường gọi, mã…"), id="catalogue-search", compact=True),
            classes="toolbar", id="catalogue-searchbar")
        yield Horizontal(
            Select([], prompt=_("Lĩnh vực: tất cả"), id="filter-field", compact=True),
            Select([(_(lv), lv) for lv in LEVELS], prompt=_("Cấp: tất cả"), id="filter-level", compact=True),
            Select([(_("Nhận qua bưu chính"), "yes"), (_("Không nhận qua bưu chính"), "no")],
                   prompt=_("Bưu chính: tất cả"), id="filter-postal", compact=True),
            Select([(_("Đang áp dụng"), "active"), (_("Đã ngừng"), "retired"), (_("Tất cả"), "all")],
                   value="active", allow_blank=False, id="filter-active", compact=True),
            classes="toolbar", id="catalogue-filters")
        table: DataTable[object] = DataTable(id="catalogue-table", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:
            table.add_column(_(label), width=width)
        yield table
        yield Pager(PAGE_SIZE, id="catalogue-pager")
        yield Horizontal(
            Button(_("Thêm"), id="catalogue-new", compact=True),
            Button(_("Sửa"), id="catalogue-edit", compact=True, variant="primary"),
            Button(_("Ngừng/Khôi phục"), id="catalogue-retire", compact=True),
            Button(_("Lịch sử phiên bản"), id="catalogue-history", compact=True),
            Button(_("Nhập tệp…"), id="catalogue-import", compact=True),
            Button(_("Xuất tệp…"), id="catalogue-export", compact=True),
            classes="toolbar", id="catalogue-actions")
        yield Label("", id="catalogue-status", classes="status-line", markup=False)

    def on_mount(self) -> None:
        """Load the fields and the first page."""
        self._load_fields()
        self.reload()

    # --- loading --------------------------------------------------------------------------------

    def reload(self, offset: int | None = None) -> None:
        """Read the current query's page again (e.g. after a change)."""
        if offset is not None:
            self.query_state = CatalogueQuery(**{**self.query_state.__dict__, "offset": offset})
        self._load(self.query_state)

    @work(thread=True, exclusive=True, group="catalogue-page")
    def _load(self, query: CatalogueQuery) -> None:
        search = admin_search(self.context.database)
        try:
            page = self.context.database.run(lambda s: load_page(s, query, search), read_only=True)
        except KioskError as exc:
            self.post_message(self.LoadFailed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.PageLoaded(page, query))

    @work(thread=True, group="catalogue-fields")
    def _load_fields(self) -> None:
        try:
            fields = self.context.database.run(lambda s: service.list_fields(s, active_only=False), read_only=True)
        except KioskError as exc:
            self.post_message(self.LoadFailed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.FieldsLoaded(fields))

    def on_catalogue_mode_page_loaded(self, event: PageLoaded) -> None:
        """Fill the table with the page (text shown literally)."""
        if event.query != self.query_state:
            return  # an older request finished late
        table = self.query_one("#catalogue-table", DataTable)
        selected = self.selected_code()
        table.clear()
        self.rows = {}
        for p in event.page.items:
            self.rows[p.code] = p
            table.add_row(
                literal(p.code), literal(p.name), literal(p.field), literal(_(p.level)),
                _("có") if p.postal_allowed else _("không"),
                literal(_("Đang áp dụng") if p.active else _("Đã ngừng"), style="" if p.active else "dim"),
                str(p.version_no), str(p.alias_count), key=p.code)
        table.move_cursor(row=table.get_row_index(selected) if selected in self.rows else 0)
        self.query_one(Pager).show(event.page.offset, event.page.total)

    def on_catalogue_mode_load_failed(self, event: LoadFailed) -> None:
        """Say that the list could not be read (the table keeps what it showed)."""
        self.show_status(event.text, error=True)

    def on_catalogue_mode_fields_loaded(self, event: FieldsLoaded) -> None:
        """Offer the fields in the field filter."""
        self.query_one("#filter-field", Select).set_options(
            (literal(f"{name} ({count})"), name) for name, count in event.fields)

    # --- query changes --------------------------------------------------------------------------

    @on(Input.Changed, "#catalogue-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(text=event.value)

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        value = None if event.select.is_blank() else event.value
        if event.select.id == "filter-field":
            self._set_query(field=value or "")
        elif event.select.id == "filter-level":
            self._set_query(level=value or "")
        elif event.select.id == "filter-postal":
            self._set_query(postal=None if value is None else value == "yes")
        elif event.select.id == "filter-active":
            self._set_query(active={"active": True, "retired": False}.get(str(value)))

    def _set_query(self, **changes: object) -> None:
        data = {**self.query_state.__dict__, **changes, "offset": 0}
        query = CatalogueQuery(**data)  # type: ignore[arg-type]
        if query != self.query_state:
            self.query_state = query
            self._load(query)

    def on_pager_page_requested(self, event: Pager.PageRequested) -> None:
        """Load the requested page."""
        self.reload(event.offset)

    def action_page(self, step: int) -> None:
        """Next (1) or previous (-1) page."""
        pager = self.query_one(Pager)
        offset = pager.first_row + step * PAGE_SIZE
        if 0 <= offset < max(pager.total, 1):
            self.reload(offset)

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#catalogue-search", Input).focus()

    # --- actions --------------------------------------------------------------------------------

    def selected_code(self) -> str | None:
        """Code of the procedure under the table cursor, if any."""
        table = self.query_one("#catalogue-table", DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - no rows / cursor out of range
            return None
        return str(key.value) if key.value is not None else None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Toolbar buttons run the matching action."""
        actions = {"catalogue-new": self.action_new, "catalogue-edit": self.action_edit,
                   "catalogue-retire": self.action_toggle_active, "catalogue-history": self.action_history,
                   "catalogue-import": self.action_import, "catalogue-export": self.action_export}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens the editor."""
        self.action_edit()

    def _after_change(self, changed: bool | None) -> None:
        if changed:
            self._load_fields()
            self.reload()

    def action_new(self) -> None:
        """Open an empty editor for a new procedure."""
        from admin_tui.modes.catalogue_editor import ProcedureEditor

        self.app.push_screen(ProcedureEditor(self.context, None), self._after_change)

    def action_edit(self) -> None:
        """Open the editor on the selected procedure."""
        from admin_tui.modes.catalogue_editor import ProcedureEditor

        code = self.selected_code()
        if code:
            self.app.push_screen(ProcedureEditor(self.context, code), self._after_change)

    def action_history(self) -> None:
        """Show the selected procedure's versions."""
        from admin_tui.modes.catalogue_history import HistoryDialog

        code = self.selected_code()
        if code:
            self.app.push_screen(HistoryDialog(self.context, code))

    def action_import(self) -> None:
        """Open the import dialog (preview first, then apply all or nothing)."""
        from admin_tui.modes.catalogue_import import ImportDialog

        self.app.push_screen(ImportDialog(self.context), self._after_change)

    def action_toggle_active(self) -> None:
        """Retire the selected procedure, or restore it when retired (after confirmation)."""
        code = self.selected_code()
        row = self.rows.get(code or "")
        if row is None:
            return
        question = (_("Ngừng áp dụng thủ tục {code}? Ki-ốt sẽ không còn hiển thị thủ tục này.", code=row.code)
                    if row.active else _("Khôi phục thủ tục {code}?", code=row.code))

        def answered(yes: bool | None) -> None:
            if yes:
                self._toggle(row)

        self.app.push_screen(ConfirmDialog(question), answered)

    @work(thread=True, group="catalogue-change")
    def _toggle(self, row: ProcedureSummary) -> None:
        actor = self.context.actor
        change = service.retire_procedure if row.active else service.restore_procedure
        try:
            self.context.database.run(lambda s: change(s, row.code, row.row_version, actor))
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        text = (_("Đã ngừng áp dụng {code}", code=row.code) if row.active
                else _("Đã khôi phục {code}", code=row.code))
        self.post_message(self.ActionFinished(text, True))

    def action_export(self) -> None:
        """Ask for a file name and export the whole catalogue (.json or .csv)."""
        default = str(self.context.settings.data_dir / "catalogue-export.json")

        def chosen(path: str | None) -> None:
            if path and path.strip():
                self._export(path.strip())

        self.app.push_screen(AskDialog(_("Xuất danh mục ra tệp (.json hoặc .csv):"), default), chosen)

    @work(thread=True, group="catalogue-change")
    def _export(self, path: str) -> None:
        user = self.context.user

        def run(session) -> int:  # noqa: ANN001
            count = export_catalogue(session, path)
            audit.record(session, user=user, action="catalogue.export", entity="catalogue", entity_id=path,
                         after={"path": path, "procedures": count})
            return count

        try:
            count = self.context.database.run(run)
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ActionFinished(_("Đã xuất {n} thủ tục ra {path}", n=count, path=path), False))

    def on_catalogue_mode_action_finished(self, event: ActionFinished) -> None:
        """Say what happened; reload after a change."""
        self.show_status(event.text, error=event.text.startswith("["))
        self.notify(event.text, severity="error" if event.text.startswith("[") else "information", markup=False)
        self._after_change(True)  # also after a refusal: the row versions shown may be out of date

    def show_status(self, text: str, *, error: bool = False) -> None:
        """Show a line under the table."""
        label = self.query_one("#catalogue-status", Label)
        label.update(text)
        label.set_class(error, "-error")
