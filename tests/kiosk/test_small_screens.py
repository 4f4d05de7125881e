"""At the smallest supported terminal (80x24) the Done screen still shows what the citizen must keep."""

from __future__ import annotations

import pytest

from tests.kiosk.test_submit_support import Taps, start, text_of, wait_for, wait_screen, walk_to_review


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_done_screen_shows_the_whole_reference_the_print_status_and_the_finish_button(kiosk_app_factory,
                                                                                            size):
    app = kiosk_app_factory()  # no printer: the status says so
    async with app.run_test(size=size) as pilot:
        await start(app, pilot)
        await walk_to_review(app, pilot, Taps(pilot), postal=True)
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        await wait_for(pilot, lambda: "-fault" in app.screen.query_one("#print-status").classes, what="fault")
        screen = app.screen
        reference = screen.query_one("#done-reference")
        assert reference.region.width >= len(text_of(app, "#done-reference"))  # never cut
        for selector in ("#done-reference", "#done-secret", "#done-ticket", "#print-status", "#done-finish"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= size[1], (selector, region)
        assert screen.query_one("#done-finish").region.height >= 3
