"""Look up a dossier: scan the receipt QR (handheld scanner or camera), type reference + secret, or scan the CCCD."""

from __future__ import annotations

import importlib
import logging

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from kiosk import services
from kiosk.messages import _
from kiosk.screens import KioskScreen
from kiosk.widgets import format as fmt
from kiosk.widgets.keyboard import OnScreenKeyboard

log = logging.getLogger(__name__)

DEADLINE_TEXT = {
    "overdue": "Đã quá hạn hẹn trả",
    "due_soon": "Sắp đến hạn hẹn trả",
    "on_time": "Đúng hạn",
}


def timeline_text(result: object) -> Text:
    """The public status timeline: time and status, with reasons only where the citizen must act."""
    out = Text()
    for entry in getattr(result, "timeline", ()):
        if out:
            out.append("\n")
        out.append(fmt.short_date_time(entry.at) + "  ", style="bold")
        out.append(entry.label)
        if entry.note:
            out.append("\n    " + entry.note, style="italic")
        for doc in entry.missing_documents:
            out.append("\n    • " + doc)
    return out


def summary_text(result: object) -> Text:
    """Reference, procedure, current status, dates and return method (no personal data)."""
    r = result
    out = Text()
    out.append(_("Mã hồ sơ") + ": ", style="bold")
    out.append(r.reference)  # type: ignore[attr-defined]
    out.append("\n" + _("Thủ tục") + ": ", style="bold")
    out.append(r.procedure_name)  # type: ignore[attr-defined]
    out.append("\n" + _("Tình trạng") + ": ", style="bold")
    out.append(r.status_label, style="bold reverse")  # type: ignore[attr-defined]
    out.append("\n" + _("Ngày nhận") + ": ", style="bold")
    out.append(fmt.date_time(r.received_at))  # type: ignore[attr-defined]
    if r.appointment_at is not None:  # type: ignore[attr-defined]
        out.append("\n" + _("Hẹn trả kết quả") + ": ", style="bold")
        out.append(fmt.date_time(r.appointment_at))  # type: ignore[attr-defined]
    flag = DEADLINE_TEXT.get(getattr(r, "deadline", ""), "")
    if flag:
        out.append(f" ({_(flag)})")
    out.append("\n" + _("Nhận kết quả") + ": ", style="bold")
    out.append(_("Qua bưu chính tại nhà") if r.return_method == "post" else _("Tại quầy"))  # type: ignore[attr-defined]
    return out


class LookupScreen(KioskScreen):
    """Receipt scan or typed reference + secret → status and timeline.

    Args:
        scanned: A receipt QR text scanned before the screen opened (looked up at once).
    """

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ.")

    class LookupFinished(Message):
        """The look-up ran; ``result`` is None when reference and secret do not match."""

        def __init__(self, result: object | None) -> None:
            super().__init__()
            self.result = result

    class LookupFailed(Message):
        """The database could not be asked."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, scanned: str = "") -> None:
        super().__init__()
        self.reference = ""
        self.secret = ""
        self.result: object | None = None
        self.not_found = False
        self._scanned = scanned

    def compose_body(self) -> ComposeResult:
        yield Static(_("Tra cứu hồ sơ"), classes="screen-title")
        if self.result is not None:
            with VerticalScroll(id="lookup-result"):
                yield Static(summary_text(self.result), id="lookup-summary")
                yield Static(Text(_("Quá trình xử lý"), style="bold underline"), classes="section-title")
                yield Static(timeline_text(self.result), id="lookup-timeline")
            with Horizontal(id="lookup-actions"):
                yield Button(_("Tra cứu hồ sơ khác"), id="lookup-again")
                yield Button(_("Đánh giá dịch vụ"), id="lookup-rate")
            return
        yield Static(_("Đưa mã QR trên giấy biên nhận vào máy quét, hoặc nhập mã hồ sơ (chỉ cần phần cuối, "
                       "ví dụ 261120-0001) và mã tra cứu. Không có giấy biên nhận: quét thẻ căn cước để xem các "
                       "hồ sơ của Quý khách."), id="lookup-hint")
        with Horizontal(id="lookup-form"):
            with Vertical(classes="lookup-field"):
                yield Static(_("Mã hồ sơ"))
                yield Input(self.reference, placeholder="000.00.16.H26-261120-0001", id="lookup-reference",
                            max_length=60)
            with Vertical(classes="lookup-field lookup-secret-field"):
                yield Static(_("Mã tra cứu"))
                yield Input(self.secret, placeholder="ABCD", id="lookup-secret", max_length=8)
            yield Button(_("Tra cứu"), id="lookup-submit", variant="primary")
            if self.ctx.camera_source:
                yield Button(_("Quét bằng camera"), id="lookup-camera")
        yield Static(_("Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã hồ sơ và mã tra cứu.") if self.not_found
                     else "", id="lookup-message")
        yield OnScreenKeyboard("lookup-reference", telex=False, digits=True, id="keyboard")

    def on_mount(self) -> None:
        if self.query("#lookup-reference"):
            self.query_one("#lookup-reference", Input).focus()  # a hardware keyboard types here at once
        if self._scanned:
            self.on_scan(self._scanned)
            self._scanned = ""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input) and self.query("#keyboard"):
            self.query_one("#keyboard", OnScreenKeyboard).target = event.widget.id or "lookup-reference"

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id == "lookup-reference":
            self.reference = event.value
        elif event.input.id == "lookup-secret":
            self.secret = event.value

    @on(Input.Submitted, "#lookup-reference")
    def _next_field(self) -> None:
        self.query_one("#lookup-secret", Input).focus()

    @on(Input.Submitted, "#lookup-secret")
    @on(Button.Pressed, "#lookup-submit")
    def _submit(self) -> None:
        if self.reference.strip() and self.secret.strip():
            self._lookup(self.reference, self.secret)
            return
        missing = "#lookup-reference" if not self.reference.strip() else "#lookup-secret"
        self.query_one("#lookup-message", Static).update(_(
            "Vui lòng nhập mã hồ sơ (cả mã, hoặc phần cuối như 261120-0001) và mã tra cứu 4 ký tự "
            "in trên giấy tiếp nhận."))
        self.query_one(missing, Input).focus()

    def on_scan(self, text: str) -> bool:
        """A receipt QR is looked up at once; an ID card (CCCD) opens the look-up by card + phone digits.

        Any scan is taken (not typed into the focused field): an ID card or a queue ticket scanned here
        must not fill the code field with someone's data. A receipt QR is ``HS|<reference>|<secret>`` or the
        site's public look-up URL (``SiteInfo.public_lookup_url``); a URL of another host is an unknown code.
        """
        parsed = services.parse_receipt_qr(text, getattr(self.app.site, "public_lookup_url", "") or "")
        if parsed is not None:
            self.reference, self.secret = parsed
            self._lookup(*parsed)
            return True
        self._scanned_card(text)
        return True

    def _scanned_card(self, text: str) -> None:
        """An ID card opens :class:`~kiosk.screens.lookup_person.LookupByIdScreen`; other codes get a plain answer."""
        from devices.idcard import IdCardError, parse_id_payload
        from kiosk.screens.lookup_person import LookupByIdScreen

        today = self.ctx.clock().astimezone(fmt.VN_TZ).date()
        try:
            card = parse_id_payload(text, today=today)
        except IdCardError as exc:
            log.info("scan on the look-up screen is not a usable receipt or ID card: %s", exc.code)
            self._say(_("Mã vừa quét không phải giấy biên nhận hồ sơ hay thẻ căn cước. Vui lòng quét mã QR trên giấy "
                        "tiếp nhận hoặc trên thẻ căn cước.") if exc.code == "IDC-001"
                      else _("Không đọc được thẻ căn cước. Vui lòng quét lại thẻ, hoặc nhập mã trên giấy biên nhận."))
            return
        self._say("")
        self.app.push_screen(LookupByIdScreen(card.id, card.issued))

    def _say(self, text: str) -> None:
        """A message under the form, or a notice while a result is shown (the form is not there then)."""
        if self.query("#lookup-message"):
            self.query_one("#lookup-message", Static).update(text)
        elif text:
            self.app.notify(text, timeout=8, markup=False)

    @work(thread=True, exclusive=True, group="lookup")
    def _lookup(self, reference: str, secret: str) -> None:
        try:
            self.post_message(self.LookupFinished(services.lookup(self.ctx, reference, secret)))
        except services.ServiceError as exc:
            self.post_message(self.LookupFailed(exc))

    def on_lookup_screen_lookup_finished(self, message: LookupFinished) -> None:
        self.result = message.result
        self.not_found = message.result is None
        self.show_error(None)
        self.refresh(recompose=True)

    def on_lookup_screen_lookup_failed(self, message: LookupFailed) -> None:
        self.show_error(message.error)

    @on(Button.Pressed, "#lookup-again")
    def _again(self) -> None:
        self.result, self.reference, self.secret, self.not_found = None, "", "", False
        self.refresh(recompose=True)

    @on(Button.Pressed, "#lookup-rate")
    def _rate(self) -> None:
        from kiosk.screens.rating import RatingScreen

        reference = getattr(self.result, "reference", None)
        self.app.push_screen(RatingScreen(dossier_reference=reference))

    # --- camera (kiosk.camera, the submission team's worker helpers) -------------------------------

    @on(Button.Pressed, "#lookup-camera")
    def _camera(self) -> None:
        self.query_one("#lookup-message", Static).update(_("Đưa mã QR trên giấy biên nhận vào trước camera…"))
        self._scan_camera()

    @work(thread=True, exclusive=True, group="lookup-camera")
    def _scan_camera(self) -> None:
        camera = importlib.import_module("kiosk.camera")
        worker = get_current_worker()
        try:
            source = camera.open_camera(self.ctx.camera_source)
        except camera.CameraMissing:
            self.post_message(camera.CameraFailed("missing"))
            return
        try:
            camera.scan_codes(source, post=self.post_message, is_cancelled=lambda: worker.is_cancelled)
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    def on_code_scanned(self, message: Message) -> None:
        self.on_scan(getattr(message, "text", ""))

    def on_camera_failed(self, _message: Message) -> None:
        self._say(_("Không dùng được camera. Vui lòng dùng máy quét cầm tay hoặc nhập mã."))
