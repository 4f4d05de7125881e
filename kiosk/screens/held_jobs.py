"""Staff at the kiosk: tickets and receipts that did not print — print again or cancel, with a reason."""

from __future__ import annotations

from dataclasses import dataclass

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

#: Why a held slip is cancelled (Vietnamese source text; stored as the job's reason and audited).
CANCEL_REASONS = {
    "left": "Công dân đã rời đi",
    "handled": "Đã xử lý tại quầy",
}
KIND_LABELS = {"ticket": "Số thứ tự", "receipt": "Giấy tiếp nhận"}


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

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list = []

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
        if message.error:
            status.update(_("Không đọc được danh sách ({code}). Vui lòng thử lại.", code=message.error))
        else:
            status.update(_("Không có phiếu nào chờ in.") if not self.jobs
                          else _("{n} phiếu chưa in. In lại khi công dân đứng cạnh máy in.", n=len(self.jobs)))
        rows = self.query_one("#held-list", VerticalScroll)
        await rows.remove_children()
        for job in self.jobs:
            label = Text(f"{_(KIND_LABELS.get(job.kind, job.kind))} {job.label} · {dates.date_time(job.created_at)}")
            await rows.mount(Horizontal(
                Static(label, classes="held-label"),
                Button(_("In lại"), id=f"held-{job.id}-reprint", classes="held-action", variant="primary"),
                *[Button(_("Hủy: {reason}", reason=_(text)), id=f"held-{job.id}-cancel-{key}", classes="held-action")
                  for key, text in CANCEL_REASONS.items()],
                id=f"held-{job.id}", classes="held-row",
            ))

    @on(Button.Pressed, ".held-action")
    def _decide(self, event: Button.Pressed) -> None:
        event.stop()
        parts = (event.button.id or "").split("-")  # held-<id>-reprint / held-<id>-cancel-<reason>
        job_id, action = int(parts[1]), parts[2]
        reason = CANCEL_REASONS.get(parts[3], "") if action == "cancel" else ""
        for button in self.query(f"#held-{job_id} Button").results(Button):
            button.disabled = True  # one decision per slip, even with a double tap
        self._apply(job_id, action, reason)

    @work(thread=True, group="held-decide")
    def _apply(self, job_id: int, action: str, reason: str) -> None:
        ctx, agent = self.app.ctx, self.app.agent  # type: ignore[attr-defined]
        try:
            if action == "reprint":
                done = services.reprint_held(ctx, job_id, agent)
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
