"""Queue mode: live boards per queue; call next, serve a chosen (priority) ticket, recall, no-show, transfer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select

from admin_tui.messages import _
from admin_tui.modes.queue_data import QueueCounts, console_site_id, duration, queue_overview
from admin_tui.modes.queue_widgets import MODES_CSS, ChoiceDialog, refill, selected_key
from admin_tui.widgets.cells import literal, local_time
from admin_tui.widgets.dialogs import ConfirmDialog
from admin_tui.widgets.mode_screen import ModeScreen
from core.errors import KioskError
from db.services import queue as qs
from db.services import site_admin

REFRESH_S = 2.0
RULES = (("strict", "Ưu tiên trước"), ("every_n", "Một vé ưu tiên mỗi N lượt gọi"))
STATES = {"waiting": "Đang chờ", "called": "Đã gọi", "serving": "Đang phục vụ", "done": "Xong",
          "no_show": "Vắng mặt"}


def _short(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


class QueueMode(ModeScreen):
    """Today's queues of the console's site, refreshed every couple of seconds in a worker."""

    MODE_NAME = "queue"
    CSS_PATH = MODES_CSS
    AUTO_FOCUS = "#queue-waiting"
    BINDINGS = [
        Binding("c", "call_next", _("Gọi số tiếp")),
        Binding("p", "call_selected", _("Phục vụ vé chọn")),
        Binding("r", "recall", _("Gọi lại")),
        Binding("s", "start", _("Bắt đầu phục vụ")),
        Binding("f", "finish", _("Xong")),
        Binding("k", "no_show", _("Vắng mặt")),
        Binding("t", "transfer", _("Chuyển hàng")),
        Binding("u", "undo_no_show", _("Hoàn tác vắng mặt")),
    ]

    class BoardLoaded(Message):
        """Queues and the selected queue's board were read."""

        def __init__(self, site_id: int | None, queues: list[QueueCounts], queue_id: int | None,
                     board: dict[str, list[qs.TicketView]]) -> None:
            super().__init__()
            self.site_id = site_id
            self.queues = queues
            self.queue_id = queue_id
            self.board = board

    class ActionFinished(Message):
        """A queue action finished; ``ok`` False when it was refused (``text`` says why)."""

        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    def __init__(self, context) -> None:  # noqa: ANN001
        super().__init__(context)
        self.site_id: int | None = None
        self.queue_id: int | None = None
        self.queues: dict[str, QueueCounts] = {}
        self.tickets: dict[str, qs.TicketView] = {}
        #: The ticket this console last marked no-show, which ``u`` puts back into its queue.
        self.last_no_show: qs.TicketView | None = None

    @property
    def is_admin(self) -> bool:
        """Only admins change queue rules."""
        return bool(self.context.user and self.context.user.role == "admin")

    def compose_body(self) -> Iterable[Widget]:
        """Queue list with its rule on the left; counter actions and the three boards on the right."""
        queues: DataTable[Any] = DataTable(id="queue-list", cursor_type="row")
        queues.add_columns(_("Mã"), _("Hàng đợi"), _("Chờ"), _("Gọi"), _("Xong"), _("Quy tắc"))
        rule = Vertical(
            Label(_("Quy tắc ưu tiên của hàng đợi"), classes="field-label"),
            Select([(_(label), value) for value, label in RULES], id="queue-rule", allow_blank=False,
                   value="strict", compact=True),
            Horizontal(Label(_("N ="), classes="inline-label"), Input("3", id="queue-every-n", type="integer", compact=True),
                       Button(_("Áp dụng"), id="queue-rule-apply", compact=True), classes="toolbar"),
            id="queue-rule-box")
        rule.display = self.is_admin
        yield Horizontal(
            Vertical(queues, rule, id="queue-left"),
            Vertical(
                Horizontal(
                    Label(_("Quầy:"), classes="inline-label"),
                    Input(_("Quầy 1"), id="queue-counter", compact=True),
                    Button(_("Gọi số tiếp"), id="queue-call-next", variant="primary", compact=True),
                    Button(_("Phục vụ vé chọn"), id="queue-call-selected", compact=True),
                    classes="toolbar", id="queue-call-bar"),
                Label(_("Đang chờ (ưu tiên trước)"), classes="section-title"),
                self._table("queue-waiting", _("Số"), _("Ưu tiên"), _("Lấy lúc"), _("Đã chờ")),
                Label(_("Đang gọi / đang phục vụ"), classes="section-title"),
                self._table("queue-called", _("Số"), _("Quầy"), _("Trạng thái"), _("Gọi lúc"), _("Đã chờ"),
                            _("Gọi lại")),
                Horizontal(
                    Button(_("Gọi lại"), id="queue-recall", compact=True),
                    Button(_("Bắt đầu phục vụ"), id="queue-start", compact=True),
                    Button(_("Xong"), id="queue-finish", compact=True, variant="success"),
                    Button(_("Vắng mặt"), id="queue-no-show", compact=True, variant="warning"),
                    Button(_("Chuyển hàng"), id="queue-transfer", compact=True),
                    classes="toolbar", id="queue-ticket-actions"),
                Label(_("Đã xong hôm nay"), classes="section-title"),
                self._table("queue-served", _("Số"), _("Trạng thái"), _("Quầy"), _("Xong lúc"), _("Đã chờ")),
                id="queue-right"),
            id="queue-body")
        yield Label("", id="queue-status", classes="status-line", markup=False)

    @staticmethod
    def _table(table_id: str, *columns: str) -> DataTable[Any]:
        table: DataTable[Any] = DataTable(id=table_id, cursor_type="row", zebra_stripes=True,
                                          classes="queue-board")
        table.add_columns(*columns)
        return table

    def on_mount(self) -> None:
        """First load, then refresh every :data:`REFRESH_S` seconds while this mode is shown."""
        self.refresh_board()
        self.set_interval(REFRESH_S, self._tick)

    def _tick(self) -> None:
        if self.app.screen is self:
            self.refresh_board()

    # --- loading --------------------------------------------------------------------------------

    def refresh_board(self) -> None:
        """Read the queues and the selected queue's board again."""
        self._load(self.queue_id)

    @work(thread=True, exclusive=True, group="queue-board")
    def _load(self, queue_id: int | None) -> None:
        db, now = self.context.database, self.context.now()
        site_code = self.context.settings.site_code

        def read(session):  # noqa: ANN001, ANN202
            site_id = console_site_id(session, site_code)
            return site_id, (queue_overview(session, site_id, now) if site_id else [])

        site_id, queues = db.run(read, read_only=True)
        ids = [q.queue.id for q in queues]
        chosen = queue_id if queue_id in ids else (ids[0] if ids else None)
        board = qs.board(db, chosen, now=now) if chosen else {"waiting": [], "called": [], "served": []}
        self.post_message(self.BoardLoaded(site_id, queues, chosen, board))

    def on_queue_mode_board_loaded(self, event: BoardLoaded) -> None:
        """Show the queues and the board (the cursor stays on the same rows)."""
        if self.queue_id is not None and event.queue_id != self.queue_id and \
                any(q.queue.id == self.queue_id for q in event.queues):
            return  # a late answer for a queue that is no longer selected
        self.site_id = event.site_id
        self.queues = {str(q.queue.id): q for q in event.queues}
        refill(self.query_one("#queue-list", DataTable), (
            (str(q.queue.id), (literal(q.queue.prefix), literal(_short(q.queue.name, 22)), str(q.waiting), str(q.called),
                               str(q.served), self._rule_text(q)))
            for q in event.queues))
        first_load = self.queue_id is None
        self.queue_id = event.queue_id
        if first_load and event.queue_id is not None:
            self._show_rule(self.queues.get(str(event.queue_id)))
        self.tickets = {str(t.id): t for group in event.board.values() for t in group}
        now = self.context.now()
        refill(self.query_one("#queue-waiting", DataTable), (
            (str(t.id), (literal(t.number, style="bold" if t.priority_class else ""),
                         literal(t.priority_reason, style="bold yellow"), local_time(t.issued_at, "%H:%M"),
                         duration((now - t.issued_at).total_seconds())))
            for t in event.board["waiting"]))
        refill(self.query_one("#queue-called", DataTable), (
            (str(t.id), (literal(t.number, style="bold"), literal(t.counter), _(STATES.get(t.state, t.state)),
                         local_time(t.called_at, "%H:%M:%S"), duration(t.wait_s), str(t.recall_count)))
            for t in event.board["called"]))
        refill(self.query_one("#queue-served", DataTable), (
            (str(t.id), (literal(t.number), _(STATES.get(t.state, t.state)), literal(t.counter),
                         local_time(t.finished_at, "%H:%M"), duration(t.wait_s)))
            for t in reversed(event.board["served"])))

    @staticmethod
    def _rule_text(q: QueueCounts) -> str:
        if q.queue.priority_rule == "every_n":
            return _("1/{n}", n=q.queue.priority_every_n)
        return _("ưu tiên trước")

    def _show_rule(self, q: QueueCounts | None) -> None:
        if q is None:
            return
        self.query_one("#queue-rule", Select).value = q.queue.priority_rule
        self.query_one("#queue-every-n", Input).value = str(q.queue.priority_every_n)

    @on(DataTable.RowHighlighted, "#queue-list")
    def _queue_chosen(self, event: DataTable.RowHighlighted) -> None:
        if not event.data_table.has_focus:
            return  # the cursor moved because the list was refilled, not because someone chose a queue
        key = None if event.row_key is None else event.row_key.value
        if key is not None and int(key) != self.queue_id:
            self.queue_id = int(key)
            self._show_rule(self.queues.get(str(key)))
            self.refresh_board()

    # --- actions --------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Toolbar buttons run the matching action."""
        actions: dict[str, Callable[[], None]] = {
            "queue-call-next": self.action_call_next, "queue-call-selected": self.action_call_selected,
            "queue-recall": self.action_recall, "queue-start": self.action_start,
            "queue-finish": self.action_finish, "queue-no-show": self.action_no_show,
            "queue-transfer": self.action_transfer, "queue-rule-apply": self.action_apply_rule,
        }
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    @property
    def counter(self) -> str:
        """The counter label typed in the toolbar (``Quầy 1`` when empty)."""
        return self.query_one("#queue-counter", Input).value.strip() or _("Quầy 1")

    def _selected(self, table_id: str) -> qs.TicketView | None:
        return self.tickets.get(selected_key(self.query_one(f"#{table_id}", DataTable)) or "")

    def action_call_next(self) -> None:
        """Call the next ticket (priority rule applied) to this console's counter."""
        if self.queue_id is not None:
            self._run(lambda then, user: qs.call_next(self.context.database, self.queue_id, self.counter,
                                                      actor=user.username, now=self.context.now(), then=then),
                      "call_next")

    def action_call_selected(self) -> None:
        """Call the chosen waiting ticket (e.g. a priority ticket) to this counter, out of turn."""
        ticket = self._selected("queue-waiting")
        if ticket is None:
            self.show_status(_("Chọn một vé đang chờ."), error=True)
            return
        self._run(lambda _then, user: site_admin.call_ticket(self.context.database, ticket.id, self.counter,
                                                             user=user, now=self.context.now()))

    def _called_action(self, name: str, fn: Callable[..., qs.TicketView]) -> None:
        ticket = self._selected("queue-called")
        if ticket is None:
            self.show_status(_("Chọn một vé đang gọi."), error=True)
            return
        self._run(lambda then, _user: fn(self.context.database, ticket.id, then=then), name)

    def action_recall(self) -> None:
        """Announce the selected called ticket again."""
        self._called_action("recall", qs.recall)

    def action_start(self) -> None:
        """The citizen arrived: the selected ticket is being served."""
        self._called_action("start", qs.start_service)

    def action_finish(self) -> None:
        """Close the selected ticket."""
        self._called_action("finish", qs.finish)

    def action_no_show(self) -> None:
        """After confirmation, skip the selected called ticket: its holder did not come (undo with ``u``)."""
        ticket = self._selected("queue-called")
        if ticket is None:
            self.show_status(_("Chọn một vé đang gọi."), error=True)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run(lambda then, _user: qs.no_show(self.context.database, ticket.id, then=then), "no_show")

        self.app.push_screen(ConfirmDialog(
            _("Vé {number} vắng mặt? Có thể hoàn tác trong {minutes} phút (phím U).", number=ticket.number,
              minutes=qs.NO_SHOW_UNDO_S // 60), _("Vắng mặt")), confirmed)

    def action_undo_no_show(self) -> None:
        """Put the ticket last marked no-show at this console back into its place in the queue."""
        ticket = self.last_no_show
        if ticket is None:
            self.show_status(_("Không có vé vắng mặt nào để hoàn tác."), error=True)
            return
        self.last_no_show = None
        self._run(lambda then, _user: qs.undo_no_show(self.context.database, ticket.id, now=self.context.now(),
                                                      then=then), "undo_no_show")

    def action_transfer(self) -> None:
        """Move the selected ticket (waiting or called) to another queue of the site."""
        ticket = self._selected("queue-called") if self.query_one("#queue-called").has_focus else None
        ticket = ticket or self._selected("queue-waiting") or self._selected("queue-called")
        if ticket is None:
            self.show_status(_("Chọn một vé để chuyển."), error=True)
            return
        options = [(f"{q.queue.prefix} · {q.queue.name}", key) for key, q in self.queues.items()
                   if q.queue.id != ticket.queue_id]
        if not options:
            self.show_status(_("Không có hàng đợi khác để chuyển vé."), error=True)
            return

        def chosen(value: str | None) -> None:
            if value:
                self._run(lambda then, _user: qs.transfer(self.context.database, ticket.id, int(value), then=then),
                          "transfer", {"to_queue": self.queues[value].queue.prefix})

        self.app.push_screen(ChoiceDialog(_("Chuyển vé {number} sang hàng đợi:", number=ticket.number),
                                          options), chosen)

    def action_apply_rule(self) -> None:
        """Save the selected queue's priority rule (admins only; audited)."""
        if not self.is_admin or self.queue_id is None:
            return
        rule = str(self.query_one("#queue-rule", Select).value)
        text = self.query_one("#queue-every-n", Input).value.strip()
        every_n = int(text) if text.isdigit() else None
        if rule == "every_n" and every_n is None:
            every_n = 0  # refused with a clear message by the service
        queue_id = self.queue_id
        self._apply_rule(queue_id, rule, every_n)

    @work(thread=True, group="queue-action")
    def _apply_rule(self, queue_id: int, rule: str, every_n: int | None) -> None:
        try:
            row = site_admin.set_priority_rule(self.context.database, queue_id, rule, every_n,
                                               user=self.context.require_user())
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ActionFinished(_("Đã lưu quy tắc ưu tiên của {prefix}.", prefix=row.prefix), True))

    @work(thread=True, group="queue-action")
    def _run(self, fn: Callable[[Any, Any], qs.TicketView | None], audit_action: str | None = None,
             detail: dict[str, Any] | None = None) -> None:
        """Run one queue operation in a worker and report back.

        ``fn(then, user)`` gets the audit hook for ``audit_action``: the queue service runs it inside the
        operation's own transaction, so a change is never saved without its audit row.
        """
        user = self.context.require_user()
        then = site_admin.audited(audit_action, user=user, detail=detail) if audit_action else None
        try:
            ticket = fn(then, user)
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        if ticket is None:
            self.post_message(self.ActionFinished(_("Không còn ai đang chờ."), True))
            return
        if audit_action == "no_show":
            self.last_no_show = ticket
        text = {
            "waiting": _("Vé {number} đã chuyển hàng đợi."),
            "called": _("Mời vé {number} đến {counter}."),
            "serving": _("Đang phục vụ vé {number}."),
            "done": _("Vé {number} đã xong."),
            "no_show": _("Vé {number} vắng mặt. Nhấn U để hoàn tác."),
        }.get(ticket.state, "{number}")
        if audit_action == "undo_no_show":
            text = _("Vé {number} đã trở lại chỗ cũ trong hàng đợi.")
        self.post_message(self.ActionFinished(text.format(number=ticket.number, counter=ticket.counter), True))

    def on_queue_mode_action_finished(self, event: ActionFinished) -> None:
        """Say what happened and refresh the board."""
        self.show_status(event.text, error=not event.ok)
        self.refresh_board()

    def show_status(self, text: str, *, error: bool = False) -> None:
        """Show a line under the boards."""
        label = self.query_one("#queue-status", Label)
        label.update(text)
        label.set_class(error, "-error")
