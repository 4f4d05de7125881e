"""Step 5: read the CCCD QR (camera or handheld scanner), show it masked, let the citizen confirm."""

from __future__ import annotations

import logging

from datetime import timedelta, timezone
from typing import Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from kiosk.camera import CameraFailed, CameraMissing, CodeScanned, ScanStatusChanged, open_camera, scan_codes
from kiosk.messages import _
from kiosk.screens.flow import FlowScreen, agent_mode, ctx_of, session_of, show_only
from kiosk.widgets.keyboard import OnScreenKeyboard

_VN = timezone(timedelta(hours=7))
log = logging.getLogger(__name__)
STATUS_TEXT = {
    "searching": "Đang tìm mã QR…",
    "holding": "Đã thấy mã QR. Giữ yên thẻ…",
    "found": "Đã đọc được thẻ.",
}


def shown_warnings(card: Any) -> list[str]:
    """Warning codes of a parsed card worth a citizen's look (extra trailing fields are harmless)."""
    return [w for w in getattr(card, "warnings", []) if w != "extra_fields"]


def needs_confirmation(card: Any, manual: bool) -> bool:
    """Whether the citizen must confirm the read fields before going on.

    A card read cleanly from its QR goes straight on: the next step shows whose dossier it is and the
    review lists name and ID with "Sửa thông tin thẻ" before anything is saved. Typed fields (agent) and
    cards with warnings (no address, unknown province, no issue date) are shown for confirmation first.
    """
    return manual or bool(shown_warnings(card))



#: Why a scanned code cannot be used, in the words a citizen understands (no field counts, no codes).
CITIZEN_REASONS = {
    "IDC-001": "Đây không phải mã QR trên thẻ căn cước.",
    "IDC-002": "Đây không phải mã QR trên thẻ căn cước.",
    "IDC-003": "Số định danh trên thẻ đọc không đúng.",
    "IDC-004": "Số định danh trên thẻ không khớp với ngày sinh hoặc giới tính.",
    "IDC-005": "Số định danh trên thẻ không khớp với ngày sinh.",
    "IDC-006": "Ngày sinh trên thẻ đọc không đúng.",
    "IDC-007": "Ngày sinh trên thẻ đọc không đúng.",
    "IDC-008": "Ngày cấp trên thẻ đọc không đúng.",
    "IDC-009": "Ngày cấp trên thẻ đọc không đúng.",
    "IDC-010": "Ngày cấp trên thẻ đọc không đúng.",
    "IDC-011": "Giới tính trên thẻ đọc không đúng.",
    "IDC-012": "Số chứng minh nhân dân cũ trên thẻ đọc không đúng.",
    "IDC-013": "Thẻ đọc được không có họ và tên.",
}
GENERIC_REASON = "Mã vừa quét không đọc được."


def citizen_reason(code: str) -> str:
    """The plain reason (Vietnamese source text) for an ``IDC-0xx`` code."""
    return CITIZEN_REASONS.get(code, GENERIC_REASON)


def _manual_field(key: str, label: str, hint: str, *, max_length: int, digits: bool = False) -> Input:
    """One field of the agent's manual entry (``#id-manual-<key>``): its label in the top border, a hint inside."""
    field = Input(placeholder=hint, id=f"id-manual-{key}", max_length=max_length,
                  restrict=r"[0-9]*" if digits else None, classes="id-manual-field")
    field.border_title = label
    return field


class IdCardRead(Message):
    """A payload was parsed into an ID card (pre-fill data for the citizen to confirm).

    Args:
        card: The parsed ``devices.idcard.IdCard``.
        manual: True when an agent typed it.
    """

    def __init__(self, card: Any, manual: bool = False) -> None:
        super().__init__()
        self.card = card
        self.manual = manual


class IdCardRejected(Message):
    """A payload could not be used; the citizen is asked to scan again.

    Args:
        code: Stable ``IDC-0xx`` code.
        reason: Translated reason.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__()
        self.code = code
        self.reason = reason


class StaffCalled(Message):
    """A staff call was raised (or failed: ``ok`` False)."""

    def __init__(self, ok: bool) -> None:
        super().__init__()
        self.ok = ok


class IdCardScreen(FlowScreen):
    """Scans the ID card QR; shows the parsed fields with the ID number masked; confirm or rescan."""

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return (_("Quý khách vui lòng kiểm tra thông tin trên màn hình.") if self.panel == "confirm"
                else _("Xin mời Quý khách đưa mã QR trên thẻ căn cước vào trước camera."))

    STEP = "id_card"
    TITLE_VI = "Quét thẻ căn cước"

    PANELS = {"scan": "id-scan-panel", "confirm": "id-confirm-panel", "manual": "id-manual-panel"}

    def __init__(self) -> None:
        super().__init__()
        self._card: Any = None
        self.panel = "scan"
        self.camera_missing = False

    def _hidden(self, panel: str) -> str:
        return "sf-panel" if self.panel == panel else "sf-panel hidden"

    def compose_step(self) -> ComposeResult:
        """Scanning panel, confirmation panel and manual entry (agent mode)."""
        with Vertical(id="id-scan-panel", classes=self._hidden("scan")):
            yield Static(
                _("Đưa mã QR trên thẻ căn cước vào trước camera, hoặc vào máy quét cầm tay."),
                id="id-instruction",
                classes="sf-instruction",
            )
            yield Static(_(STATUS_TEXT["searching"]), id="scan-status", classes="scan-status")
            yield Static("", id="scan-error", classes="sf-error", markup=False)
            with Horizontal(id="id-scan-actions", classes="sf-actions"):
                yield Button(_("Gọi nhân viên"), id="id-call-staff", classes="sf-secondary sf-big")
                yield Button(_("Nhập tay (nhân viên)"), id="id-manual",
                             classes="sf-secondary sf-big" + ("" if agent_mode(self.app) else " hidden"))
        with Vertical(id="id-confirm-panel", classes=self._hidden("confirm")):
            yield Static(_("Thông tin đọc từ thẻ. Có đúng là Quý khách không?"), classes="sf-heading")
            yield Static("", id="id-fields", classes="sf-fields")
            yield Static("", id="id-warnings", classes="sf-warning", markup=False)
            with Horizontal(id="id-confirm-actions", classes="sf-actions"):
                yield Button(_("Đúng, tiếp tục"), id="id-confirm", classes="sf-primary sf-big")
                yield Button(_("Quét lại"), id="id-rescan", classes="sf-secondary sf-big")
        with Vertical(id="id-manual-panel", classes=self._hidden("manual")):
            yield Static(_("Nhân viên nhập thông tin trên thẻ"), classes="sf-heading")
            with Horizontal(classes="id-manual-row"):
                yield _manual_field("number", _("Số định danh"), _("12 chữ số"), max_length=12, digits=True)
                yield _manual_field("dob", _("Ngày sinh (ddmmyyyy)"), "", max_length=8, digits=True)
                # optional, as on the card's QR (older cards and some scans have none)
                yield _manual_field("issued", _("Ngày cấp (ddmmyyyy)"), _("Bỏ trống nếu không rõ"), max_length=8,
                                    digits=True)
                yield _manual_field("sex", _("Giới tính"), _("Nam hoặc Nữ"), max_length=3)
            with Horizontal(classes="id-manual-row"):
                yield _manual_field("name", _("Họ và tên"), "", max_length=120)
                yield _manual_field("address", _("Nơi thường trú"), "", max_length=300)
            yield Static("", id="id-manual-error", classes="sf-error", markup=False)
            with Horizontal(classes="sf-actions"):
                yield Button(_("Dùng thông tin này"), id="id-manual-use", classes="sf-primary")
                yield Button(_("Quét thẻ"), id="id-manual-cancel", classes="sf-secondary")
            # for an agent at a touchscreen without a hardware keyboard: types into the field last tapped
            # (only the digit keys for the number and the dates), Telex on for the name and the address
            yield OnScreenKeyboard("id-manual-number", telex=True, numbers=True, id="id-manual-keyboard")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The on-screen keyboard types into the manual-entry field the agent tapped."""
        widget = event.widget
        if isinstance(widget, Input) and (widget.id or "").startswith("id-manual-"):
            self.query_one("#id-manual-keyboard", OnScreenKeyboard).target = widget.id or ""

    def on_unmount(self) -> None:
        if hasattr(self.app, "agent_changed_signal"):
            self.app.agent_changed_signal.unsubscribe(self)

    def on_mount(self) -> None:
        """Show the confirmation when returning to this step, else start scanning."""
        if hasattr(self.app, "agent_changed_signal"):  # unsubscribed on unmount: the screen can be freed
            self.app.agent_changed_signal.subscribe(self, self._agent_changed)
        card = session_of(self.app).id_card
        if card is not None:
            self._show_confirm(card)
        else:
            self._show("scan")
            self._start_scan()

    def _agent_changed(self, _agent: object) -> None:
        """Manual entry is offered only while agent mode is on."""
        self.query_one("#id-manual").set_class(not agent_mode(self.app), "hidden")
        if self.panel == "manual" and not agent_mode(self.app):
            self.action_rescan()

    def restore(self) -> None:
        """Re-show the status lines, the read fields and the missing-camera mark."""
        super().restore()
        self.query_one("#scan-status").set_class(self.camera_missing, "-missing")
        if self._card is not None:
            self._show_confirm(self._card)

    # -- panels ---------------------------------------------------------------------------------
    def _show(self, panel: str) -> None:
        self.panel = panel
        show_only(self, self.PANELS, panel)

    def _set_status(self, status: str) -> None:
        self.say("#scan-status", STATUS_TEXT.get(status, status))
        self.query_one("#scan-status").set_class(status == "holding", "-holding")

    def _show_confirm(self, card: Any) -> None:
        self._card = card
        rows = [
            (_("Họ và tên"), card.name),
            (_("Số định danh"), card.masked_id),
            (_("Ngày sinh"), card.dob.strftime("%d/%m/%Y")),
            (_("Giới tính"), _(card.sex)),
            (_("Nơi thường trú"), card.address or "—"),
            (_("Ngày cấp"), card.issued.strftime("%d/%m/%Y") if card.issued else "—"),
        ]
        text = Text()
        for label, value in rows:
            text.append(f"{label}: ", style="bold")
            text.append(str(value))
            text.append("\n")
        text.rstrip()
        self.query_one("#id-fields", Static).update(text)
        from devices.idcard import describe_warning

        warnings = [describe_warning(w) for w in shown_warnings(card)]
        self.query_one("#id-warnings", Static).update("\n".join(warnings))
        self._show("confirm")

    # -- scanning -------------------------------------------------------------------------------
    def _start_scan(self) -> None:
        self._set_status("searching")
        self._scan_camera(ctx_of(self.app).camera_source)

    @work(thread=True, exclusive=True, group="id-scan")
    def _scan_camera(self, spec: str) -> None:
        worker = get_current_worker()
        try:
            source = open_camera(spec)
        except CameraMissing as exc:
            self.post_message(CameraFailed(str(exc)))
            return
        try:
            text = scan_codes(source, post=self.post_message, is_cancelled=lambda: worker.is_cancelled)
        except CameraMissing as exc:
            self.post_message(CameraFailed(str(exc)))
            return
        finally:
            source.close()
        if text is not None and not worker.is_cancelled:
            self._parse(text, manual=False)

    def _parse(self, text: str, *, manual: bool) -> None:
        """Parse a payload (in the calling worker thread) and post the result."""
        from devices.idcard import IdCardError, parse_id_payload

        today = ctx_of(self.app).clock().astimezone(_VN).date()
        try:
            card = parse_id_payload(text, today=today)
        except IdCardError as exc:
            self.post_message(IdCardRejected(exc.code, exc.message))
            return
        self.post_message(IdCardRead(card, manual))

    @work(thread=True, exclusive=True, group="id-parse")
    def _parse_in_worker(self, text: str, manual: bool) -> None:
        self._parse(text, manual=manual)

    def on_scan_status_changed(self, message: ScanStatusChanged) -> None:
        """Live status: searching, holding (hold still), found."""
        self._set_status(message.status)

    def on_code_scanned(self, message: CodeScanned) -> None:
        """The camera read a QR steadily; parsing follows in the same worker."""
        self._set_status("found")

    def on_camera_failed(self, message: CameraFailed) -> None:
        """No camera: offer the handheld scanner or a member of staff."""
        self.say("#scan-status", "Không tìm thấy camera. Hãy dùng máy quét cầm tay, hoặc chạm “Gọi nhân viên” để được giúp.")
        self.query_one("#scan-status").add_class("-missing")
        self.camera_missing = True

    def on_id_card_read(self, message: IdCardRead) -> None:
        """Show the fields for confirmation."""
        self.workers.cancel_group(self, "id-scan")
        self.say("#scan-error", "")
        session_of(self.app).manual_id = message.manual
        self._show_confirm(message.card)  # also what Back to this step shows
        if not needs_confirmation(message.card, message.manual):
            self.action_confirm()

    def on_id_card_rejected(self, message: IdCardRejected) -> None:
        """Say why the payload is unusable and scan again (or let the agent correct the typed fields)."""
        if self.panel == "manual":
            self.query_one("#id-manual-error", Static).update(message.reason)  # already translated
            return
        # The citizen reads plain words; the stable code goes to the log (with no data from the card).
        log.info("ID card payload rejected: %s", message.code)
        self.say("#scan-error", "Không dùng được mã vừa quét: {reason} Vui lòng quét lại thẻ hoặc gọi nhân viên.",
                 reason=_(citizen_reason(message.code)))
        self._show("scan")
        if not self.camera_missing:
            self._start_scan()

    # -- handheld scanner ---------------------------------------------------------------------
    def on_scan(self, text: str) -> bool:
        """A handheld scanner typed a payload: parse it like a camera read."""
        if self.panel == "confirm":
            return False
        self.workers.cancel_group(self, "id-scan")
        self._parse_in_worker(text, False)
        return True

    # -- buttons --------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Confirm, rescan, call staff, manual entry."""
        button_id = event.button.id
        if button_id == "id-confirm":
            event.stop()
            self.action_confirm()
        elif button_id == "id-rescan":
            event.stop()
            self.action_rescan()
        elif button_id == "id-call-staff":
            event.stop()
            event.button.disabled = True
            self._call_staff()
        elif button_id == "id-manual":
            event.stop()
            self.workers.cancel_group(self, "id-scan")
            self._show("manual")
            self.query_one("#id-manual-number", Input).focus()
        elif button_id == "id-manual-use":
            event.stop()
            self._use_manual()
        elif button_id == "id-manual-cancel":
            event.stop()
            self.action_rescan()

    def action_confirm(self) -> None:
        """The citizen confirmed the fields: keep them and go on."""
        if self._card is None:
            return
        session = session_of(self.app)
        session.id_card = self._card
        if not session.delivery_address:
            session.delivery_address = self._card.address
        self.advance()

    def action_rescan(self) -> None:
        """Forget the read and scan again."""
        self._card = None
        session = session_of(self.app)
        session.id_card = None
        session.manual_id = False
        self.say("#scan-error", "")
        self._show("scan")
        if not self.camera_missing:
            self._start_scan()

    def _use_manual(self) -> None:
        values = {
            key: self.query_one(f"#id-manual-{key}", Input).value.strip()
            for key in ("number", "name", "dob", "sex", "address", "issued")
        }
        payload = "|".join([values["number"], "", values["name"], values["dob"], values["sex"], values["address"],
                            values["issued"]])
        self._parse_in_worker(payload, True)

    @work(thread=True, exclusive=True, group="staff")
    def _call_staff(self) -> None:
        from db.services.devices import raise_staff_call

        ctx = ctx_of(self.app)
        try:
            raise_staff_call(ctx.database, ctx.site_id, ctx.kiosk_id, "camera", "id_card")
        except Exception:  # noqa: BLE001 - shown as "could not call"
            self.post_message(StaffCalled(False))
            return
        self.post_message(StaffCalled(True))

    def on_staff_called(self, message: StaffCalled) -> None:
        """Tell the citizen that staff are coming (or that the call failed)."""
        if message.ok:
            self.say("#scan-error", "Đã gọi nhân viên. Vui lòng chờ trong giây lát.")
        else:
            self.say("#scan-error", "Không gọi được nhân viên. Vui lòng đến quầy gần nhất.")
        self.query_one("#id-call-staff", Button).disabled = False

