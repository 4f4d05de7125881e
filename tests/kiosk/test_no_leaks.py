"""A kiosk runs for months: screens a citizen leaves are freed, not kept alive by app-level watchers."""

from __future__ import annotations

import gc

from tests.fixtures.kiosk_app import settle
from tests.kiosk.test_submit_support import SIZE, wait_screen

ROUNDS = 25


def _alive(kind: str) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o).__name__ == kind)


async def test_screens_left_behind_are_freed(kiosk_app) -> None:
    from kiosk.screens.call_staff import CallStaffScreen
    from kiosk.screens.lookup import LookupScreen

    async with kiosk_app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await settle(kiosk_app, pilot)
        before = _alive("KioskHeader")
        for round_ in range(ROUNDS):
            await kiosk_app.push_screen(LookupScreen() if round_ % 2 else CallStaffScreen())
            await settle(kiosk_app, pilot)
            kiosk_app.action_home()
            await settle(kiosk_app, pilot)
        kiosk_app.site = kiosk_app.site  # no change: Textual's own watchers would only be pruned on a change
        await settle(kiosk_app, pilot)
        assert _alive("KioskHeader") - before <= 2, "headers of closed screens are still alive"
        # Bounded, not growing with the rounds (13 of each were opened): Textual keeps the most recent finished
        # worker of a screen (here CallStaffScreen's staff call) for a moment after the screen closed.
        assert _alive("LookupScreen") <= 2 and _alive("CallStaffScreen") <= 2
