"""Step 10: the reference, lookup secret, appointment and ticket; printing progress; back to Welcome."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from core import dates
from kiosk import services
from kiosk.messages import _
from kiosk.screens import KioskScreen
from kiosk.printing import JobPrinted, PrintFailed, ensure_spooler
from kiosk.screens.flow import ctx_of, go_home, procedure_of, session_of
from kiosk.submission import SubmissionSummary

#: Seconds the Done screen stays after everything printed, before Welcome returns by itself.
RETURN_AFTER_S = 45.0

FAULTS = {
    "paper_out": "Máy in hết giấy.",
    "cover_open": "Nắp máy in đang mở.",
    "offline": "Máy in không phản hồi.",
    "timeout": "Máy in không phản hồi.",
    "error": "Máy in gặp lỗi.",
}


def format_appointment(summary: SubmissionSummary) -> str:
    """``16:30, Thứ Tư 25/11/2026`` (as everywhere), or a note when the procedure has no fixed time."""
    if summary.appointment_at is None:
        return _("Cán bộ sẽ báo ngày hẹn qua tin nhắn")
    return dates.date_time(summary.appointment_at)


class DoneScreen(KioskScreen):
    """The result of the submission; stays while the receipt has not printed.

    Args:
        summary: What was submitted.
    """

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Đã ghi nhận hồ sơ. Xin mời Quý khách nhận phiếu và chờ gọi số tại quầy.")

    return_after_s = RETURN_AFTER_S
    show_nav = False

    def __init__(self, summary: SubmissionSummary) -> None:
        super().__init__(id="done-screen")
        self.summary = summary
        self._printed: set[int] = set()
        self._unconfirmed: set[int] = set()  # taken by a printer that confirmed nothing
        self._fault: str | None = None
        self._timer = None

    def compose_body(self) -> ComposeResult:
        """Codes in large type, ticket, what next, print status."""
        s = self.summary
        with Vertical(id="done-body", classes="flow-body"):
            # Not "received" alone: the originals are still due at the counter, so the title says what is left.
            yield Static(_("Đã ghi nhận hồ sơ — Quý khách vui lòng chờ gọi số để nộp bản gốc tại quầy"),
                         id="done-title", classes="sf-heading done-title")
            yield Static(Text(procedure_of(self.app).name), id="done-procedure", classes="done-procedure")
            with Horizontal(id="done-codes"):
                with Vertical(classes="code-box -reference"):
                    yield Static(_("Mã hồ sơ"), classes="code-label")
                    yield Static(s.reference, id="done-reference", classes="code-value", markup=False)
                with Vertical(classes="code-box"):
                    yield Static(_("Mã tra cứu"), classes="code-label")
                    yield Static(s.lookup_secret, id="done-secret", classes="code-value", markup=False)
                with Vertical(classes="code-box"):
                    yield Static(_("Số thứ tự"), classes="code-label")
                    yield Static(s.ticket_number, id="done-ticket", classes="code-value", markup=False)
            # What the printer did comes before the details: at 80x24 the details scroll, this must not.
            yield Static(_("Đang in số thứ tự và giấy tiếp nhận…"), id="print-status", classes="print-status",
                         markup=False)
            yield Static(self._details(), id="done-details", classes="sf-summary")
            yield Button(_("Xong, về màn hình chính"), id="done-finish", classes="sf-primary sf-big")

    def _details(self) -> Text:
        s = self.summary
        text = Text()
        text.append(_("Hẹn trả kết quả: "), style="bold")
        text.append(format_appointment(s) + "\n")
        text.append(_("Số người đang chờ trước Quý khách: "), style="bold")
        text.append(f"{s.people_ahead}\n")
        text.append(_("Việc tiếp theo: "), style="bold")
        steps = _("Cầm số thứ tự và giấy tiếp nhận, chờ gọi số{group}, rồi nộp bản gốc giấy tờ tại quầy.",
                  group=f" ({s.counter_group})" if s.counter_group else "")
        text.append(steps + "\n")
        if s.return_method == "post":
            text.append(_("Kết quả sẽ được bưu điện giao đến địa chỉ Quý khách đã chọn.") + "\n")
        text.append(_("Tra cứu hồ sơ: quét mã QR trên giấy tiếp nhận tại kiosk, hoặc nhập mã hồ sơ và mã tra cứu."))
        return text

    def on_mount(self) -> None:
        """Follow the print worker; catch up with jobs that printed before this screen appeared."""
        spooler = ensure_spooler(self.app, ctx_of(self.app))
        spooler.subscribe(self)
        if spooler.fault:  # known already: say so now, not after the retries
            self._fault = spooler.fault
            self._update_status()
        self._check_jobs()

    def relabel(self) -> None:
        """The language changed: re-build, then re-show the print status."""
        self.call_later(self._relabel_now)

    async def _relabel_now(self) -> None:
        await self.recompose()
        if self._printed or self._fault:
            self._update_status()

    def on_unmount(self) -> None:
        """Stop following the print worker."""
        spooler = getattr(self.app, "print_spooler", None)
        if spooler is not None:
            spooler.unsubscribe(self)

    @work(thread=True, exclusive=True, group="done-jobs")
    def _check_jobs(self) -> None:
        try:
            rows = services.job_states(ctx_of(self.app), list(self.summary.print_job_ids))
        except Exception:  # noqa: BLE001 - the print worker's own messages still arrive
            return
        for job_id, kind, state, outcome in rows:
            if state == "done":
                self.post_message(JobPrinted(job_id, kind, self.summary.dossier_id, outcome != "sent"))

    def on_job_printed(self, message: JobPrinted) -> None:
        """Progress; when all printed, start the countdown back to Welcome."""
        if message.job_id not in self.summary.print_job_ids:
            return
        self._printed.add(message.job_id)
        if not message.confirmed:
            self._unconfirmed.add(message.job_id)
        self._fault = None
        self._update_status()

    def on_print_failed(self, message: PrintFailed) -> None:
        """Keep the codes on screen; staff are called by the print worker.

        The worker retries the oldest waiting job, which may be someone else's: while any of ours is not
        printed, a fault on any job is ours too.
        """
        if len(self._printed) >= len(self.summary.print_job_ids):
            return
        self._fault = message.outcome
        self._update_status()

    def _update_status(self) -> None:
        status = self.query_one("#print-status", Static)
        total = len(self.summary.print_job_ids)
        done = len(self._printed)
        status.set_class(self._fault is not None, "-fault")
        if self._fault is not None:
            status.update(
                _(FAULTS.get(self._fault, FAULTS["error"]))
                + " "
                + _("Đã báo nhân viên; nhân viên sẽ in phiếu cho Quý khách. Hãy ghi lại mã hồ sơ và mã tra cứu.")
            )
            return
        if done < total:
            status.update(_("Đang in… ({done}/{total})", done=done, total=total))
            return
        if self._unconfirmed:
            # Nothing confirmed the slips came out: no automatic return, the codes stay until "Xong".
            status.update(_("Đã gửi lệnh in. Quý khách vui lòng lấy số thứ tự và giấy tiếp nhận ở khe máy in; "
                            "nếu không thấy, xin gọi nhân viên và ghi lại mã hồ sơ, mã tra cứu."))
            return
        status.update(_("Đã in xong. Vui lòng lấy số thứ tự và giấy tiếp nhận ở khe máy in."))
        if self._timer is None:
            self._timer = self.set_timer(self.return_after_s, self.action_finish)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Finish."""
        if event.button.id == "done-finish":
            event.stop()
            self.action_finish()

    def action_back(self) -> None:
        """There is no way back into a submitted dossier."""

    def action_finish(self) -> None:
        """Wipe the session and return to Welcome."""
        if not self.is_attached:
            return
        session_of(self.app).wipe()
        go_home(self.app)
