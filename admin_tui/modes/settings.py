"""Settings mode (admins): sites, kiosks, holiday overrides and scan retention; every change audited."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from textual import work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Label, TabbedContent, TabPane

from admin_tui.messages import _
from admin_tui.modes.queue_widgets import MODES_CSS, refill, selected_key
from admin_tui.modes.reports import parse_day
from admin_tui.modes.settings_form import FormDialog, FormField
from admin_tui.widgets.cells import literal
from admin_tui.widgets.dialogs import ConfirmDialog
from admin_tui.widgets.mode_screen import ModeScreen
from core.errors import KioskError
from db.services import site_admin as sa

KINDS = (("off", "Ngày nghỉ thêm"), ("work", "Ngày làm bù"))
WEEKDAYS = {1: "T2", 2: "T3", 3: "T4", 4: "T5", 5: "T6", 6: "T7", 7: "CN"}


def weekdays_text(days: str) -> str:
    """``1,2,3,4,5,6`` -> ``T2 T3 T4 T5 T6 T7`` (Vietnamese weekday names)."""
    return " ".join(_(WEEKDAYS.get(int(d), d)) for d in days.split(",") if d.strip().isdigit())


class SettingsMode(ModeScreen):
    """Three tabs of settings; every save runs in a worker through ``db.services.site_admin``."""

    MODE_NAME = "settings"
    CSS_PATH = MODES_CSS
    AUTO_FOCUS = "#settings-sites"
    BINDINGS = [
        Binding("e", "edit", _("Sửa")),
        Binding("n", "add", _("Thêm")),
        Binding("delete", "remove", _("Xoá ngày")),
    ]

    class SettingsLoaded(Message):
        """Sites, kiosks and overrides were read."""

        def __init__(self, sites: list[sa.SiteRow], kiosks: list[sa.KioskRow], overrides: list[sa.OverrideRow]) -> None:
            super().__init__()
            self.sites = sites
            self.kiosks = kiosks
            self.overrides = overrides

    class ActionFinished(Message):
        """A change was saved (``ok``) or refused; ``text`` says what happened."""

        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    def __init__(self, context) -> None:  # noqa: ANN001
        super().__init__(context)
        self.sites: dict[str, sa.SiteRow] = {}
        self.kiosks: dict[str, sa.KioskRow] = {}
        self.overrides: dict[str, sa.OverrideRow] = {}

    @property
    def allowed(self) -> bool:
        """Only admins change settings."""
        return bool(self.context.user and self.context.user.role == "admin")

    def compose_body(self) -> Iterable[Widget]:
        """Tabs: sites, kiosks, holiday overrides; a status line."""
        sites = self._table("settings-sites", _("Mã"), _("Tên"), _("Mã đơn vị"), _("Ngày mở cửa"), _("Giờ mở cửa"),
                            _("Lưu bản quét (ngày)"), _("Hoạt động"))
        kiosks = self._table("settings-kiosks", _("Điểm"), _("Mã"), _("Tên"), _("Máy in"), _("Camera"),
                             _("Hoạt động"))
        overrides = self._table("settings-overrides", _("Ngày"), _("Loại"), _("Tên"), _("Áp dụng cho"))
        with TabbedContent(id="settings-tabs"):
            yield TabPane(_("Điểm phục vụ"), sites, Horizontal(
                Button(_("Sửa"), id="settings-site-edit", variant="primary", compact=True),
                Button(_("Dải số hiệu bưu gửi (S10)"), id="settings-site-tracking", compact=True), classes="toolbar"),
                id="tab-sites")
            yield TabPane(_("Ki-ốt"), kiosks, Horizontal(
                Button(_("Thêm"), id="settings-kiosk-add", compact=True),
                Button(_("Sửa"), id="settings-kiosk-edit", variant="primary", compact=True), classes="toolbar"),
                id="tab-kiosks")
            yield TabPane(_("Ngày nghỉ / làm bù"), overrides, Horizontal(
                Button(_("Thêm"), id="settings-override-add", compact=True),
                Button(_("Xoá ngày"), id="settings-override-remove", variant="warning", compact=True),
                classes="toolbar"), id="tab-overrides")
        yield Label("", id="settings-status", classes="status-line", markup=False)

    @staticmethod
    def _table(table_id: str, *columns: str) -> DataTable[Any]:
        table: DataTable[Any] = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
        table.add_columns(*columns)
        return table

    def on_mount(self) -> None:
        """Load everything (admins only)."""
        if not self.allowed:
            for button in self.query(".toolbar Button"):
                button.disabled = True
            self.show_status(_("Chỉ quản trị viên được sửa cài đặt."), error=True)
            return
        self.reload()

    @work(thread=True, exclusive=True, group="settings-load")
    def reload(self) -> None:
        """Read sites, kiosks and overrides again."""
        def read(s):  # noqa: ANN001, ANN202
            return sa.list_sites(s), sa.list_kiosks(s), sa.list_overrides(s)

        self.post_message(self.SettingsLoaded(*self.context.database.run(read, read_only=True)))

    def on_settings_mode_settings_loaded(self, event: SettingsLoaded) -> None:
        """Fill the three tables."""
        self.sites = {str(s.id): s for s in event.sites}
        self.kiosks = {str(k.id): k for k in event.kiosks}
        self.overrides = {str(o.id): o for o in event.overrides}
        site_names = {s.id: s.code for s in event.sites}
        refill(self.query_one("#settings-sites", DataTable), (
            (str(s.id), (literal(s.code), literal(s.name), literal(s.unit_code), weekdays_text(s.opening_days),
                         literal(s.opening_hours), str(s.scan_retention_days), _("có") if s.active else _("không")))
            for s in event.sites))
        refill(self.query_one("#settings-kiosks", DataTable), (
            (str(k.id), (literal(k.site_code), literal(k.code), literal(k.name), literal(k.printer_url),
                         literal(k.camera_source), _("có") if k.active else _("không")))
            for k in event.kiosks))
        refill(self.query_one("#settings-overrides", DataTable), (
            (str(o.id), (o.day.strftime("%d/%m/%Y"), _(dict(KINDS)[o.kind]), literal(o.name),
                         literal(site_names.get(o.site_id, "")) if o.site_id else _("Tất cả điểm")))
            for o in event.overrides))

    # --- actions --------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Toolbar buttons run the matching action."""
        actions: dict[str, Callable[[], None]] = {
            "settings-site-edit": self.edit_site, "settings-site-tracking": self.edit_tracking,
            "settings-kiosk-add": self.add_kiosk,
            "settings-kiosk-edit": self.edit_kiosk, "settings-override-add": self.add_override,
            "settings-override-remove": self.action_remove}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def _tab(self) -> str:
        return str(self.query_one("#settings-tabs", TabbedContent).active)

    def action_edit(self) -> None:
        """Edit the selected site or kiosk (by tab)."""
        {"tab-sites": self.edit_site, "tab-kiosks": self.edit_kiosk}.get(self._tab(), lambda: None)()

    def action_add(self) -> None:
        """Add a kiosk or an override (by tab)."""
        {"tab-kiosks": self.add_kiosk, "tab-overrides": self.add_override}.get(self._tab(), lambda: None)()

    def edit_site(self) -> None:
        """Edit the selected site's name, unit code, opening days/hours, scan retention and public look-up URL."""
        site = self.sites.get(selected_key(self.query_one("#settings-sites", DataTable)) or "")
        if site is None or not self.allowed:
            return
        fields = [
            FormField("name", _("Tên điểm phục vụ"), site.name),
            FormField("unit_code", _("Mã đơn vị (mã định danh điện tử, dùng trong mã hồ sơ)"), site.unit_code),
            FormField("address", _("Địa chỉ"), site.address),
            FormField("hotline", _("Đường dây nóng"), site.hotline),
            FormField("opening_days", _("Ngày mở cửa (1 = thứ Hai … 7 = Chủ nhật)"), site.opening_days,
                      placeholder="1,2,3,4,5"),
            FormField("opening_hours", _("Giờ mở cửa"), site.opening_hours, placeholder="07:30-11:30,13:30-17:00"),
            FormField("scan_retention_days", _("Giữ bản quét sau bàn giao (ngày)"), site.scan_retention_days,
                      kind="integer"),
            FormField("public_lookup_url",
                      _("Trang tra cứu công khai cho mã QR trên giấy biên nhận (để trống: không có)"),
                      site.public_lookup_url, placeholder="https://tracuu.example.vn/hs"),
            FormField("active", _("Đang hoạt động"), site.active, kind="switch"),
        ]

        def saved(values: dict[str, Any] | None) -> None:
            if values:
                current = {k: getattr(site, k) for k in values}
                changes = {k: v for k, v in values.items() if v != current[k]}
                if changes:
                    self._save(lambda user: sa.update_site(self.context.database, site.id, changes, user=user),
                               _("Đã lưu điểm phục vụ {code}.", code=site.code))

        self.app.push_screen(FormDialog(_("Điểm phục vụ {code}", code=site.code), fields), saved)

    def edit_tracking(self) -> None:
        """Configure the selected site's S10 series (the previous one is retired; overlaps are refused)."""
        from admin_tui.modes.dossiers_delivery import series_fields, save_series

        site = self.sites.get(selected_key(self.query_one("#settings-sites", DataTable)) or "")
        if site is None or not self.allowed:
            return

        def saved(values: dict[str, Any] | None) -> None:
            if values:
                self._save(lambda user: save_series(self.context.database, site.id, values, user),
                           _("Đã khai báo dải số hiệu bưu gửi cho {code}.", code=site.code))

        self.app.push_screen(FormDialog(_("Dải số hiệu bưu gửi (S10) — {code}", code=site.code), series_fields()),
                             saved)

    def _kiosk_fields(self, kiosk: sa.KioskRow | None) -> list[FormField]:
        fields = [] if kiosk else [FormField("code", _("Mã ki-ốt"), "", placeholder="K02")]
        fields += [
            FormField("name", _("Tên / vị trí"), kiosk.name if kiosk else ""),
            FormField("printer_url", _("Địa chỉ máy in"), kiosk.printer_url if kiosk else "virtual://",
                      placeholder="tcp://192.168.1.50:9100"),
            FormField("camera_source", _("Nguồn camera"), kiosk.camera_source if kiosk else "",
                      placeholder="/dev/video0"),
        ]
        if kiosk:
            fields.append(FormField("active", _("Đang hoạt động"), kiosk.active, kind="switch"))
        return fields

    def add_kiosk(self) -> None:
        """Register a kiosk at the selected (or first) site."""
        site = self.sites.get(selected_key(self.query_one("#settings-sites", DataTable)) or "")
        site = site or next(iter(self.sites.values()), None)
        if site is None or not self.allowed:
            return

        def saved(values: dict[str, Any] | None) -> None:
            if values:
                self._save(lambda user: sa.add_kiosk(
                    self.context.database, site.id, values["code"], user=user, name=values["name"],
                    printer_url=_checked_url(values["printer_url"]), camera_source=values["camera_source"]),
                    _("Đã thêm ki-ốt {code}.", code=values["code"]))

        self.app.push_screen(FormDialog(_("Ki-ốt mới tại {site}", site=site.code), self._kiosk_fields(None)), saved)

    def edit_kiosk(self) -> None:
        """Edit the selected kiosk's name, printer URL, camera source and active flag."""
        kiosk = self.kiosks.get(selected_key(self.query_one("#settings-kiosks", DataTable)) or "")
        if kiosk is None or not self.allowed:
            return

        def saved(values: dict[str, Any] | None) -> None:
            if values:
                changes = {k: v for k, v in values.items() if v != getattr(kiosk, k)}
                if changes:
                    self._save(lambda user: sa.update_kiosk(self.context.database, kiosk.id,
                                                            _checked_urls(changes), user=user),
                               _("Đã lưu ki-ốt {code}.", code=kiosk.code))

        self.app.push_screen(FormDialog(_("Ki-ốt {site}/{code}", site=kiosk.site_code, code=kiosk.code),
                                        self._kiosk_fields(kiosk)), saved)

    def add_override(self) -> None:
        """Add an extra day off or a make-up working day, for every site or one."""
        if not self.allowed:
            return
        scopes = (("all", _("Tất cả điểm")), *((str(s.id), s.code) for s in self.sites.values()))
        fields = [
            FormField("day", _("Ngày (dd/mm/yyyy)"), "", placeholder="02/01/2027"),
            FormField("kind", _("Loại"), "off", options=tuple((_(label), value) for value, label in KINDS)),
            FormField("name", _("Tên / lý do"), ""),
            FormField("scope", _("Áp dụng cho"), "all", options=tuple((label, value) for value, label in scopes)),
        ]

        def saved(values: dict[str, Any] | None) -> None:
            if not values:
                return
            day = parse_day(values["day"])
            if day is None:
                self.show_status(_("[ADM-117] Ngày không hợp lệ; dùng dạng dd/mm/yyyy."), error=True)
                return
            site_id = None if values["scope"] == "all" else int(values["scope"])
            self._save(lambda user: sa.add_override(self.context.database, day, values["kind"], user=user,
                                                    name=values["name"], site_id=site_id),
                       _("Đã thêm ngày {day}.", day=day.strftime("%d/%m/%Y")))

        self.app.push_screen(FormDialog(_("Điều chỉnh lịch làm việc"), fields), saved)

    def action_remove(self) -> None:
        """Delete the selected holiday override after confirmation."""
        if self._tab() != "tab-overrides" or not self.allowed:
            return
        row = self.overrides.get(selected_key(self.query_one("#settings-overrides", DataTable)) or "")
        if row is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(lambda user: sa.remove_override(self.context.database, row.id, user=user),
                           _("Đã xoá ngày {day}.", day=_day(row.day)))

        self.app.push_screen(ConfirmDialog(_("Xoá điều chỉnh lịch ngày {day}?", day=_day(row.day))), answered)

    @work(thread=True, group="settings-save")
    def _save(self, change: Callable[[Any], object], done_text: str) -> None:
        try:
            change(self.context.require_user())
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ActionFinished(done_text, True))

    def on_settings_mode_action_finished(self, event: ActionFinished) -> None:
        """Say what happened; reload after a change."""
        self.show_status(event.text, error=not event.ok)
        if event.ok:
            self.reload()

    def show_status(self, text: str, *, error: bool = False) -> None:
        """Show a line at the bottom."""
        label = self.query_one("#settings-status", Label)
        label.update(text)
        label.set_class(error, "-error")


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _checked_url(url: str) -> str:
    """Check a printer URL with the printing layer itself (PRN-002 on a bad one); runs in the worker."""
    from devices.printing import parse_printer_url

    parse_printer_url(url)
    return url


def _checked_urls(changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with its printer URL (if any) checked by :func:`_checked_url`."""
    if "printer_url" in changes:
        return {**changes, "printer_url": _checked_url(changes["printer_url"])}
    return changes
