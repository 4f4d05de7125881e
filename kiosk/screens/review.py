"""Step 9: everything the citizen entered, on one page; submit writes it all in one transaction."""

from __future__ import annotations

import logging

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.containers import Horizontal
from textual.widgets import Button, Static

from core.errors import KioskError
from kiosk import services
from kiosk.messages import _
from kiosk.screens.documents import document_status
from kiosk.screens.flow import FlowScreen, ctx_of, procedure_of, session_of
from kiosk.screens.phone import format_phone
from kiosk.submission import IN_DOUBT, SubmissionInDoubt, SubmissionSummary, submit
from kiosk.widgets import format as fmt

log = logging.getLogger(__name__)


#: Steps the citizen can go back to from the review, with the button label.
EDITS = (
    ("id_card", "Sửa thông tin thẻ"),
    ("phone", "Sửa số điện thoại"),
    ("documents", "Sửa giấy tờ"),
    ("return_method", "Sửa cách nhận kết quả"),
)


class DossierSubmitted(Message):
    """The dossier, its ticket, status event and print jobs were written.

    Args:
        summary: What the Done screen shows.
    """

    def __init__(self, summary: SubmissionSummary) -> None:
        super().__init__()
        self.summary = summary


class AppointmentWorkedOut(Message):
    """The appointment the dossier would get if submitted now (None: no fixed time or not known).

    Args:
        appointment_at: Local date and time the result is due, or None.
    """

    def __init__(self, appointment_at) -> None:  # noqa: ANN001 - datetime | None
        super().__init__()
        self.appointment_at = appointment_at


class SubmissionFailed(Message):
    """Nothing was written; the reason is shown to the citizen.

    Args:
        code: Stable error code (``DOS-0xx``, ``DB-001``, ``KIO-030``, ``KIO-031``).
        reason: Translated, human-readable reason.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__()
        self.code = code
        self.reason = reason


def summary_text(app) -> Text:  # noqa: ANN001 - the kiosk app
    """The review as literal text: scanned values can never act as markup."""
    session = session_of(app)
    facts = procedure_of(app)
    card = session.id_card
    text = Text()

    def row(label: str, value: str) -> None:
        text.append(f"{label}: ", style="bold")
        text.append(value)
        text.append("\n")

    row(_("Thủ tục"), facts.name)
    row(_("Người nộp"), card.name if card else "")
    row(_("Số định danh"), card.masked_id if card else "")
    row(_("Số điện thoại"), format_phone(session.phone) if session.phone else _("Không có số di động"))
    if session.return_method == "post":
        row(_("Nhận kết quả"), _("Tại nhà qua bưu điện, giao đến {address}", address=session.delivery_address))
    else:
        row(_("Nhận kết quả"), _("Tại quầy"))
    row(_("Lệ phí"), facts.fee_text or "—")
    text.append(_("Giấy tờ") + ":\n", style="bold")
    for index, doc in enumerate(session.documents, start=1):
        text.append(f"  {index}. ")
        text.append(doc.name)
        text.append(f" — {document_status(doc)}\n")
    if session.agent_name:
        row(_("Nhân viên hỗ trợ"), session.agent_name)
    text.rstrip()
    return text


class ReviewScreen(FlowScreen):
    """Shows the whole dossier; "Gửi hồ sơ" submits it in a worker."""

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Quý khách vui lòng kiểm tra lại hồ sơ, rồi chạm Gửi hồ sơ.")

    STEP = "review"
    TITLE_VI = "Kiểm tra và gửi hồ sơ"

    def compose_step(self) -> ComposeResult:
        """Summary, submit button, progress/error line."""
        yield Static(_("Vui lòng kiểm tra lại. Cần sửa mục nào, chạm nút “Sửa” của mục đó."), classes="sf-instruction")
        yield Static(summary_text(self.app), id="review-summary", classes="sf-summary")
        yield Static("", id="review-appointment", classes="sf-instruction", markup=False)
        with Horizontal(id="review-edits", classes="sf-actions"):
            for step, label in EDITS:
                if step != "return_method" or procedure_of(self.app).postal_allowed:
                    yield Button(_(label), id=f"review-edit-{step.replace('_', '-')}", classes="sf-secondary")
        yield Static("", id="review-status", classes="sf-status", markup=False)

    def on_mount(self) -> None:
        """Show the step's state and work out the appointment afresh (a cut-off may have passed meanwhile)."""
        self._work_out_appointment(procedure_of(self.app).code)

    @work(thread=True, exclusive=True, group="review-appointment")
    def _work_out_appointment(self, code: str) -> None:
        try:
            detail = services.procedure_detail(ctx_of(self.app), code)
        except Exception:  # noqa: BLE001 - the date is a courtesy here; the receipt carries the real one
            return
        self.post_message(AppointmentWorkedOut(detail.appointment_at))

    def on_appointment_worked_out(self, message: AppointmentWorkedOut) -> None:
        """Say when the result is due if the citizen submits now."""
        if message.appointment_at is not None:
            self.say("#review-appointment", "Nếu gửi bây giờ, hẹn trả kết quả: {when}",
                     when=fmt.date_time(message.appointment_at))

    def compose_actions(self) -> ComposeResult:
        """Submit."""
        yield Button(_("Gửi hồ sơ"), id="review-submit", classes="sf-primary sf-big")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Submit."""
        if event.button.id == "review-submit":
            event.stop()
            self.action_submit()
        elif event.button.id and event.button.id.startswith("review-edit-"):
            event.stop()
            self.action_edit(event.button.id.removeprefix("review-edit-").replace("-", "_"))

    def action_edit(self, step: str) -> None:
        """Go back to ``step`` (what was entered stays; the citizen walks forward again)."""
        stack = self.app.screen_stack
        if not any(getattr(screen, "STEP", None) == step for screen in stack):
            return
        while getattr(self.app.screen, "STEP", None) != step:
            self.app.pop_screen()

    def action_submit(self) -> None:
        """Write the dossier in a worker (the button is disabled so a double tap submits once)."""
        button = self.query_one("#review-submit", Button)
        if button.disabled:
            return
        button.disabled = True
        for nav in self.query("NavBar Button").results(Button):
            nav.disabled = True
        self.say("#review-status", "Đang gửi hồ sơ…")
        self._submit()

    @work(thread=True, exclusive=True, group="submit")
    def _submit(self) -> None:
        try:
            summary = submit(ctx_of(self.app), session_of(self.app))
        except KioskError as exc:
            self.post_message(SubmissionFailed(exc.code, exc.message))
            return
        except Exception as exc:  # noqa: BLE001 - shown as "nothing saved, call staff"
            log.error("GEN-500 submission failed: %s", type(exc).__name__)
            self.post_message(SubmissionFailed("GEN-500", _("máy gặp lỗi không mong đợi")))
            return
        self.post_message(DossierSubmitted(summary))

    def on_submission_failed(self, message: SubmissionFailed) -> None:
        """Say what is known (nothing saved, or not known yet) and why; allow another try.

        The code goes to the log, not to the citizen's screen.
        """
        log.warning("%s submission not completed", message.code)
        if message.code == SubmissionInDoubt.code:
            self.say("#review-status", IN_DOUBT)
        else:
            # Reasons are whole sentences ("… Hãy báo nhân viên kỹ thuật."): keep them one, without a doubled stop.
            reason = message.reason.strip()
            if not reason.endswith((".", "!", "?", "…")):
                reason += "."
            self.say("#review-status", "Chưa gửi được hồ sơ, chưa có gì được lưu. {reason} "
                     "Vui lòng thử lại hoặc gọi nhân viên.", reason=reason)
        self.query_one("#review-submit", Button).disabled = False
        for nav in self.query("NavBar Button").results(Button):
            nav.disabled = False

    def on_dossier_submitted(self, message: DossierSubmitted) -> None:
        """Start printing and show the Done screen."""
        from kiosk.printing import kick_printing
        from kiosk.screens.done import DoneScreen

        session = session_of(self.app)
        for doc in session.documents:
            doc.pages = []  # the pages now belong to the dossier; a wipe must not delete them
        kick_printing(self.app, ctx_of(self.app))
        self.app.push_screen(DoneScreen(message.summary))
