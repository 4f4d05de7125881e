"""Queue number only: pick a field/queue, the ticket is issued in a worker and printed via the outbox."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Digits, Static

from core.text import fold
from kiosk import services
from kiosk.messages import _
from kiosk.screens import KioskScreen, literal

DONE_RETURN_S = 30.0  # Welcome comes back by itself after the ticket is shown
#: Priority groups a citizen may declare (the reason is logged on the ticket; staff check it at the counter).
PRIORITY_GROUPS = {
    "elderly": "Người cao tuổi",
    "disabled": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "child": "Người đi cùng trẻ nhỏ",
    "merit": "Người có công với cách mạng",
}
PRINTING = "Vé đang được in. Vui lòng nhận vé và chờ gọi số."
PRINTED = "Vé đã in xong. Vui lòng nhận vé và chờ gọi số."
#: The printer took the ticket but confirmed nothing (it answers no status): say only what is known.
SENT = "Đã gửi lệnh in. Quý khách vui lòng nhận vé ở khe máy in; nếu không thấy vé, xin gọi nhân viên."
PRINTER_FAULT = ("Máy in đang gặp sự cố, nhân viên đã được báo. Vui lòng ghi nhớ số thứ tự ở trên và chờ gọi số; "
                 "nhân viên sẽ in vé cho Quý khách.")


class QueueButton(Button):
    """A queue to join; ``queue_id`` is the queue's id."""

    def __init__(self, label: Text, queue_id: int, **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.queue_id = queue_id


def queue_label(q: services.QueueChoice) -> Text:
    """Queue name (bold), counter group and how many people wait."""
    label = Text(q.name, style="bold")
    label.append("\n")
    label.append(_("{n} người đang chờ", n=q.waiting) + (f" · {q.counter_group}" if q.counter_group else ""))
    return label


class TicketOnlyScreen(KioskScreen):
    """Lists the site's queues; tapping one issues a ticket and shows the number and people ahead.

    Args:
        field: Procedure field to put first (when coming from a procedure's detail).
    """

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách chọn quầy cần đến để lấy số thứ tự.")

    class QueuesLoaded(Message):
        """The queues of this site were read."""

        def __init__(self, queues: list[services.QueueChoice]) -> None:
            super().__init__()
            self.queues = queues

    class TicketIssued(Message):
        """A ticket was issued and its print job written."""

        def __init__(self, ticket: services.TicketResult) -> None:
            super().__init__()
            self.ticket = ticket

    class TicketFailed(Message):
        """Reading queues or issuing the ticket failed; nothing was saved."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, field: str | None = None) -> None:
        super().__init__()
        self.field = field
        self.queues: list[services.QueueChoice] = []
        self.ticket: services.TicketResult | None = None
        self.print_note = PRINTING
        self.priority: str | None = None
        self._issuing = False
        self._spooler: object | None = None

    def compose_body(self) -> ComposeResult:
        if self.ticket is not None:
            yield from self._compose_ticket(self.ticket)
            return
        yield Static(_("Lấy số thứ tự"), classes="screen-title")
        yield Static(_("Thuộc diện ưu tiên? Chọn trước khi lấy số (không bắt buộc):"), id="priority-prompt")
        with Horizontal(id="priority-choices"):
            for key, label in PRIORITY_GROUPS.items():
                chosen = " -selected" if self.priority == key else ""
                yield Button(_(label), id=f"prio-{key}", classes="priority-choice" + chosen)
        yield Static(_("Chọn lĩnh vực Quý khách cần giải quyết:"), id="ticket-prompt")
        with Grid(id="queue-choices"):
            yield from self._queue_buttons()
        yield Static("", id="queue-more", classes="hidden")

    def _queue_buttons(self) -> list[QueueButton]:
        return [QueueButton(queue_label(q), q.id, id=f"queue-{q.prefix.lower()}", classes="queue-choice",
                            disabled=self._issuing) for q in self._ordered()]

    def _compose_ticket(self, t: services.TicketResult) -> ComposeResult:
        with Vertical(id="ticket-done"):
            yield Static(_("Số thứ tự của Quý khách"), id="ticket-caption")
            yield Static(Text(t.number, style="bold"), id="ticket-number")
            # The number itself in very large digits (Digits draws digits and "-", not the letter prefix).
            digits = t.number.rsplit("-", 1)[-1]
            if digits.isdigit():
                yield Digits(digits, id="ticket-digits")
            yield Static(Text(t.queue_name), id="ticket-queue")
            yield Static(_("Số người đang chờ trước Quý khách: {n}", n=t.people_ahead), id="ticket-ahead")
            if self.priority:
                yield Static(_("Ưu tiên: {group}", group=_(PRIORITY_GROUPS[self.priority])), id="ticket-priority")
            if t.counter_group:
                yield Static(Text(_("Quầy: {counter}", counter=t.counter_group)), id="ticket-counter")
            yield Static(_(self.print_note), id="ticket-print-note")
            if self.ctx.settings.demo:
                yield Static(literal(_("Bản in xem trước (PNG): {path}", path=self.ctx.jobs_dir), style="italic"),
                             id="ticket-preview-path")
            yield Button(_("Xong"), id="ticket-finish", variant="primary")

    def _ordered(self) -> list[services.QueueChoice]:
        if not self.field:
            return self.queues
        wanted = fold(self.field)
        return sorted(self.queues, key=lambda q: not any(fold(f) == wanted for f in q.fields))

    def on_mount(self) -> None:
        if self.ticket is None:
            self._load_queues()

    @work(thread=True, exclusive=True, group="ticket")
    def _load_queues(self) -> None:
        try:
            self.post_message(self.QueuesLoaded(services.list_queues(self.ctx)))
        except services.ServiceError as exc:
            self.post_message(self.TicketFailed(exc))

    async def on_ticket_only_screen_queues_loaded(self, message: QueuesLoaded) -> None:
        self.queues = message.queues
        if self.ticket is not None:
            return
        # Only the (empty) grid is filled: re-composing the screen would replace the priority buttons a
        # citizen may be tapping right now, and the tap would be lost.
        grid = self.query_one("#queue-choices", Grid)
        await grid.remove_children()
        await grid.mount_all(self._queue_buttons())
        self.call_after_refresh(self._hint_more)

    def _hint_more(self) -> None:
        """Say so when some fields are below the fold (a citizen does not guess that the list scrolls)."""
        grid = self.query_one("#queue-choices", Grid)
        more = grid.max_scroll_y > 0
        hint = self.query_one("#queue-more", Static)
        hint.update(_("Danh sách có {n} lĩnh vực, còn tiếp ở phía dưới: kéo hoặc vuốt lên để xem thêm.",
                      n=len(self.queues)) if more
                    else "")
        hint.set_class(not more, "hidden")

    def on_resize(self) -> None:
        if self.ticket is None and self.query("#queue-more"):
            self.call_after_refresh(self._hint_more)

    @on(Button.Pressed, ".queue-choice")
    def _pick(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, QueueButton)
        if self._issuing:
            return  # one ticket per tap, even when the citizen taps twice
        self._issuing = True
        for button in self.query(".queue-choice").results(Button):
            button.disabled = True
        self._issue(event.button.queue_id, self.priority)

    @on(Button.Pressed, ".priority-choice")
    def _priority(self, event: Button.Pressed) -> None:
        key = (event.button.id or "").removeprefix("prio-")
        self.priority = None if self.priority == key else key  # a second tap clears it
        for button in self.query(".priority-choice").results(Button):
            button.set_class(button.id == f"prio-{self.priority}", "-selected")

    @work(thread=True, exclusive=True, group="ticket")
    def _issue(self, queue_id: int, priority: str | None) -> None:
        reason = PRIORITY_GROUPS.get(priority or "", "")
        try:
            self.post_message(self.TicketIssued(services.issue_ticket(self.ctx, queue_id, priority, reason)))
        except services.ServiceError as exc:
            self.post_message(self.TicketFailed(exc))

    def on_ticket_only_screen_ticket_issued(self, message: TicketIssued) -> None:
        self.ticket = message.ticket
        self._issuing = False
        self.app.kick_printing()  # type: ignore[attr-defined]
        self._spooler = getattr(self.app, "print_spooler", None)
        if self._spooler is not None:
            self._spooler.subscribe(self)  # type: ignore[attr-defined]
            if self._spooler.fault:  # type: ignore[attr-defined]
                self.print_note = PRINTER_FAULT  # known already: say so now, not after the retries
        self.refresh(recompose=True)
        self.set_timer(DONE_RETURN_S, self._finish, name="ticket-return")

    def on_unmount(self) -> None:
        if self._spooler is not None:
            self._spooler.unsubscribe(self)  # type: ignore[attr-defined]

    def _set_print_note(self, note: str) -> None:
        self.print_note = note
        if self.query("#ticket-print-note"):
            self.query_one("#ticket-print-note", Static).update(_(note))

    def on_job_printed(self, message: Message) -> None:
        """The print worker finished a job; ours → say so: printed only when the printer confirmed it."""
        if self.ticket is not None and getattr(message, "job_id", None) == self.ticket.job_id:
            self._set_print_note(PRINTED if getattr(message, "confirmed", True) else SENT)

    def on_print_failed(self, message: Message) -> None:
        """The printer cannot print now (staff were alerted by the worker); the number stays on screen.

        The worker retries the oldest waiting job, which may be someone else's: a fault on any job means
        ours is not printing either.
        """
        if self.ticket is not None and self.print_note not in (PRINTED, SENT):
            self._set_print_note(PRINTER_FAULT)

    def on_ticket_only_screen_ticket_failed(self, message: TicketFailed) -> None:
        self._issuing = False
        for button in self.query(".queue-choice").results(Button):
            button.disabled = False
        self.show_error(message.error)

    @on(Button.Pressed, "#ticket-finish")
    def _finish(self) -> None:
        if self.is_current:
            self.app.action_home()  # type: ignore[attr-defined]
