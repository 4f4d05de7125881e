"""On-screen keyboard for touch: letters with a Shift key, Vietnamese tones by Telex, digits and punctuation."""

from __future__ import annotations

import re

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
DIGITS = "1234567890"
#: Digit row of the code keyboard (look-up references such as ``000.00.16.H26-261120-0001``).
CODE_DIGIT_ROW = DIGITS + "-."
#: Digit row of the text keyboard (house numbers "12/3", dates, "Ngõ 5-7").
TEXT_DIGIT_ROW = DIGITS + "/-"
#: Punctuation after the last letter row of the text keyboard.
TEXT_PUNCTUATION = ",."
#: Key ids of the symbols (ids cannot hold them).
SYMBOL_NAMES = {"-": "dash", ".": "dot", ",": "comma", "/": "slash"}
#: Recent taps kept to put taps that arrive out of order back in the order they were made.
TAP_HISTORY = 24
#: Shift states: off, capital for the next letter only, capitals until tapped again.
SHIFT_STATES = ("off", "once", "lock")


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
    """Big keys that type into an :class:`Input` (the target).

    Three layouts: the plain keyboard (letters, Shift, Telex toggle: search), the text keyboard
    (``numbers``: also digits and ``/ - , .``, for addresses, names and comments) and the code keyboard
    (``digits``: digits, ``- .`` and letters typed as capitals, no Telex: look-up codes). The Shift key
    ("Chữ hoa") gives one capital, a second tap keeps capitals on, a third turns them off; the letter keys
    show the case they type. The Telex toggle ("Gõ dấu: Bật/Tắt") shows its state. Keys respect the
    target's ``max_length`` and ``restrict``; a target that takes only digits (a date, an ID number) shows
    only the digit keys.

    Args:
        target: Id of the Input to type into (looked up on the screen; may change, see :attr:`target`).
        telex: Start with Telex composition on (aa→â, s f r x j tones); off suits Latin words and codes.
        digits: The code keyboard.
        numbers: The text keyboard (digits and punctuation besides the letters).
    """

    class Typed(Message):
        """A key was tapped and the target's value changed."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def __init__(self, target: str, *, telex: bool = False, digits: bool = False, numbers: bool = False,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self._target = target
        self.telex = telex and not digits
        self.digits = digits
        self.numbers = numbers and not digits
        self.shift = "off"

    @property
    def target(self) -> str:
        """Id of the Input the keys type into; setting it fits the keys to that Input (digits only or all)."""
        return self._target

    @target.setter
    def target(self, value: str) -> None:
        self._target = value
        if self.is_mounted:
            self._fit_keys()

    def compose(self) -> ComposeResult:
        if self.digits:
            digit_row, last_row_extra = CODE_DIGIT_ROW, ""
        elif self.numbers:
            digit_row, last_row_extra = TEXT_DIGIT_ROW, TEXT_PUNCTUATION
        else:
            digit_row, last_row_extra = "", ""
        with Vertical(classes="kb-rows"):
            if digit_row:
                with Horizontal(classes="kb-row kb-digits"):
                    for ch in digit_row:
                        yield self._key(ch, f"kb-{_key_id(ch)}", "" if ch.isdigit() else "kb-sym")
            for number, row in enumerate(LETTER_ROWS):
                with Horizontal(classes="kb-row kb-letters"):
                    if number == len(LETTER_ROWS) - 1 and not self.digits:
                        yield self._key(self._shift_label(), "kb-shift", "kb-mode")
                    for ch in row:
                        yield self._key(self._letter_label(ch), f"kb-{ch}", "kb-letter")
                    if number == len(LETTER_ROWS) - 1:
                        for ch in last_row_extra:
                            yield self._key(ch, f"kb-{_key_id(ch)}", "kb-sym")
            with Horizontal(classes="kb-row kb-bottom"):
                yield self._key(_("Cách"), "kb-space", "kb-wide kb-sym")
                yield self._key(_("Xóa"), "kb-backspace", "kb-wide")
                yield self._key(_("Xóa hết"), "kb-clear", "kb-wide")
                if not self.digits:
                    yield self._key(self._telex_label(), "kb-telex", "kb-wide kb-mode")

    def _telex_label(self) -> str:
        return _("Gõ dấu: Bật") if self.telex else _("Gõ dấu: Tắt")

    def _shift_label(self) -> str:
        return "⇪ " + _("CHỮ HOA") if self.shift == "lock" else "⇧ " + _("Chữ hoa")

    def _letter_label(self, ch: str) -> str:
        return ch.upper() if self.digits or self.shift != "off" else ch

    @staticmethod
    def _key(label: str, key_id: str, extra: str = "") -> Button:
        return KeyButton(label, id=key_id, classes=f"kb-key {extra}".strip())

    def on_mount(self) -> None:
        # (stamp, key, target id, value before the tap, value after it), oldest first
        self._history: list[tuple[float, str, str, str, str]] = []
        self._show_modes()
        self._fit_keys()

    def _show_modes(self) -> None:
        """Light the Shift and Telex keys when on, and show the letters in the case they type."""
        for key in self.query("#kb-telex").results(Button):
            key.label = self._telex_label()
            key.set_class(self.telex, "-on")
        for key in self.query("#kb-shift").results(Button):
            key.label = self._shift_label()
            key.set_class(self.shift != "off", "-on")
        for key in self.query(".kb-letter").results(Button):
            key.label = self._letter_label((key.id or "").removeprefix("kb-"))

    def _fit_keys(self) -> None:
        """Show only the digit keys when the target takes nothing else."""
        target = self._target_input()
        self.set_class(target is not None and digits_only(target), "-digits-only")

    def _target_input(self) -> Input | None:
        try:
            return self.screen.query_one(f"#{self.target}", Input)
        except Exception:  # noqa: BLE001 - not mounted yet, or the target is gone
            return None

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
            self._history.clear()  # taps before and after the switch are composed differently
            self._show_modes()
            return
        if key_id == "kb-shift":
            self.shift = SHIFT_STATES[(SHIFT_STATES.index(self.shift) + 1) % len(SHIFT_STATES)]
            self._show_modes()
            return
        key = _key_char(key_id)
        if len(key) == 1 and key.isalpha():
            if self.digits or self.shift != "off":
                key = key.upper()
            if self.shift == "once":
                self.shift = "off"
                self._show_modes()
        target = self.screen.query_one(f"#{self.target}", Input)
        history = self._history
        if history and (history[-1][2] != self.target or history[-1][4] != target.value):
            history.clear()  # typed elsewhere or changed by other means since: start afresh
        # A tap made before taps already applied (it arrived late): replay from where it belongs.
        at = len(history)
        while at > 0 and history[at - 1][0] > stamp:
            at -= 1
        value = history[at][3] if at < len(history) else target.value
        replay = [(stamp, key)] + [(h[0], h[1]) for h in history[at:]]
        del history[at:]
        for tap_stamp, tap_key in replay:
            after = self._apply(value, tap_key, target)
            history.append((tap_stamp, tap_key, self.target, value, after))
            value = after
        del history[:-TAP_HISTORY]
        if target.value != value:
            target.value = value
        target.cursor_position = len(value)
        self.post_message(self.Typed(value))

    def _apply(self, value: str, key: str, target: Input) -> str:
        """The value after one key (``key`` is a character, or ``space``/``backspace``/``clear``).

        A key the target refuses (over ``max_length``, or outside its ``restrict`` pattern) leaves it as is.
        """
        if key == "space":
            after = value + " "
        elif key == "backspace":
            return value[:-1]
        elif key == "clear":
            return ""
        elif self.telex and key.isalpha():
            after = compose(value, key)
        else:
            after = value + key
        if target.max_length and len(after) > target.max_length:
            return value
        if target.restrict and not re.fullmatch(target.restrict, after):
            return value
        return after


def digits_only(field: Input) -> bool:
    """Whether ``field`` takes only digits (its ``restrict`` pattern refuses letters and spaces)."""
    pattern = field.restrict
    if not pattern:
        return False
    return bool(re.fullmatch(pattern, DIGITS)) and not any(re.fullmatch(pattern, ch) for ch in "a -")


def flash(button: Button) -> None:
    """Show a tap on a key for 0.15 s (the key itself accepts the next tap at once)."""
    button.add_class("-tapped")
    button.set_timer(0.15, lambda: button.remove_class("-tapped"))


def _key_id(ch: str) -> str:
    return SYMBOL_NAMES.get(ch, ch)


def _key_char(key_id: str) -> str:
    """The character of a key (``kb-dash`` → ``-``), or its name for the others (``space``, ``clear``)."""
    name = key_id.removeprefix("kb-")
    return {v: k for k, v in SYMBOL_NAMES.items()}.get(name, name)
