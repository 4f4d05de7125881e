"""Welcome: the point's name and opening hours, and five big choices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from kiosk.messages import _
from kiosk.screens import KioskScreen, literal

DAY_NAMES = {1: "Thứ Hai", 2: "Thứ Ba", 3: "Thứ Tư", 4: "Thứ Năm", 5: "Thứ Sáu", 6: "Thứ Bảy", 7: "Chủ nhật"}


def opening_text(days: str, hours: str) -> str:
    """Return e.g. "Thứ Hai – Thứ Sáu: 07:30-11:30, 13:30-17:00" in the current language."""
    nums = sorted(int(d) for d in days.split(",") if d.strip().isdigit())
    if not nums:
        return hours
    names = [_(DAY_NAMES[n]) for n in nums if n in DAY_NAMES]
    contiguous = nums == list(range(nums[0], nums[-1] + 1))
    span = f"{names[0]} – {names[-1]}" if contiguous and len(names) > 2 else ", ".join(names)
    return f"{span}: {hours.replace(',', ', ')}"


@dataclass
class TicketPlaceRead(Message):
    """A scanned queue ticket's place was read (``place`` None: no such ticket today; ``failed``: no answer)."""

    place: Any
    failed: bool = False


class WelcomeScreen(KioskScreen):
    """The first screen; every session starts and ends here."""

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách chọn việc cần làm.")

    show_nav = False
    #: Keyboard users start on the main choice (the first focusable widget was the language toggle,
    #: so Enter switched the kiosk to English).
    AUTO_FOCUS = "#choice-submit"

    def compose_body(self) -> ComposeResult:
        with Vertical(id="welcome-top"):
            yield Static(_("Xin chào! Quý khách cần làm gì?"), id="welcome-title")
            yield Static(self._hours_text(), id="opening-hours")
        with Grid(id="welcome-choices"):
            yield Button(_("Nộp hồ sơ"), id="choice-submit", classes="welcome-choice primary-choice")
            yield Button(_("Lấy số thứ tự"), id="choice-ticket", classes="welcome-choice")
            yield Button(_("Tra cứu hồ sơ"), id="choice-lookup", classes="welcome-choice")
            yield Button(_("Đánh giá dịch vụ"), id="choice-rating", classes="welcome-choice")
            yield Button(_("Gọi nhân viên hỗ trợ"), id="choice-call-staff", classes="welcome-choice")
        large = self.app.large_text  # type: ignore[attr-defined]
        if large.available:
            yield Button(self._large_text_label(), id="large-text", classes="welcome-extra")
        yield Static(self._demo_text(), id="demo-info")

    def on_mount(self) -> None:
        self.app.site_changed_signal.subscribe(self, lambda _site: self._refresh_hours())  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self.app.site_changed_signal.unsubscribe(self)  # type: ignore[attr-defined]

    def _hours_text(self):  # noqa: ANN202 - rich Text
        site = getattr(self.app, "site", None)
        if site is None:
            return literal("")
        lines = _("Giờ làm việc: {hours}", hours=opening_text(site.opening_days, site.opening_hours))
        if site.address:
            lines = f"{site.address}\n{lines}"
        return literal(lines)

    def _refresh_hours(self) -> None:
        self.query_one("#opening-hours", Static).update(self._hours_text())

    def _demo_text(self):  # noqa: ANN202 - rich Text
        if not self.ctx.settings.demo:
            return literal("")
        parts = [_("Chế độ thử (demo). Bản in xem trước (PNG): {path}", path=self.ctx.jobs_dir)]
        if getattr(self.app, "demo_pin", ""):
            parts.append(_("Mã PIN nhân viên demo: {pin}", pin=self.app.demo_pin))
        return literal("\n".join(parts), style="italic")

    def _large_text_label(self) -> str:
        return _("Chữ thường") if self.app.large_text.on else _("Aa  Chữ to")  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        for button in self.query("#large-text").results(Button):
            button.label = self._large_text_label()  # the last citizen's choice ended with their session

    @on(Button.Pressed, "#large-text")
    def _toggle_large_text(self) -> None:
        self.app.action_toggle_large_text()  # type: ignore[attr-defined]
        self.query_one("#large-text", Button).label = self._large_text_label()

    @on(Button.Pressed, "#choice-submit")
    def _submit(self) -> None:
        self.app.push_screen("search")  # installed by the app (one search screen, cleared per citizen)

    @on(Button.Pressed, "#choice-ticket")
    def _ticket(self) -> None:
        from kiosk.screens.ticket_only import TicketOnlyScreen

        self.app.push_screen(TicketOnlyScreen())

    @on(Button.Pressed, "#choice-lookup")
    def _lookup(self) -> None:
        from kiosk.screens.lookup import LookupScreen

        self.app.push_screen(LookupScreen())

    @on(Button.Pressed, "#choice-rating")
    def _rating(self) -> None:
        from kiosk.screens.rating import RatingScreen

        self.app.push_screen(RatingScreen())

    @on(Button.Pressed, "#choice-call-staff")
    def _call_staff(self) -> None:
        from kiosk.screens.call_staff import CallStaffScreen

        self.app.push_screen(CallStaffScreen())

    def on_scan(self, text: str) -> bool:
        """A receipt QR opens the look-up; an agent badge unlocks agent mode; other codes get a hint.

        An ID card or a queue ticket scanned here is a citizen trying to start, not a badge: it must not
        open the staff PIN dialog (nor count as a failed PIN).
        """
        from kiosk import services

        if services.parse_receipt_qr(text, getattr(self.app.site, "public_lookup_url", "") or "") is not None:
            from kiosk.screens.lookup import LookupScreen

            self.app.push_screen(LookupScreen(scanned=text))
            return True
        if services.parse_ticket_qr(text) is not None:
            self._show_ticket_place(text)
            return True
        if "|" in text or "://" in text:  # CCCD, ticket and other citizen documents; a web address is no badge
            self.app.notify(_("Quý khách vui lòng chọn việc cần làm trước (ví dụ “Nộp hồ sơ”), "
                              "rồi quét giấy tờ khi màn hình yêu cầu."), timeout=6, markup=False)
            return True
        from kiosk.screens.agent import AgentUnlockScreen

        self.app.push_screen(AgentUnlockScreen(badge=text))
        return True

    @work(thread=True, exclusive=True, group="ticket-place")
    def _show_ticket_place(self, text: str) -> None:
        """A queue ticket's QR: find where that ticket stands now (the ticket says "quét mã để xem lượt")."""
        from kiosk import services

        try:
            self.post_message(TicketPlaceRead(services.ticket_place(self.ctx, text)))
        except services.ServiceError:
            self.post_message(TicketPlaceRead(None, failed=True))

    def on_ticket_place_read(self, message: TicketPlaceRead) -> None:
        """Say the scanned ticket's place in plain words."""
        place = message.place
        if message.failed:
            text = _("Chưa xem được lượt của vé này. Vui lòng thử lại hoặc hỏi nhân viên.")
        elif place is None:
            text = _("Không tìm thấy vé này trong hôm nay tại điểm này.")
        elif place.state == "waiting":
            text = _("Số {number}: còn {n} người trước Quý khách.", number=place.number, n=place.ahead)
        elif place.state in ("called", "serving"):
            text = _("Số {number} đã được gọi, mời Quý khách đến {counter}.", number=place.number,
                     counter=place.counter or _("quầy"))
        else:
            text = _("Số {number} đã được phục vụ xong hoặc đã qua lượt. Vui lòng hỏi nhân viên nếu cần.",
                     number=place.number)
        self.app.notify(text, timeout=8, markup=False)
