"""On-screen keyboard for touch: plain letters, Vietnamese tones by Telex composition, digits."""

from __future__ import annotations

from textual import events, on
from textual._time import get_time
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input

from kiosk.messages import _
from kiosk.widgets.telex import compose

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGIT_ROW = "1234567890"
#: Recent taps kept to put taps that arrive out of order back in the order they were made.
TAP_HISTORY = 24


class KeyButton(Button):
    """A key: never takes the focus, takes taps in quick succession, stamps each tap with its time.

    Each key's message travels through its own row container; under quick taps on keys of different rows
    the messages can reach the keyboard out of order ("ngõ" typed fast came out "nõg"). The stamp is the
    time of the click (made in input order by the app), so the keyboard can restore the order.
    """

    class Tapped(Message):
        """The key was tapped at ``stamp`` (Textual monotonic time of the click)."""

        def __init__(self, key: KeyButton, stamp: float) -> None:
            super().__init__()
            self.key = key
            self.stamp = stamp

    def __init__(self, label: str, *, id: str, classes: str = "") -> None:  # noqa: A002 - Textual's name
        super().__init__(label, id=id, classes=classes)
        self.can_focus = False  # keep the cursor in the target Input
        # Button ignores a second tap while its 0.2 s "pressed" effect runs; a keyboard must not ("000").
        self.active_effect_duration = 0

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        event.prevent_default()  # Button's own click handler would send a second (unstamped) Pressed
        if not self.disabled and self.display:
            self.post_message(self.Tapped(self, event.time))


class OnScreenKeyboard(Widget):
    """Big keys that type into an :class:`Input` (the target), with optional Telex composition.

    Args:
        target: Id of the Input to type into (looked up on the screen).
        telex: Start with Telex composition on (aa→â, s f r x j tones).
        digits: Add a row of digits and ``-`` ``.`` ``|`` (references, codes).
    """

    class Typed(Message):
        """A key was tapped and the target's value changed."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def __init__(self, target: str, *, telex: bool = True, digits: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.target = target
        self.telex = telex
        self.digits = digits

    def compose(self) -> ComposeResult:
        rows = ([DIGIT_ROW + "-."] if self.digits else []) + list(LETTER_ROWS)
        with Vertical(classes="kb-rows"):
            for row in rows:
                with Horizontal(classes="kb-row"):
                    for ch in row:
                        yield self._key(ch.upper() if ch.isalpha() else ch, f"kb-{_key_id(ch)}")
            with Horizontal(classes="kb-row"):
                yield self._key(_("Cách"), "kb-space", "kb-wide")
                yield self._key(_("Xóa"), "kb-backspace", "kb-wide")
                yield self._key(_("Xóa hết"), "kb-clear", "kb-wide")
                if not self.digits:
                    yield self._key(self._telex_label(), "kb-telex", "kb-wide")

    def _telex_label(self) -> str:
        return _("Gõ dấu: Bật") if self.telex else _("Gõ dấu: Tắt")

    @staticmethod
    def _key(label: str, key_id: str, extra: str = "") -> Button:
        return KeyButton(label, id=key_id, classes=f"kb-key {extra}".strip())

    def on_mount(self) -> None:
        # (stamp, key id, target id, value before the tap, value after it), oldest first
        self._history: list[tuple[float, str, str, str, str]] = []

    @on(KeyButton.Tapped)
    def _clicked(self, event: KeyButton.Tapped) -> None:
        event.stop()
        self._tap(event.key, event.stamp)

    @on(Button.Pressed, ".kb-key")
    def _tapped(self, event: Button.Pressed) -> None:
        """A key pressed without a click (``Button.press()``) counts as tapped now."""
        event.stop()
        self._tap(event.button, get_time())

    def _tap(self, button: Button, stamp: float) -> None:
        flash(button)
        key_id = button.id or ""
        if key_id == "kb-telex":
            self.telex = not self.telex
            button.label = self._telex_label()
            self._history.clear()  # taps before and after the switch are composed differently
            return
        target = self.screen.query_one(f"#{self.target}", Input)
        history = self._history
        if history and (history[-1][2] != self.target or history[-1][4] != target.value):
            history.clear()  # typed elsewhere or changed by other means since: start afresh
        # A tap made before taps already applied (it arrived late): replay from where it belongs.
        at = len(history)
        while at > 0 and history[at - 1][0] > stamp:
            at -= 1
        value = history[at][3] if at < len(history) else target.value
        replay = [(stamp, key_id)] + [(h[0], h[1]) for h in history[at:]]
        del history[at:]
        for tap_stamp, tap_key in replay:
            after = self._apply(value, tap_key, target.max_length)
            history.append((tap_stamp, tap_key, self.target, value, after))
            value = after
        del history[:-TAP_HISTORY]
        target.value = value
        target.cursor_position = len(value)
        self.post_message(self.Typed(value))

    def _apply(self, value: str, key_id: str, max_length: int) -> str:
        """The value after one key."""
        if key_id == "kb-space":
            value += " "
        elif key_id == "kb-backspace":
            value = value[:-1]
        elif key_id == "kb-clear":
            value = ""
        else:
            ch = _key_char(key_id)
            value = compose(value, ch) if self.telex and ch.isalpha() else value + (ch.upper() if self.digits else ch)
        return value[:max_length] if max_length else value


def flash(button: Button) -> None:
    """Show a tap on a key for 0.15 s (the key itself accepts the next tap at once)."""
    button.add_class("-tapped")
    button.set_timer(0.15, lambda: button.remove_class("-tapped"))


def _key_id(ch: str) -> str:
    return {"-": "dash", ".": "dot"}.get(ch, ch)


def _key_char(key_id: str) -> str:
    name = key_id.removeprefix("kb-")
    return {"dash": "-", "dot": "."}.get(name, name)
