"""Audit mode (admins only): the append-only log, filtered by user, entity, action and date; read-only."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from textual import on, work
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from admin_tui.context import AdminContext
from admin_tui.messages import _
from admin_tui.widgets.cells import literal, local_time
from admin_tui.widgets.mode_screen import ModeScreen
from admin_tui.widgets.pager import Pager
from core.errors import KioskError
from db.services import audit
from db.services.audit import AuditFilter, AuditPage, AuditView

PAGE_SIZE = 100


def parse_day(text: str) -> date | None:
    """Parse ``dd/mm/yyyy`` (or ISO ``yyyy-mm-dd``); None for empty text.

    Raises:
        ValueError: Text that is not a date.
    """
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= day.year <= 2999:  # 31/12/9999 + 1 day or 01/01/0001 in UTC would overflow the query
            raise ValueError(text)
        return day
    raise ValueError(text)


class AuditMode(ModeScreen):
    """Read the audit trail. There is deliberately no action that changes it."""

    MODE_NAME = "audit"

    class EventsLoaded(Message):
        """A page of events was read."""

        def __init__(self, page: AuditPage, flt: AuditFilter) -> None:
            super().__init__()
            self.page = page
            self.flt = flt

    class ChoicesLoaded(Message):
        """The actors, entities and actions in the log were read (for the filters)."""

        def __init__(self, values: dict[str, list[str]]) -> None:
            super().__init__()
            self.values = values

    class LoadFailed(Message):
        """Reading failed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, context: AdminContext) -> None:
        super().__init__(context)
        self.filter = AuditFilter()
        self.events: dict[int, AuditView] = {}

    def compose_body(self) -> Iterable[Widget]:
        """Filters, table, pager, detail."""
        yield Horizontal(
            Select([], prompt=_("Người thực hiện"), id="audit-actor", compact=True),
            Select([], prompt=_("Đối tượng"), id="audit-entity", compact=True),
            Select([], prompt=_("Hành động"), id="audit-action", compact=True),
            Input(placeholder=_("Từ ngày dd/mm/yyyy"), id="audit-from", max_length=10, compact=True),
            Input(placeholder=_("Đến ngày dd/mm/yyyy"), id="audit-to", max_length=10, compact=True),
            Button(_("Làm mới"), id="audit-refresh", compact=True),
            classes="toolbar", id="audit-filters")
        table: DataTable[object] = DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Thời gian"), _("Người thực hiện"), _("Hành động"), _("Đối tượng"), _("Mã đối tượng"))
        yield table
        yield Pager(PAGE_SIZE, id="audit-pager")
        yield Label("", id="audit-status", classes="status-line", markup=False)
        with VerticalScroll(id="audit-detail"):
            yield Static("", id="audit-detail-text", markup=False)

    def on_mount(self) -> None:
        """Read the filter choices and the newest events."""
        self._choices()
        self._load(self.filter, 0)

    @work(thread=True, group="audit-choices")
    def _choices(self) -> None:
        try:
            values = self.context.database.run(audit.distinct_values, read_only=True)
        except KioskError as exc:
            self.post_message(self.LoadFailed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.ChoicesLoaded(values))

    @work(thread=True, exclusive=True, group="audit-load")
    def _load(self, flt: AuditFilter, offset: int) -> None:
        try:
            page = self.context.database.run(lambda s: audit.list_events(s, flt, offset=offset, limit=PAGE_SIZE),
                                             read_only=True)
        except KioskError as exc:
            self.post_message(self.LoadFailed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.EventsLoaded(page, flt))

    def on_audit_mode_choices_loaded(self, event: ChoicesLoaded) -> None:
        """Offer what the log contains."""
        for wid, key in (("#audit-actor", "actors"), ("#audit-entity", "entities"), ("#audit-action", "actions")):
            select = self.query_one(wid, Select)
            current = None if select.is_blank() else select.value
            select.set_options((literal(v), v) for v in event.values.get(key, []))
            if current is not None and current in event.values.get(key, []):
                select.value = current

    def on_audit_mode_events_loaded(self, event: EventsLoaded) -> None:
        """Fill the table."""
        if event.flt != self.filter:
            return
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        self.events = {e.id: e for e in event.page.items}
        for e in event.page.items:
            table.add_row(local_time(e.at, "%d/%m/%Y %H:%M:%S"), literal(e.actor), literal(e.action),
                          literal(e.entity), literal(e.entity_id), key=str(e.id))
        self.query_one(Pager).show(event.page.offset, event.page.total)
        self.query_one("#audit-status", Label).update("")
        if not event.page.items:
            self.query_one("#audit-detail-text", Static).update(_("Không có sự kiện nào khớp bộ lọc."))

    def on_audit_mode_load_failed(self, event: LoadFailed) -> None:
        """Show the error."""
        self.query_one("#audit-status", Label).update(event.text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted event's before/after."""
        found = self.events.get(int(event.row_key.value)) if event.row_key.value else None
        if found is None:
            return
        lines = [f"#{found.id} {local_time(found.at, '%d/%m/%Y %H:%M:%S')} {found.actor} {found.action} "
                 f"{found.entity} {found.entity_id}",
                 f"{_('Trước')}: {json.dumps(found.before, ensure_ascii=False, sort_keys=True)}",
                 f"{_('Sau')}: {json.dumps(found.after, ensure_ascii=False, sort_keys=True)}"]
        self.query_one("#audit-detail-text", Static).update("\n".join(lines))

    # --- filters --------------------------------------------------------------------------------

    @on(Select.Changed)
    @on(Input.Submitted)
    def _filters_changed(self) -> None:
        self.apply_filters()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Refresh."""
        if event.button.id == "audit-refresh":
            event.stop()
            self._choices()
            self.apply_filters(force=True)

    def apply_filters(self, force: bool = False) -> None:
        """Read the filter widgets and load the first page."""
        def value(wid: str) -> str:
            select = self.query_one(wid, Select)
            return "" if select.is_blank() else str(select.value)

        try:
            day_from = parse_day(self.query_one("#audit-from", Input).value)
            day_to = parse_day(self.query_one("#audit-to", Input).value)
        except ValueError as exc:
            self.query_one("#audit-status", Label).update(
                _("[AUD-010] Ngày không hợp lệ: {text} (dd/mm/yyyy)", text=str(exc)))
            return
        flt = AuditFilter(actor=value("#audit-actor"), entity=value("#audit-entity"), action=value("#audit-action"),
                          day_from=day_from, day_to=day_to)
        if force or flt != self.filter:
            self.filter = flt
            self._load(flt, 0)

    def on_pager_page_requested(self, event: Pager.PageRequested) -> None:
        """Load another page."""
        self._load(self.filter, event.offset)
