"""Devices mode: kiosk printers and cameras from heartbeats, silent kiosks and faults first; test print; staff calls."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Label

from admin_tui.messages import _
from admin_tui.modes.devices_data import KioskHealth, kiosk_health, printer_unconfirmed
from admin_tui.modes.queue_data import duration
from admin_tui.modes.queue_widgets import MODES_CSS, refill, selected_key
from admin_tui.widgets.cells import literal, local_time
from admin_tui.widgets.mode_screen import ModeScreen
from core.errors import KioskError
from db.services import devices as device_service
from db.services import site_admin

REFRESH_S = 3.0
PAPER = {"ok": "đủ giấy", "near_end": "sắp hết giấy", "out": "hết giấy", "unknown": "không rõ"}
#: A printer that accepts jobs but answers no status (hung, or status-less): a warning, never "trực tuyến".
UNCONFIRMED = "không trả lời trạng thái — không xác nhận được bản in"
FAULTS = {"printer_offline": "máy in mất kết nối", "printer_unconfirmed": UNCONFIRMED,
          "paper_out": "hết giấy", "paper_low": "sắp hết giấy",
          "cover_open": "mở nắp", "camera": "camera lỗi", "error": "có lỗi", "print_failed": "lệnh in lỗi",
          "maybe_printed": "có thể đã in"}
#: Camera states a heartbeat reports (kiosk.heartbeat / kiosk.camera); anything else is shown as sent.
CAMERA = {"ok": "hoạt động", "demo": "chế độ trình diễn", "missing": "không kết nối", "unknown": "không rõ",
          "error": "camera lỗi"}
CALL_REASONS = {"citizen": "người dân cần hỗ trợ", "printer": "máy in", "camera": "camera"}


def _failed_cell(n: int, maybe: int = 0) -> Text:
    """Failed jobs; jobs that may be on paper (staff check the tray at the kiosk) after a "+"."""
    text = str(n) if not maybe else f"{n} + {maybe} " + _(FAULTS["maybe_printed"])
    return Text(text, style="bold red" if n or maybe else "")


def _yes_no_unknown(value: bool | None, yes: str, no: str) -> str:
    return _("không rõ") if value is None else (_(yes) if value else _(no))


class DevicesMode(ModeScreen):
    """Kiosk health read from the database (so it works from any machine), refreshed every few seconds."""

    MODE_NAME = "devices"
    CSS_PATH = MODES_CSS
    AUTO_FOCUS = "#devices-table"
    BINDINGS = [
        Binding("t", "test_print", _("In thử")),
        Binding("d", "probe", _("Kiểm tra máy in")),
        Binding("a", "acknowledge", _("Đã xử lý cuộc gọi")),
        Binding("r", "retry_failed", _("In lại lệnh lỗi")),
    ]

    class HealthLoaded(Message):
        """Kiosks, heartbeats and open staff calls were read."""

        def __init__(self, kiosks: list[KioskHealth], calls: list[device_service.StaffCallView]) -> None:
            super().__init__()
            self.kiosks = kiosks
            self.calls = calls

    class ActionFinished(Message):
        """An action finished; ``ok`` False when it failed."""

        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    class ProbeFinished(Message):
        """A direct printer status probe answered."""

        def __init__(self, kiosk_code: str, status: dict[str, Any] | None, error: str = "") -> None:
            super().__init__()
            self.kiosk_code = kiosk_code
            self.status = status
            self.error = error

    def __init__(self, context) -> None:  # noqa: ANN001
        super().__init__(context)
        self.kiosks: dict[str, KioskHealth] = {}
        self.seen_calls: set[int] | None = None  # None until the first load (no alert for old calls)

    def compose_body(self) -> Iterable[Widget]:
        """Kiosk table, actions, probe result, staff calls."""
        yield Label("", id="devices-summary", classes="status-line", markup=False)
        table: DataTable[Any] = DataTable(id="devices-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Ki-ốt"), _("Tên"), _("Máy in"), _("Giấy"), _("Nắp"), _("Camera"), _("Tín hiệu cuối"),
                          _("Chờ in"), _("In lỗi"), _("Lỗi gần nhất"), _("Mã máy"))
        yield table
        yield Horizontal(
            Button(_("In thử"), id="devices-test-print", variant="primary", compact=True),
            Button(_("Kiểm tra máy in trực tiếp"), id="devices-probe-button", compact=True),
            Button(_("In lại lệnh lỗi"), id="devices-retry", compact=True),
            classes="toolbar", id="devices-actions")
        yield Label("", id="devices-probe", markup=False)
        yield Label(_("Yêu cầu hỗ trợ từ ki-ốt"), classes="section-title")
        calls: DataTable[Any] = DataTable(id="devices-calls", cursor_type="row")
        calls.add_columns(_("Lúc"), _("Ki-ốt"), _("Lý do"), _("Chi tiết"))
        yield calls
        yield Horizontal(Button(_("Đã xử lý"), id="devices-ack", compact=True), classes="toolbar")
        yield Label("", id="devices-status", classes="status-line", markup=False)

    def on_mount(self) -> None:
        """First load, then refresh while shown."""
        self.refresh_health()
        self.set_interval(REFRESH_S, self._tick)

    def _tick(self) -> None:
        if self.app.screen is self:
            self.refresh_health()

    def refresh_health(self) -> None:
        """Read kiosks, heartbeats and staff calls again."""
        self._load()

    @work(thread=True, exclusive=True, group="devices-load")
    def _load(self) -> None:
        db, now = self.context.database, self.context.now()
        interval = float(self.context.settings.heartbeat_interval_s or 5)
        kiosks = db.run(lambda s: kiosk_health(s, now, interval), read_only=True)
        calls = device_service.open_staff_calls(db)
        self.post_message(self.HealthLoaded(kiosks, calls))

    def on_devices_mode_health_loaded(self, event: HealthLoaded) -> None:
        """Fill both tables; silent kiosks red, faults yellow."""
        self.kiosks = {str(h.kiosk.id): h for h in event.kiosks}
        if self.seen_calls is not None:
            for call in event.calls:
                if call.id not in self.seen_calls:
                    self.notify(_("Ki-ốt {code} cần hỗ trợ: {reason}", code=call.kiosk_code,
                                  reason=_(CALL_REASONS.get(call.reason, call.reason))),
                                severity="warning", markup=False)
        self.seen_calls = {c.id for c in event.calls}
        refill(self.query_one("#devices-table", DataTable), ((str(h.kiosk.id), self._cells(h)) for h in event.kiosks))
        refill(self.query_one("#devices-calls", DataTable), (
            (str(c.id), (local_time(c.at, "%H:%M:%S"), literal(c.kiosk_code),
                         literal(_(CALL_REASONS.get(c.reason, c.reason)), style="bold yellow"), literal(c.detail)))
            for c in event.calls))
        silent = sum(h.stale for h in event.kiosks)
        faulty = sum(bool(h.faults) and not h.stale for h in event.kiosks)
        summary = self.query_one("#devices-summary", Label)
        summary.update(_("{n} ki-ốt · {silent} mất tín hiệu · {faulty} có lỗi · {calls} yêu cầu hỗ trợ",
                         n=len(event.kiosks), silent=silent, faulty=faulty, calls=len(event.calls)))
        summary.set_class(bool(silent or faulty or event.calls), "-error")

    @staticmethod
    def _cells(h: KioskHealth) -> tuple[Any, ...]:
        s = h.state
        row_style = "bold red" if h.stale else ("yellow" if h.faults else "")
        code = literal(f"{h.kiosk.site_code}/{h.kiosk.code}", style=row_style)
        if h.at is None:
            return (code, literal(h.kiosk.name), "", "", "", "", Text(_("chưa có tín hiệu"), style="bold red"),
                    "", _failed_cell(h.failed_jobs, h.maybe_printed), "", literal(h.instance))
        online = s.get("printer_online")
        printer = Text(_yes_no_unknown(online, "trực tuyến", "mất kết nối"),
                       style="bold red" if online is False else "")
        if printer_unconfirmed(s):
            printer = Text(_(UNCONFIRMED), style="bold yellow")
        paper = s.get("printer_paper") or "unknown"
        paper_cell = Text(_(PAPER.get(paper, paper)), style={"out": "bold red", "near_end": "yellow"}.get(paper, ""))
        cover = Text(_yes_no_unknown(s.get("printer_cover_open"), "đang mở", "đóng"),
                     style="bold red" if s.get("printer_cover_open") else "")
        camera_state = str(s.get("camera_state") or "unknown")
        camera = _(CAMERA[camera_state]) if camera_state in CAMERA else camera_state
        age = Text(_("{age} trước", age=duration(h.age_s)), style="bold red" if h.stale else "")
        error = s.get("printer_error") or s.get("last_error") or ""
        return (code, literal(h.kiosk.name), printer, paper_cell, cover,
                literal(camera, style="" if "camera" not in h.faults else "bold red"), age,
                str(s.get("pending_jobs") or 0), _failed_cell(h.failed_jobs, h.maybe_printed),
                literal(error, style="red" if error else ""), literal(h.instance))

    def _selected(self) -> KioskHealth | None:
        return self.kiosks.get(selected_key(self.query_one("#devices-table", DataTable)) or "")

    # --- actions --------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Toolbar buttons run the matching action."""
        actions = {"devices-test-print": self.action_test_print, "devices-probe-button": self.action_probe,
                   "devices-ack": self.action_acknowledge, "devices-retry": self.action_retry_failed}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def action_test_print(self) -> None:
        """Queue a test page for the selected kiosk's printer (its print worker prints it)."""
        health = self._selected()
        if health is not None:
            self._test_print(health.kiosk.id, health.kiosk.code)

    @work(thread=True, group="devices-action")
    def _test_print(self, kiosk_id: int, code: str) -> None:
        try:
            job = site_admin.queue_test_print(self.context.database, kiosk_id, user=self.context.require_user(),
                                              now=self.context.now())
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ActionFinished(
            _("Đã gửi trang in thử tới ki-ốt {code} (lệnh in số {job}).", code=code, job=job), True))

    def action_retry_failed(self) -> None:
        """Queue the selected kiosk's failed print jobs again (after paper was loaded, say)."""
        health = self._selected()
        if health is not None:
            self._retry(health.kiosk.id, health.kiosk.code)

    @work(thread=True, group="devices-action")
    def _retry(self, kiosk_id: int, code: str) -> None:
        n = site_admin.retry_failed_jobs(self.context.database, kiosk_id, user=self.context.require_user())
        self.post_message(self.ActionFinished(_("Đã đưa {n} lệnh in lỗi của {code} vào hàng chờ in.", n=n, code=code),
                                              True))

    def action_probe(self) -> None:
        """Ask the selected kiosk's printer for its status directly from this console."""
        health = self._selected()
        if health is None:
            return
        self.query_one("#devices-probe", Label).update(_("Đang hỏi máy in của {code}…", code=health.kiosk.code))
        self._probe(health.kiosk.code, health.kiosk.printer_url)

    @work(thread=True, exclusive=True, group="devices-probe")
    def _probe(self, code: str, url: str) -> None:
        from devices.printing import PrinterError, printer_status

        if url.startswith("virtual://"):
            self.post_message(self.ProbeFinished(code, None, _("Máy in ảo chạy trong tiến trình của ki-ốt; "
                                                                "xem tín hiệu của ki-ốt.")))
            return
        try:
            status = printer_status(url).to_dict()
        except PrinterError as exc:
            self.post_message(self.ProbeFinished(code, None, f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.ProbeFinished(code, status))

    def on_devices_mode_probe_finished(self, event: ProbeFinished) -> None:
        """Show what the printer said."""
        label = self.query_one("#devices-probe", Label)
        if event.status is None:
            label.update(f"{event.kiosk_code}: {event.error}")
            return
        s = event.status
        if printer_unconfirmed({"printer_error": s.get("error")}):
            label.update(_("{code}: máy in {state}", code=event.kiosk_code, state=_(UNCONFIRMED)))
            return
        label.update(_("{code}: máy in {online}, giấy: {paper}, nắp: {cover}{error}", code=event.kiosk_code,
                       online=_("trực tuyến") if s.get("online") else _("mất kết nối"),
                       paper=_(PAPER.get(str(s.get("paper")), str(s.get("paper")))),
                       cover=_yes_no_unknown(s.get("cover_open"), "đang mở", "đóng"),
                       error=f" — {s['error']}" if s.get("error") else ""))

    def action_acknowledge(self) -> None:
        """Mark the selected staff call as handled."""
        key = selected_key(self.query_one("#devices-calls", DataTable))
        if key is not None:
            self._acknowledge(int(key))

    @work(thread=True, group="devices-action")
    def _acknowledge(self, call_id: int) -> None:
        done = site_admin.acknowledge_call(self.context.database, call_id, user=self.context.require_user())
        self.post_message(self.ActionFinished(_("Đã xác nhận yêu cầu hỗ trợ.") if done
                                              else _("Yêu cầu này đã được người khác xử lý."), done))

    def on_devices_mode_action_finished(self, event: ActionFinished) -> None:
        """Say what happened and refresh."""
        self.show_status(event.text, error=not event.ok)
        self.refresh_health()

    def show_status(self, text: str, *, error: bool = False) -> None:
        """Show a line at the bottom."""
        label = self.query_one("#devices-status", Label)
        label.update(text)
        label.set_class(error, "-error")
