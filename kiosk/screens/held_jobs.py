"""Staff at the kiosk: tickets and receipts that did not print, or may have — print again, mark printed or cancel.

A slip the print worker may have sent before it stopped (``maybe_printed``) is listed first with "Có thể đã
in — kiểm tra khay giấy": staff look in the paper tray, then print it again (tray empty), mark it printed
(found it) or cancel it. Every decision is audited with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from core import dates
from kiosk import services
from kiosk.messages import _

if TYPE_CHECKING:
    from db.services.outbox import HeldJob

#: Why a held slip is cancelled (Vietnamese source text; stored as the job's reason and audited).
CANCEL_REASONS = {
    "left": "Công dân đã rời đi",
    "handled": "Đã xử lý tại quầy",
}
KIND_LABELS = {"ticket": "Số thứ tự", "receipt": "Giấy tiếp nhận"}
#: The label of a slip that may be in the paper tray already.
MAYBE_LABEL = "Có thể đã in — kiểm tra khay giấy"
#: Audited reasons of the two tray-checked decisions on a maybe-printed slip.
TRAY_EMPTY = "Đã kiểm tra khay giấy: phiếu chưa in"
TRAY_FOUND = "Đã kiểm tra khay giấy: phiếu đã in"


@dataclass
class HeldJobsLoaded(Message):
    """The held jobs were read (``jobs``), or reading failed (``error``)."""

    jobs: list
    error: str = ""


@dataclass
class HeldJobDecided(Message):
    """A held job was printed again or cancelled (``done`` False: someone else already did)."""

    job_id: int
    action: str
    done: bool
    error: str = ""


class HeldJobsScreen(ModalScreen[None]):
    """Agent mode only: each held slip with "In lại" and the cancel reasons."""

    BINDINGS = [("escape", "close", "")]
    DEFAULT_CSS = """
    HeldJobsScreen .held-maybe-label { width: 100%; height: auto; color: $warning; }
    HeldJobsScreen .held-buttons { width: 100%; height: auto; layout: grid; grid-size: 2; grid-rows: 3; }
    HeldJobsScreen .held-buttons > Button { width: 100%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[HeldJob] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="held-dialog"):
            yield Static(_("Phiếu chưa in"), classes="screen-title")
            yield Static(_("Đang tải…"), id="held-status")
            yield VerticalScroll(id="held-list")
            yield Button(_("Đóng"), id="held-close")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="held-jobs")
    def _load(self) -> None:
        try:
            self.post_message(HeldJobsLoaded(services.held_jobs(self.app.ctx)))  # type: ignore[attr-defined]
        except services.ServiceError as exc:
            self.post_message(HeldJobsLoaded([], exc.code))

    async def on_held_jobs_loaded(self, message: HeldJobsLoaded) -> None:
        self.jobs = message.jobs
        status = self.query_one("#held-status", Static)
        maybe = sum(job.maybe_printed for job in self.jobs)
        if message.error:
            status.update(_("Không đọc được danh sách ({code}). Vui lòng thử lại.", code=message.error))
        elif not self.jobs:
            status.update(_("Không có phiếu nào chờ in."))
        elif maybe:
            status.update(_("{n} phiếu chưa in, trong đó {maybe} phiếu có thể đã in: kiểm tra khay giấy trước khi "
                            "in lại.", n=len(self.jobs), maybe=maybe))
        else:
            status.update(_("{n} phiếu chưa in. In lại khi công dân đứng cạnh máy in.", n=len(self.jobs)))
        rows = self.query_one("#held-list", VerticalScroll)
        await rows.remove_children()
        for job in self.jobs:
            await rows.mount(self._row(job))

    @staticmethod
    def _row(job: HeldJob) -> Horizontal | Vertical:
        """One slip: what it is, then its actions (a maybe-printed one also "Đã in rồi")."""
        job_id, maybe = job.id, job.maybe_printed
        label = Text(f"{_(KIND_LABELS.get(job.kind, job.kind))} {job.label} · {dates.date_time(job.created_at)}")
        if maybe:
            label.append(f"\n{_(MAYBE_LABEL)}", style="bold")
        buttons = [Button(_("In lại"), id=f"held-{job_id}-reprint", classes="held-action", variant="primary")]
        if maybe:
            buttons.append(Button(_("Đã in rồi"), id=f"held-{job_id}-printed", classes="held-action",
                                  variant="success"))
        buttons += [Button(_("Hủy: {reason}", reason=_(text)), id=f"held-{job_id}-cancel-{key}",
                           classes="held-action") for key, text in CANCEL_REASONS.items()]
        if maybe:  # the label on its own two lines, the four actions below it in two rows (80 columns too)
            return Vertical(Static(label, classes="held-maybe-label"), Horizontal(*buttons, classes="held-buttons"),
                            id=f"held-{job_id}", classes="held-row -maybe")
        return Horizontal(Static(label, classes="held-label"), *buttons, id=f"held-{job_id}", classes="held-row")

    @on(Button.Pressed, ".held-action")
    def _decide(self, event: Button.Pressed) -> None:
        event.stop()
        parts = (event.button.id or "").split("-")  # held-<id>-reprint / -printed / held-<id>-cancel-<reason>
        job_id, action = int(parts[1]), parts[2]
        maybe = any(job.id == job_id and job.maybe_printed for job in self.jobs)
        if action == "cancel":
            reason = CANCEL_REASONS.get(parts[3], "")
        elif action == "printed":
            reason = TRAY_FOUND
        else:
            reason = TRAY_EMPTY if maybe else ""
        for button in self.query(f"#held-{job_id} Button").results(Button):
            button.disabled = True  # one decision per slip, even with a double tap
        self._apply(job_id, action, reason)

    @work(thread=True, group="held-decide")
    def _apply(self, job_id: int, action: str, reason: str) -> None:
        ctx, agent = self.app.ctx, self.app.agent  # type: ignore[attr-defined]
        try:
            if action == "reprint":
                done = services.reprint_held(ctx, job_id, agent, reason)
            elif action == "printed":
                done = services.confirm_printed(ctx, job_id, reason, agent)
            else:
                done = services.cancel_held(ctx, job_id, reason, agent)
        except services.ServiceError as exc:
            self.post_message(HeldJobDecided(job_id, action, False, exc.code))
            return
        self.post_message(HeldJobDecided(job_id, action, done))

    def on_held_job_decided(self, message: HeldJobDecided) -> None:
        if message.action == "reprint" and message.done:
            self.app.kick_printing()  # type: ignore[attr-defined]
        if message.error:
            self.app.notify(_("Không lưu được ({code}). Vui lòng thử lại.", code=message.error), severity="error")
        self._load()

    @on(Button.Pressed, "#held-close")
    def action_close(self) -> None:
        """Back to the agent panel."""
        self.dismiss(None)
