"""Phone step: digits typed, then Back to check the ID card and forward again, are still there."""

from __future__ import annotations

from tests.fixtures.kiosk_app import settle
from tests.kiosk.test_submit_support import SIZE, read_id, start, text_of, wait_screen


async def test_typed_digits_survive_going_back_a_step(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await read_id(pilot)
        for digit in "91234":
            await pilot.click(f"#kp-{digit}")
        await pilot.click("#back")
        await wait_screen(pilot, "IdCardScreen")
        await pilot.click("#id-confirm")
        await wait_screen(pilot, "PhoneScreen")
        await settle(app, pilot)
        assert text_of(app, "#phone-display").startswith("0912 34")
        app.action_home()  # the next citizen starts from an empty number
        await settle(app, pilot)
        assert not app.session.extra
