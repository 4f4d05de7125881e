"""Numeric keypad for PINs and phone numbers (big keys, no focus stealing)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Button

from kiosk.messages import _
from kiosk.widgets.keyboard import flash


class NumericKeypad(Grid):
    """A 3×4 keypad: digits, delete, OK. Posts :class:`NumericKeypad.Pressed` per key."""

    class Pressed(Message):
        """A keypad key was tapped: a digit, ``back`` or ``ok``."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def compose(self) -> ComposeResult:
        for label in "123456789":
            yield self._key(label, f"kp-{label}")
        yield self._key(_("Xóa"), "kp-back")
        yield self._key("0", "kp-0")
        yield self._key(_("Đồng ý"), "kp-ok", "kp-ok")

    @staticmethod
    def _key(label: str, key_id: str, extra: str = "") -> Button:
        button = Button(label, id=key_id, classes=f"kp-key {extra}".strip())
        button.can_focus = False
        # Button ignores a second tap while its 0.2 s "pressed" effect runs; a keyboard must not ("000").
        button.active_effect_duration = 0
        return button

    @on(Button.Pressed, ".kp-key")
    def _tapped(self, event: Button.Pressed) -> None:
        event.stop()
        flash(event.button)
        key = (event.button.id or "").removeprefix("kp-")
        self.post_message(self.Pressed(key))
