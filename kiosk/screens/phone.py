"""Step 6: the citizen's mobile number on a big numeric keypad, validated as a Vietnamese mobile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.messages import _
from kiosk.screens.flow import FlowScreen, session_of
from kiosk.widgets.keypad import NumericKeypad

if TYPE_CHECKING:
    from textual.timer import Timer

#: Length of a Vietnamese mobile number (``0`` + 9 digits).
MOBILE_DIGITS = 10
#: Session ``extra`` key of the digits typed but not yet confirmed (kept when the citizen goes back a step).
DRAFT_KEY = "submit.phone_draft"
#: Seconds a complete, valid number stays on screen before the step goes on by itself (a tap on "Xóa" in
#: that time stops it, to fix the last digit; "OK" goes on at once). Saves the "OK" tap for most citizens.
AUTO_ADVANCE_S = 1.0


def format_phone(digits: str) -> str:
    """Group a number as ``0912 345 678`` for reading aloud."""
    return " ".join(part for part in (digits[:4], digits[4:7], digits[7:]) if part)


class PhoneScreen(FlowScreen):
    """Phone number entry: the leading 0 is already there; the citizen types the other 9 digits."""

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách nhập số điện thoại di động.")

    STEP = "phone"
    TITLE_VI = "Số điện thoại di động"

    def __init__(self) -> None:
        super().__init__()
        self.digits = "0"
        self._auto: Timer | None = None

    def compose_step(self) -> ComposeResult:
        """Whose dossier it is, display, error line, keypad and continue."""
        with Horizontal(id="phone-row"):
            with Vertical(id="phone-left"):
                yield Static(self._applicant_text(), id="phone-applicant", classes="sf-note")
                yield Static(
                    _("Nhập số điện thoại di động để nhận tin nhắn về hồ sơ và để bưu tá liên hệ khi trả kết quả."),
                    id="phone-instruction",
                    classes="sf-instruction",
                )
                yield Static("", id="phone-display", classes="phone-display", markup=False)
                yield Static("", id="phone-error", classes="sf-error", markup=False)
                yield Button(_("Tiếp tục"), id="phone-continue", classes="sf-primary sf-big")
                # Many elderly citizens have no mobile: the number is optional, and what that costs is said.
                yield Button(_("Tôi không có số di động"), id="phone-none", classes="sf-secondary")
                yield Static(_("Không có số: Quý khách sẽ không nhận được tin nhắn về hồ sơ "
                               "và chỉ nhận kết quả tại quầy."), id="phone-none-note", classes="sf-note")
            yield NumericKeypad(id="phone-keypad")

    def on_mount(self) -> None:
        """Show a number already entered (when coming back to this step)."""
        session = session_of(self.app)
        if session.phone:
            self.digits = session.phone
        elif session.extra.get(DRAFT_KEY):
            self.digits = session.extra[DRAFT_KEY]

    def restore(self) -> None:
        """Show the digits typed so far and any error."""
        super().restore()
        self._refresh()

    def _applicant_text(self) -> Text:
        """Whose dossier this is (the ID card step went on by itself when the card read cleanly)."""
        card = session_of(self.app).id_card
        if card is None:
            return Text("")
        text = Text(_("Người nộp") + ": ", style="bold")
        text.append(card.name)  # scanned text: literal, never markup
        text.append(" · " + _("Số định danh") + ": ", style="bold")
        text.append(card.masked_id)
        return text

    def _refresh(self) -> None:
        self.query_one("#phone-display", Static).update(format_phone(self.digits.ljust(MOBILE_DIGITS, "_")))

    def _cancel_auto(self) -> None:
        if self._auto is not None:
            self._auto.stop()
            self._auto = None
        self.query_one("#phone-error", Static).remove_class("-info")

    def _number_complete(self) -> None:
        """All 10 digits typed: go on by itself when it is a mobile number, else say what is wrong now."""
        from db.services.dossiers import DossierError, normalize_vn_mobile

        try:
            normalize_vn_mobile(self.digits)
        except DossierError:
            self.action_submit()  # shows why (the number is not a mobile number) and stays
            return
        self.say("#phone-error", "Đủ 10 số, đang chuyển sang bước sau. Cần sửa, chạm “Xóa”.")
        self.query_one("#phone-error", Static).add_class("-info")  # a note, not an error
        self._auto = self.set_timer(AUTO_ADVANCE_S, self._auto_advance, name="phone-auto-advance")

    def _auto_advance(self) -> None:
        self._auto = None
        if self.is_current and len(self.digits) == MOBILE_DIGITS:
            self.action_submit()

    def on_numeric_keypad_pressed(self, message: NumericKeypad.Pressed) -> None:
        """Digits, delete and OK from the keypad."""
        message.stop()
        key = message.key
        if key == "ok":
            self.action_submit()
            return
        self._cancel_auto()
        self.say("#phone-error", "")
        typed = False
        if key == "back":
            self.digits = self.digits[:-1]
        elif key.isdigit() and len(self.digits) < MOBILE_DIGITS:
            if self.digits == "0" and key == "0":
                return  # the leading 0 is already there
            self.digits += key
            typed = True
        session_of(self.app).extra[DRAFT_KEY] = self.digits  # Back to the ID card must not lose it
        self._refresh()
        if typed and len(self.digits) == MOBILE_DIGITS:
            self._number_complete()  # only on typing the last digit: coming back to a full number waits for OK

    def on_key(self, event) -> None:  # noqa: ANN001 - textual.events.Key
        """A hardware keyboard works too (digits, backspace, enter)."""
        if event.character and event.character.isdigit():
            event.stop()
            self.on_numeric_keypad_pressed(NumericKeypad.Pressed(event.character))
        elif event.key == "backspace":
            event.stop()
            self.on_numeric_keypad_pressed(NumericKeypad.Pressed("back"))
        elif event.key == "enter":
            event.stop()
            self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Continue."""
        if event.button.id == "phone-continue":
            event.stop()
            self.action_submit()
        elif event.button.id == "phone-none":
            event.stop()
            self.action_no_phone()

    def action_no_phone(self) -> None:
        """Go on without a number: no text messages, result at the counter only."""
        self._cancel_auto()
        session = session_of(self.app)
        session.phone = ""
        session.extra.pop(DRAFT_KEY, None)
        self.advance()

    def action_submit(self) -> None:
        """Validate the number; keep it and go on, or say what is wrong."""
        from db.services.dossiers import DossierError, normalize_vn_mobile

        self._cancel_auto()
        try:
            phone = normalize_vn_mobile(self.digits)
        except DossierError:
            if len(self.digits) < MOBILE_DIGITS:
                self.say("#phone-error", "Số điện thoại di động có 10 chữ số. Quý khách mới nhập {n} chữ số.",
                         n=len(self.digits))
            else:
                self.say("#phone-error", "Số này không phải số di động Việt Nam (bắt đầu bằng 03, 05, 07, 08 hoặc 09).")
            return
        session_of(self.app).phone = phone
        self.advance()
