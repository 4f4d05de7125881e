"""Look up one's own dossiers with the ID card (CCCD) scanned on the look-up screen and the phone's last 4 digits.

Three panels: the 4 digits on a keypad → the person's open dossiers (masked: procedure, short code, status,
appointment) → one dossier's detail, as the receipt look-up shows it. Wrong digits, no dossier and a dossier
without a phone get one answer, so the screen never tells whether an ID number has dossiers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static

from core.privacy import mask_id
from kiosk import services
from kiosk.messages import _
from kiosk.screens import KioskScreen, literal
from kiosk.screens.lookup import summary_text, timeline_text
from kiosk.widgets import format as fmt
from kiosk.widgets.keypad import NumericKeypad

#: How many last digits of the phone the citizen types (``db.services.dossier_lookup.PHONE_DIGITS``).
DIGITS = 4


def item_label(item: Any) -> Text:
    """Two lines for one dossier of the list: procedure and short code; status and appointment."""
    out = Text(no_wrap=False)
    out.append(item.procedure_name, style="bold")
    out.append(f" · {_('Mã')} {item.short_reference}")
    out.append(f"\n{item.status_label} · ")
    out.append(f"{_('Hẹn trả')}: {fmt.date_time(item.appointment_at)}" if item.appointment_at is not None
               else _("Chưa có ngày hẹn"))
    return out


class LookupByIdScreen(KioskScreen):
    """CCCD + last phone digits → the person's open dossiers → one dossier's detail.

    Args:
        id_number: The scanned card's ID number (kept in memory only, shown masked).
        issued_on: The card's issue date, when its QR carries one.
    """

    # Screen CSS applies app-wide (and beats kiosk.tcss's type rules): every selector names this screen.
    CSS = """
    LookupByIdScreen #person-panel { height: 1fr; }
    LookupByIdScreen #person-row { height: auto; }
    LookupByIdScreen #person-left { width: 1fr; height: auto; padding: 0 1 0 0; }
    LookupByIdScreen.-short #person-keypad { width: 38; }
    LookupByIdScreen #person-card, LookupByIdScreen #person-instruction, LookupByIdScreen #person-notice,
    LookupByIdScreen #person-heading { height: auto; }
    LookupByIdScreen #person-notice { color: #bbbbbb; }
    LookupByIdScreen #person-digits { height: 3; content-align: left middle; text-style: bold; }
    LookupByIdScreen #person-message { height: auto; color: #ff9b9b; text-style: bold; }
    LookupByIdScreen #person-no-phone { width: 100%; height: 3; margin: 1 0 1 0; }
    LookupByIdScreen #person-list { height: 1fr; }
    LookupByIdScreen .person-dossier { width: 100%; height: 4; margin: 0 0 1 0; }
    LookupByIdScreen #person-detail { height: 1fr; }
    LookupByIdScreen #person-summary, LookupByIdScreen #person-timeline { height: auto; }
    LookupByIdScreen #person-actions { height: 4; padding: 0 0 1 0; }
    LookupByIdScreen #person-actions Button { width: 1fr; }
    """

    class Found(Message):
        """The look-up ran: ``dossiers`` is empty when nothing matched."""

        def __init__(self, dossiers: tuple[Any, ...]) -> None:
            super().__init__()
            self.dossiers = dossiers

    class Failed(Message):
        """The look-up was refused (throttled) or the database could not be asked."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, id_number: str, issued_on: date | None = None) -> None:
        super().__init__()
        self._id_number = id_number
        self._issued_on = issued_on
        self.digits = ""
        self.message = ""
        self.dossiers: tuple[Any, ...] | None = None
        self.chosen: Any = None
        self._busy = False

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách nhập 4 số cuối của số điện thoại đã khai khi nộp hồ sơ.")

    def __repr__(self) -> str:  # keep the ID number out of logs and tracebacks
        return f"LookupByIdScreen(id={mask_id(self._id_number)!r})"

    # --- panels --------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static(_("Tra cứu bằng thẻ căn cước"), classes="screen-title")
        if self.chosen is not None:
            with VerticalScroll(id="person-detail"):
                yield Static(summary_text(self.chosen.detail), id="person-summary")
                yield Static(Text(_("Quá trình xử lý"), style="bold underline"), classes="section-title")
                yield Static(timeline_text(self.chosen.detail), id="person-timeline")
            with Horizontal(id="person-actions"):
                yield Button(_("Quay lại danh sách"), id="person-back-list")
            return
        if self.dossiers:
            yield Static(_("Hồ sơ đang giải quyết của Quý khách. Chạm vào một hồ sơ để xem chi tiết."),
                         id="person-heading")
            with VerticalScroll(id="person-list"):
                for index, item in enumerate(self.dossiers):
                    yield Button(item_label(item), id=f"person-dossier-{index}", classes="person-dossier")
            return
        with VerticalScroll(id="person-panel"), Horizontal(id="person-row"):
            with Vertical(id="person-left"):
                yield Static(literal(f"{_('Thẻ căn cước')}: {mask_id(self._id_number)}", style="bold"),
                             id="person-card")
                yield Static(_("Nhập 4 số cuối của số điện thoại Quý khách đã khai khi nộp hồ sơ, rồi chạm "
                               "“Đồng ý”."), id="person-instruction")
                yield Static(_("Khi chạm “Đồng ý”, Quý khách đồng ý cho máy dùng số căn cước này chỉ để tìm hồ sơ "
                               "của mình."), id="person-notice")
                yield Static(self._digits_text(), id="person-digits")
                yield Static(self.message, id="person-message")
                yield Button(_("Tôi không khai số điện thoại"), id="person-no-phone")
            yield NumericKeypad(id="person-keypad")

    def _digits_text(self) -> str:
        return "  ".join(self.digits.ljust(DIGITS, "_"))

    def _show(self) -> None:
        """Re-build for the current panel; a tap still on its way belongs to the previous panel."""
        self.app.note_screen_change()  # type: ignore[attr-defined]
        self.refresh(recompose=True)

    def _say(self, text: str) -> None:
        self.message = text
        if self.query("#person-message"):
            self.query_one("#person-message", Static).update(text)

    # --- digits ------------------------------------------------------------------------------

    def on_numeric_keypad_pressed(self, message: NumericKeypad.Pressed) -> None:
        """Digits, delete and OK (OK runs the look-up once the 4 digits are there)."""
        message.stop()
        if self._busy:
            return
        if message.key == "ok":
            self._submit()
            return
        if message.key == "back":
            self.digits = self.digits[:-1]
        elif message.key.isdigit() and len(self.digits) < DIGITS:
            self.digits += message.key
        self._say("")
        self.query_one("#person-digits", Static).update(self._digits_text())

    def on_key(self, event: Any) -> None:
        """A hardware keyboard works too (digits, backspace, enter) on the digits panel."""
        if self.dossiers or self.chosen is not None:
            return
        key = event.character if event.character and event.character.isdigit() else {
            "backspace": "back", "enter": "ok"}.get(event.key)
        if key:
            event.stop()
            self.on_numeric_keypad_pressed(NumericKeypad.Pressed(key))

    def _submit(self) -> None:
        if len(self.digits) != DIGITS:
            self._say(_("Vui lòng nhập đủ 4 số cuối của số điện thoại."))
            return
        self._busy = True
        self._say(_("Đang tìm hồ sơ…"))
        self.show_error(None)
        self._lookup(self.digits)

    @work(thread=True, exclusive=True, group="lookup-person")
    def _lookup(self, digits: str) -> None:
        try:
            found = services.lookup_by_id_card(self.ctx, self._id_number, digits, self._issued_on)
        except services.ServiceError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Found(tuple(found)))

    def on_lookup_by_id_screen_found(self, message: Found) -> None:
        self._busy = False
        self.digits = ""
        if not message.dossiers:
            self._say(_("Không tìm thấy hồ sơ đang giải quyết với thẻ căn cước và 4 số điện thoại này. Vui lòng "
                        "kiểm tra lại 4 số, hoặc dùng mã trên giấy biên nhận, hoặc hỏi nhân viên tại quầy."))
            self.query_one("#person-digits", Static).update(self._digits_text())
            return
        self.dossiers, self.message = message.dossiers, ""
        self._show()

    def on_lookup_by_id_screen_failed(self, message: Failed) -> None:
        self._busy = False
        self.digits = ""
        self._say("")
        self.query_one("#person-digits", Static).update(self._digits_text())
        self.show_error(message.error)

    @on(Button.Pressed, "#person-no-phone")
    def _no_phone(self) -> None:
        self._say(_("Hồ sơ nộp không kèm số điện thoại thì không tra cứu được bằng thẻ căn cước. Quý khách vui "
                    "lòng dùng mã hồ sơ và mã tra cứu trên giấy biên nhận, hoặc hỏi nhân viên tại quầy."))

    # --- list and detail -----------------------------------------------------------------------

    @on(Button.Pressed, ".person-dossier")
    def _open(self, event: Button.Pressed) -> None:
        index = int((event.button.id or "").rsplit("-", 1)[-1])
        if self.dossiers and 0 <= index < len(self.dossiers):
            self.chosen = self.dossiers[index]
            self._show()

    @on(Button.Pressed, "#person-back-list")
    def _back_to_list(self) -> None:
        self.chosen = None
        self._show()

    def action_back(self) -> None:
        """Back from a dossier's detail shows the list again; otherwise the previous screen."""
        if self.chosen is not None:
            self._back_to_list()
            return
        super().action_back()

    def on_scan(self, text: str) -> bool:
        """Another scan here goes to the look-up screen below (a receipt, or another ID card)."""
        from kiosk.screens.lookup import LookupScreen

        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        if isinstance(below, LookupScreen):
            self.app.pop_screen()
            below.on_scan(text)
        return True
