"""Step 4: the personal-data notice and an explicit, recorded agreement (or refusal)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Static

from kiosk.messages import _
from kiosk.screens.flow import FlowScreen, ctx_of, go_home, procedure_of, session_of

#: Purpose the consent is recorded for (one consent per purpose).
PURPOSE = "dossier_submission"
#: Version of the notice text below; change it whenever the wording changes.
TEXT_VERSION = "vi-2026-01.1"
#: Seconds the polite goodbye stays before Welcome returns.
DECLINE_RETURN_S = 12.0

#: The notice, section by section (Luật 91/2025/QH15, NĐ 356/2025/NĐ-CP).
NOTICE: tuple[tuple[str, str], ...] = (
    (
        "Mục đích",
        "Tiếp nhận hồ sơ thủ tục hành chính của Quý khách, chuyển đến cơ quan có thẩm quyền giải quyết, "
        "báo cho Quý khách tình trạng hồ sơ và gửi kết quả qua bưu điện nếu Quý khách chọn.",
    ),
    (
        "Dữ liệu được thu thập",
        "Họ tên, số định danh cá nhân, ngày sinh, giới tính, nơi thường trú (đọc từ mã QR trên thẻ căn "
        "cước), số điện thoại, địa chỉ nhận kết quả và ảnh chụp các giấy tờ trong hồ sơ.",
    ),
    (
        "Ai xử lý dữ liệu",
        "Điểm tiếp nhận (bưu điện) xử lý dữ liệu thay mặt cơ quan giải quyết thủ tục. Dữ liệu chỉ được "
        "chuyển cho cơ quan đó và cho bưu tá khi trả kết quả tại nhà.",
    ),
    (
        "Thời gian lưu",
        "Ảnh chụp giấy tờ bị xóa sau khi hồ sơ được bàn giao và xác nhận. Thông tin hồ sơ được lưu "
        "theo thời hạn lưu trữ hồ sơ thủ tục hành chính.",
    ),
    (
        "Quyền của Quý khách",
        "Quý khách có quyền không đồng ý; khi đó Quý khách vẫn có thể nộp hồ sơ trực tiếp tại quầy. Quý khách có quyền "
        "xem, sửa, rút lại sự đồng ý và yêu cầu xóa dữ liệu theo Luật Bảo vệ dữ liệu cá nhân.",
    ),
)


class ConsentRecorded(Message):
    """The citizen's answer was stored.

    Args:
        consent_id: Id of the Consent row.
        accepted: True when the citizen agreed.
    """

    def __init__(self, consent_id: int, accepted: bool) -> None:
        super().__init__()
        self.consent_id = consent_id
        self.accepted = accepted


class ConsentFailed(Message):
    """The answer could not be stored (database unreachable)."""


class ConsentScreen(FlowScreen):
    """Shows the purpose notice; nothing is pre-selected; the answer is recorded with its version."""

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Quý khách vui lòng đọc thông báo, rồi chạm Tôi đồng ý để tiếp tục.")

    STEP = "consent"
    TITLE_VI = "Đồng ý xử lý dữ liệu cá nhân"

    def __init__(self) -> None:
        super().__init__()
        self.declined = False
        self.busy = False

    def compose_step(self) -> ComposeResult:
        """The notice and the two answers (or the goodbye after a refusal)."""
        if self.declined:
            yield from self._compose_goodbye()
            return
        with Vertical(id="consent-notice", classes="sf-notice"):
            yield Static(_("Thông báo xử lý dữ liệu cá nhân"), id="consent-heading", classes="sf-heading")
            for index, (title, body) in enumerate(NOTICE, start=1):
                yield Static(_(title), id=f"consent-title-{index}", classes="notice-title")
                yield Static(_(body), id=f"consent-text-{index}", classes="notice-text")
            yield Static(
                _("Chạm “Tôi đồng ý” để tiếp tục. Nếu không đồng ý, không có thông tin nào của Quý khách được lưu."),
                id="consent-ask",
                classes="notice-ask",
            )
        yield Static("", id="consent-status", classes="sf-status", markup=False)

    def compose_actions(self) -> ComposeResult:
        """Agree / decline, always in view; nothing is pre-selected."""
        if self.declined:
            # Declining is not a dead end: the counter takes the dossier on paper, with a queue number.
            yield Button(_("Lấy số thứ tự"), id="consent-ticket", classes="sf-primary sf-big")
            yield Button(_("Về màn hình chính"), id="consent-home", classes="sf-secondary sf-big")
            return
        yield Button(_("Tôi đồng ý"), id="consent-agree", classes="sf-primary sf-big consent-answer", disabled=self.busy)
        yield Button(_("Tôi không đồng ý"), id="consent-decline", classes="sf-secondary sf-big consent-answer",
                     disabled=self.busy)

    def _compose_goodbye(self) -> ComposeResult:
        yield Static(_("Cảm ơn Quý khách."), id="consent-bye-title", classes="sf-heading")
        yield Static(
            _(
                "Quý khách đã không đồng ý, nên kiosk không lưu thông tin nào của Quý khách. "
                "Quý khách vẫn có thể nộp hồ sơ trực tiếp tại quầy: hãy lấy số thứ tự và chờ gọi."
            ),
            id="consent-bye-text",
            classes="notice-text",
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Record the answer in a worker, or leave after a refusal."""
        if event.button.id in ("consent-agree", "consent-decline"):
            event.stop()
            self.action_answer(event.button.id == "consent-agree")
        elif event.button.id == "consent-home":
            event.stop()
            go_home(self.app)
        elif event.button.id == "consent-ticket":
            event.stop()
            self._take_ticket()

    def _take_ticket(self) -> None:
        """End this session (nothing was kept) and open the queue-number screen for the same field."""
        from kiosk.screens.ticket_only import TicketOnlyScreen

        field = getattr(procedure_of(self.app), "field", None) or None
        go_home(self.app)
        self.app.push_screen(TicketOnlyScreen(field=field))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in self.query(".consent-answer").results(Button):
            button.disabled = busy

    def action_answer(self, accepted: bool) -> None:
        """Store the citizen's answer (agree or decline)."""
        if self.busy:
            return
        self._set_busy(True)
        self.say("#consent-status", "Đang lưu…")
        self._record(accepted)

    @work(thread=True, exclusive=True, group="consent")
    def _record(self, accepted: bool) -> None:
        from db.services.feedback import record_consent

        ctx = ctx_of(self.app)
        try:
            consent_id = record_consent(
                ctx.database,
                site_id=ctx.site_id,
                kiosk_id=ctx.kiosk_id,
                purpose=PURPOSE,
                text_version=TEXT_VERSION,
                accepted=accepted,
                now=ctx.clock(),
            )
        except Exception:  # noqa: BLE001 - shown to the citizen as "try again / call staff"
            self.post_message(ConsentFailed())
            return
        self.post_message(ConsentRecorded(int(consent_id), accepted))

    def on_consent_recorded(self, message: ConsentRecorded) -> None:
        """Agree: go to the ID card. Decline: say goodbye politely and return to Welcome."""
        self._set_busy(False)
        self.say("#consent-status", "")
        if message.accepted:
            session_of(self.app).consent_id = message.consent_id
            self.advance()
            return
        self.declined = True
        self._said.clear()
        self.call_later(self._relabel_now)
        self.set_timer(DECLINE_RETURN_S, self._leave_after_refusal)

    def _leave_after_refusal(self) -> None:
        if self.is_current:
            go_home(self.app)

    def on_consent_failed(self, _message: ConsentFailed) -> None:
        """Say that the answer was not saved; allow another try."""
        self._set_busy(False)
        self.say("#consent-status", "Không lưu được câu trả lời. Vui lòng thử lại hoặc gọi nhân viên.")
