"""Very fast taps on the on-screen keyboard: letters stay in the order they were tapped."""

from __future__ import annotations

from textual.widgets import Input

from kiosk.widgets.keyboard import KeyButton, OnScreenKeyboard
from tests.fixtures.kiosk_app import settle

SIZE = (120, 40)


async def _open_search(app, pilot) -> None:
    """Tap "Nộp hồ sơ" and wait for the search screen (it can take a while on a loaded machine)."""
    for attempt in range(100):
        if attempt % 20 == 0 and app.screen.query("#choice-submit"):
            await pilot.click("#choice-submit")  # again if an early tap fell into the press effect
        await settle(app, pilot)
        if app.screen.query(OnScreenKeyboard):
            return
        await pilot.pause(0.1)
    raise AssertionError(f"search screen did not open; still on {type(app.screen).__name__}")


async def _tap_out_of_order(app, pilot, taps: list[tuple[str, float]]) -> str:
    """Deliver taps (key, click time) in the given arrival order, as quick taps on different rows can."""
    keyboard = app.screen.query_one(OnScreenKeyboard)
    for key, stamp in taps:
        button = app.screen.query_one(f"#kb-{key}", KeyButton)
        keyboard.post_message(KeyButton.Tapped(button, stamp))
    await settle(app, pilot)
    return app.screen.query_one("#search-input", Input).value


async def test_taps_arriving_out_of_order_are_put_back_in_order(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _open_search(kiosk_app, pilot)
        await pilot.click("#kb-telex")  # the search starts with Telex off
        # n g o x (Telex: "ngõ") tapped at t=1..4 but arriving n, x, g, o
        value = await _tap_out_of_order(kiosk_app, pilot, [("n", 101.0), ("x", 104.0), ("g", 102.0), ("o", 103.0)])
        assert value == "ngõ"
        value = await _tap_out_of_order(kiosk_app, pilot, [("space", 106.0), ("backspace", 105.0)])
        assert value == "ng "  # backspace (earlier) removed the tone-marked õ, then the space


async def test_real_clicks_in_quick_succession_type_in_order(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _open_search(kiosk_app, pilot)
        for key in ("k", "h", "a", "i", "space", "s", "i", "n", "h"):
            await pilot.click(f"#kb-{key}")
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen.query_one("#search-input", Input).value == "khai sinh"


async def test_typing_elsewhere_starts_a_fresh_history(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _open_search(kiosk_app, pilot)
        await _tap_out_of_order(kiosk_app, pilot, [("a", 201.0)])
        kiosk_app.screen.query_one("#search-input", Input).value = "xyz"  # e.g. a hardware keyboard
        value = await _tap_out_of_order(kiosk_app, pilot, [("b", 200.0)])  # older stamp, but history is stale
        assert value == "xyzb"
