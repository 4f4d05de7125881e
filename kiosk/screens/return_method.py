"""Step 8: how the result comes back: at the counter, or home by post (address prefilled from the ID)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from core.text import sanitize
from kiosk.messages import _
from kiosk.screens.flow import FlowScreen, procedure_of, session_of, show_only
from kiosk.widgets.keyboard import OnScreenKeyboard

#: Shortest delivery address accepted (a street or hamlet plus a commune and province).
MIN_ADDRESS_CHARS = 10


class ReturnMethodScreen(FlowScreen):
    """Two big choices; choosing one goes on. The postal address can be edited with the keyboard."""

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách chọn nơi nhận kết quả.")

    STEP = "return_method"
    TITLE_VI = "Nhận kết quả"

    def __init__(self) -> None:
        super().__init__()
        self.editing = False

    def compose_step(self) -> ComposeResult:
        """The two choices, the address and the editor (hidden until asked for)."""
        yield Static(_("Quý khách muốn nhận kết quả ở đâu?"), id="return-question", classes="sf-heading")
        with Vertical(id="return-choices", classes="hidden" if self.editing else ""):
            yield Button(_("Nhận tại quầy của điểm phục vụ này"), id="return-counter", classes="sf-primary sf-big sf-choice")
            has_phone = bool(session_of(self.app).phone)
            # The postman needs a number to call; without one the result waits at the counter.
            yield Button(_("Nhận tại nhà qua bưu điện") if has_phone
                         else _("Nhận tại nhà qua bưu điện (cần số điện thoại)"),
                         id="return-post", classes="sf-primary sf-big sf-choice", disabled=not has_phone)
            yield Static(self._address_text(), id="return-address", classes="sf-address")
            yield Button(_("Sửa địa chỉ nhận"), id="return-edit", classes="sf-secondary")
        note = procedure_of(self.app).postal_note
        if note:
            yield Static(Text(note), id="return-note", classes="sf-note")
        with Vertical(id="return-editor", classes="sf-panel" if self.editing else "sf-panel hidden"):
            yield Static(_("Địa chỉ nhận kết quả (số nhà, đường/thôn, xã/phường, tỉnh/thành phố)"),
                         classes="sf-instruction")
            yield Input(id="return-address-input", max_length=300)
            yield Static("", id="return-error", classes="sf-error", markup=False)
            with Horizontal(classes="sf-actions"):
                # 3 rows (not 5): the keyboard below must fit above the Back/Home bar with a row to spare
                yield Button(_("Lưu địa chỉ"), id="return-address-save", classes="sf-primary")
                yield Button(_("Không sửa"), id="return-address-cancel", classes="sf-secondary")
            # the text keyboard: capitals, house numbers, "/ - , ." and Telex on (the slip prints the diacritics)
            yield OnScreenKeyboard("return-address-input", telex=True, numbers=True, id="return-keyboard")

    def _address_text(self) -> Text:
        address = session_of(self.app).delivery_address
        text = Text(_("Giao đến: "), style="bold")
        text.append(address or _("(chưa có địa chỉ)"))
        return text

    def _show_address(self) -> None:
        self.query_one("#return-address", Static).update(self._address_text())

    def _show_editor(self, show: bool) -> None:
        self.editing = show
        show_only(self, {"edit": "return-editor", "choose": "return-choices"}, "edit" if show else "choose")
        if show:
            field = self.query_one("#return-address-input", Input)
            field.value = session_of(self.app).delivery_address
            field.cursor_position = len(field.value)
            field.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Choose, edit, save."""
        button_id = event.button.id
        session = session_of(self.app)
        if button_id == "return-counter":
            event.stop()
            session.return_method = "counter"
            self.advance()
        elif button_id == "return-post":
            event.stop()
            if len(session.delivery_address.strip()) < MIN_ADDRESS_CHARS:
                self._show_editor(True)
                return
            session.return_method = "post"
            self.advance()
        elif button_id == "return-edit":
            event.stop()
            self._show_editor(True)
        elif button_id == "return-address-save":
            event.stop()
            self.action_save_address()
        elif button_id == "return-address-cancel":
            event.stop()
            self._show_editor(False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter on a hardware keyboard saves the address."""
        event.stop()
        self.action_save_address()

    def action_save_address(self) -> None:
        """Keep the edited address (then the citizen taps "by post" to choose it)."""
        address = sanitize(self.query_one("#return-address-input", Input).value)
        if len(address) < MIN_ADDRESS_CHARS:
            self.say("#return-error", "Địa chỉ quá ngắn. Hãy ghi số nhà, đường hoặc thôn, xã/phường, tỉnh/thành phố.")
            return
        session_of(self.app).delivery_address = address
        self.say("#return-error", "")
        self._show_editor(False)
        self._show_address()
