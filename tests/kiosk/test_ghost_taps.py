"""A second tap that lands on the next screen (a double tap, a bounce) is not a decision.

Taps here go the way a touchscreen's go: mouse press and release events posted to the app (the driver's
path), not Pilot's clicks, which skip the app's input handling.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from textual import events
from textual.widget import Widget

from tests.fixtures.kiosk_app import settle
from tests.kiosk.test_submit_support import KHAI_SINH, SIZE, enter_phone, read_id, wait_screen

GAPS = [0.1, 0.3, 0.5]


def _centre(app, selector: str) -> tuple[int, int]:  # noqa: ANN001
    widget: Widget = app.screen.query_one(selector)
    region = widget.region
    return region.x + region.width // 2, region.y + region.height // 2


async def _finger(app, x: int, y: int) -> None:  # noqa: ANN001
    """One tap at screen cell (x, y): press, then release 60 ms later."""
    common = dict(widget=None, x=x, y=y, delta_x=0, delta_y=0, button=1, shift=False, meta=False, ctrl=False,
                  screen_x=x, screen_y=y)
    app.post_message(events.MouseDown(**common))
    await asyncio.sleep(0.06)
    app.post_message(events.MouseUp(**common))


async def _double_tap(pilot, first: str, then: str, next_screen: str, gap: float) -> None:  # noqa: ANN001
    """Tap ``first``; ``gap`` s after it, tap where ``then`` is on the next screen (or the same spot)."""
    app = pilot.app
    spot = _centre(app, first)
    started = time.monotonic()
    await _finger(app, *spot)
    while time.monotonic() - started < gap:
        await asyncio.sleep(0.01)
    if type(app.screen).__name__ == next_screen and app.screen.query(then):
        spot = _centre(app, then)
    await _finger(app, *spot)
    await wait_screen(pilot, next_screen)
    await asyncio.sleep(0.3)
    await settle(app, pilot)


@pytest.mark.parametrize("gap", GAPS)
async def test_double_tap_on_submit_does_not_agree_to_consent(kiosk_app, gap: float) -> None:
    from kiosk.screens.procedure import ProcedureScreen

    async with kiosk_app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await kiosk_app.push_screen(ProcedureScreen(KHAI_SINH))
        await settle(kiosk_app, pilot)
        await asyncio.sleep(kiosk_app.GHOST_TAP_S)
        await _double_tap(pilot, "#start-submission", "#consent-agree", "ConsentScreen", gap)
        assert type(kiosk_app.screen).__name__ == "ConsentScreen"
        assert kiosk_app.session.consent_id is None
        # a deliberate tap, later, is taken
        await asyncio.sleep(kiosk_app.GHOST_TAP_S)
        await _finger(kiosk_app, *_centre(kiosk_app, "#consent-agree"))
        await wait_screen(pilot, "IdCardScreen")
        assert kiosk_app.session.consent_id is not None


@pytest.mark.parametrize("gap", GAPS)
async def test_double_tap_on_all_at_counter_does_not_choose_the_return_method(kiosk_app, gap: float) -> None:
    from tests.kiosk.test_submit_support import start

    async with kiosk_app.run_test(size=SIZE) as pilot:
        await start(kiosk_app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await read_id(pilot)
        await enter_phone(pilot)
        await settle(kiosk_app, pilot)
        await asyncio.sleep(kiosk_app.GHOST_TAP_S)
        await _double_tap(pilot, "#docs-all-counter", "#return-counter", "ReturnMethodScreen", gap)
        assert type(kiosk_app.screen).__name__ == "ReturnMethodScreen"


async def _hold(app, x: int, y: int, seconds: float) -> None:  # noqa: ANN001
    common = dict(widget=None, x=x, y=y, delta_x=0, delta_y=0, button=1, shift=False, meta=False, ctrl=False,
                  screen_x=x, screen_y=y)
    app.post_message(events.MouseDown(**common))
    await asyncio.sleep(seconds)
    app.post_message(events.MouseUp(**common))


async def test_staff_entry_is_hidden_from_citizens_and_opens_on_a_long_press(kiosk_app) -> None:
    from kiosk.widgets.header import LONG_PRESS_S

    async with kiosk_app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await settle(kiosk_app, pilot)
        assert not kiosk_app.screen.query_one("#agent-button").display  # no "Nhân viên" button for citizens
        assert not kiosk_app.screen.query_one("#lang-toggle").can_focus  # a scanner's Enter cannot press it
        name = _centre(kiosk_app, "#site-name")
        await _hold(kiosk_app, *name, 0.2)  # a citizen's tap on the name does nothing
        await asyncio.sleep(0.3)
        assert type(kiosk_app.screen).__name__ == "WelcomeScreen"
        await _hold(kiosk_app, *name, LONG_PRESS_S + 0.2)
        await wait_screen(pilot, "AgentUnlockScreen")
