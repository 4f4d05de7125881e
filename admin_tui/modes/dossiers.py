"""Dossiers mode: paged search by reference, name, phone or ID number; deadline flags; open the detail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select

from admin_tui.messages import _
from admin_tui.modes.queue_widgets import MODES_CSS, refill, selected_key
from admin_tui.widgets.cells import literal, local_time
from admin_tui.widgets.mode_screen import ModeScreen
from admin_tui.widgets.pager import Pager
from db.services import dossier_admin as da
from db.services.dossier_status import STATUS_LABELS, status_label

PAGE_SIZE = 50
#: Deadline flag -> (label, style).
FLAG_LABELS = {
    "overdue": ("Quá hạn", "bold red"),
    "due_soon": ("Sắp đến hạn", "bold yellow"),
    "paused": ("Tạm dừng (chờ bổ sung)", "cyan"),
    "paused_late": ("Dừng (trễ)", "bold red"),
    "on_time": ("Trong hạn", ""),
    "done": ("Đã xong", "dim"),
    "done_late": ("Xong (trễ)", "red"),
}


def flag_cell(flag: str) -> Any:
    """The deadline flag as a coloured cell (overdue red, due soon yellow, paused cyan)."""
    label, style = FLAG_LABELS.get(flag, (flag, ""))
    return literal(_(label), style=style)


#: Column titles and widths: with the cell padding and a scrollbar they fit 120 columns (the received and due days
#: without the time, which the detail shows; long names, procedures and statuses end with "…").
COLUMNS = (("Mã hồ sơ", 25), ("Người nộp", 13), ("Số định danh", 12), ("Thủ tục", 9), ("Trạng thái", 12),
           ("Tiếp nhận", 10), ("Hẹn trả", 10), ("Hạn", 11))


class DossiersMode(ModeScreen):
    """Dossier search: one indexed page at a time; Enter opens the detail with its timeline and actions."""

    MODE_NAME = "dossiers"
    CSS_PATH = MODES_CSS
    AUTO_FOCUS = "#dossiers-search"
    BINDINGS = [
        # priority: the search box has the focus on arrival, and a "/" typed into it (references, names,
        # phones and ID numbers never contain one) would make every search come back empty.
        Binding("slash", "focus_search", _("Tìm"), priority=True),
        Binding("o", "open", _("Xem chi tiết")),
        Binding("pagedown", "page(1)", _("Trang sau"), show=False),
        Binding("pageup", "page(-1)", _("Trang trước"), show=False),
    ]

    class PageLoaded(Message):
        """A page of dossiers was read for ``query``."""

        def __init__(self, page: da.DossierPage, query: da.DossierQuery, counts: dict[str, int]) -> None:
            super().__init__()
            self.page = page
            self.query = query
            self.counts = counts

    def __init__(self, context) -> None:  # noqa: ANN001
        super().__init__(context)
        self.query_state = da.DossierQuery(limit=PAGE_SIZE)

    def compose_body(self) -> Iterable[Widget]:
        """Search bar with filters, the table, the pager, actions and a status line."""
        yield Label("", id="dossiers-summary", classes="status-line", markup=False)
        yield Horizontal(
            Input(placeholder=_("Mã hồ sơ, họ tên, số điện thoại hoặc số định danh…"), id="dossiers-search", compact=True),
            Select([(_(label), status) for status, label in STATUS_LABELS.items()],
                   prompt=_("Trạng thái: tất cả"), id="dossiers-status", compact=True),
            Select([(_(FLAG_LABELS[f][0]), f) for f in da.FLAGS], prompt=_("Hạn: tất cả"), id="dossiers-flag", compact=True),
            classes="toolbar", id="dossiers-searchbar")
        table: DataTable[Any] = DataTable(id="dossiers-table", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:  # fixed widths: a very long name ends with "…" instead of pushing the rest off
            table.add_column(_(label), width=width)
        yield table
        yield Pager(PAGE_SIZE, id="dossiers-pager")
        yield Horizontal(Button(_("Xem chi tiết"), id="dossiers-open", variant="primary", compact=True),
                         classes="toolbar", id="dossiers-actions")
        yield Label("", id="dossiers-status-line", classes="status-line", markup=False)

    def on_mount(self) -> None:
        """Load the first page."""
        self.reload()

    def on_screen_resume(self) -> None:
        """Coming back from the detail: the dossier may have changed."""
        self.reload()

    def reload(self, offset: int | None = None) -> None:
        """Read the current query's page again."""
        if offset is not None:
            self.query_state = da.DossierQuery(**{**self.query_state.__dict__, "offset": offset})
        self._load(self.query_state)

    @work(thread=True, exclusive=True, group="dossiers-page")
    def _load(self, query: da.DossierQuery) -> None:
        now = self.context.now()
        page, counts = self.context.database.run(
            lambda s: (da.search(s, query, now), da.deadline_counts(s, now)), read_only=True)
        self.post_message(self.PageLoaded(page, query, counts))

    def on_dossiers_mode_page_loaded(self, event: PageLoaded) -> None:
        """Fill the table (ID numbers and phones masked; text shown literally)."""
        if event.query != self.query_state:
            return  # a newer search is on its way
        refill(self.query_one("#dossiers-table", DataTable), (
            (str(r.id), (literal(r.reference), literal(r.applicant_name), literal(r.id_masked),
                         literal(r.procedure_name), literal(status_label(r.status)),
                         local_time(r.received_at, "%d/%m/%Y"), local_time(r.due_at, "%d/%m/%Y"), flag_cell(r.flag)))
            for r in event.page.items))
        self.query_one(Pager).show(event.page.offset, event.page.total)
        self.show_status(_("{n} hồ sơ", n=event.page.total))
        counts = event.counts
        summary = self.query_one("#dossiers-summary", Label)
        summary.update(_("Đang theo dõi: {overdue} quá hạn · {due_soon} sắp đến hạn · {paused} chờ bổ sung",
                         **counts))
        summary.set_class(counts["overdue"] > 0, "-error")

    @on(Input.Changed, "#dossiers-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(text=event.value)

    @on(Input.Submitted, "#dossiers-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#dossiers-table", DataTable).focus()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        value = "" if event.value is Select.NULL else str(event.value)
        if event.select.id == "dossiers-status":
            self._set_query(status=value)
        elif event.select.id == "dossiers-flag":
            self._set_query(flag=value)

    def _set_query(self, **changes: object) -> None:
        query = da.DossierQuery(**{**self.query_state.__dict__, **changes, "offset": 0})  # type: ignore[arg-type]
        if query != self.query_state:
            self.query_state = query
            self._load(query)

    def on_pager_page_requested(self, event: Pager.PageRequested) -> None:
        """Load the requested page."""
        self.reload(event.offset)

    def action_page(self, step: int) -> None:
        """Next (1) or previous (-1) page."""
        pager = self.query_one(Pager)
        offset = pager.offset + step * PAGE_SIZE
        if 0 <= offset < max(pager.total, 1):
            self.reload(offset)

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#dossiers-search", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The open button opens the selected dossier."""
        if event.button.id == "dossiers-open":
            event.stop()
            self.action_open()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens the detail."""
        if event.data_table.id == "dossiers-table":
            self.action_open()

    def action_open(self) -> None:
        """Open the selected dossier's detail screen."""
        from admin_tui.modes.dossiers_detail import DossierDetailScreen

        key = selected_key(self.query_one("#dossiers-table", DataTable))
        if key is not None:
            self.app.push_screen(DossierDetailScreen(self.context, int(key)))

    def show_status(self, text: str, *, error: bool = False) -> None:
        """Show a line under the table."""
        label = self.query_one("#dossiers-status-line", Label)
        label.update(text)
        label.set_class(error, "-error")
