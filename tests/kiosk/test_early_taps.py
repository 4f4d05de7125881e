"""A tap that comes early is not dropped: nothing moves or is replaced under the finger after a screen shows."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Button, Static

from tests.fixtures.kiosk_app import settle
from tests.fixtures.pilot import _original_click

SIZE = (120, 40)


async def test_first_tap_on_welcome_opens_search_without_waiting(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # the raw Pilot click (no wait for a stable target): where the button is in the very first frame
        assert await _original_click(pilot, "#choice-submit")
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "SearchScreen"


async def test_welcome_choices_stay_put_when_the_site_info_arrives(kiosk_app):
    site = kiosk_app.site
    assert site is not None and site.name  # read by make_app, before the first frame
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        button = kiosk_app.screen.query_one("#choice-submit", Button)
        first = button.region
        hours = kiosk_app.screen.query_one("#opening-hours", Static)
        assert site.address in str(hours.render())
        for changed in (None, replace(site, address=""), site):  # not read yet / no address / the worker's answer
            kiosk_app.site = changed
            await pilot.pause()
            await pilot.pause()
            assert button.region == first, changed


async def test_a_pushed_screen_is_laid_out_with_its_breakpoint_class_from_the_first_frame(kiosk_app):
    from kiosk.screens.call_staff import CallStaffScreen

    async with kiosk_app.run_test(size=(80, 24)) as pilot:  # a short terminal: class -short
        await pilot.pause()
        assert kiosk_app.screen.has_class("-short")
        screen = CallStaffScreen()
        layouts: list[bool] = []
        screen.screen_layout_refresh_signal.subscribe(
            kiosk_app.screen, lambda s: layouts.append(s.has_class("-short")), immediate=True)
        await kiosk_app.push_screen(screen)
        await settle(kiosk_app, pilot)
        assert layouts and all(layouts), layouts  # the first layout already had it: nothing moved afterwards


async def test_queue_list_arriving_does_not_replace_the_priority_buttons(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-ticket")
        await settle(kiosk_app, pilot)
        screen = kiosk_app.screen
        elderly = screen.query_one("#prio-elderly", Button)
        queue_region = screen.query_one("#queue-tn", Button).region
        screen.post_message(type(screen).QueuesLoaded(screen.queues))  # the list arrives (again) mid-tap
        await settle(kiosk_app, pilot)
        assert screen.query_one("#prio-elderly", Button) is elderly  # the button under the finger is the same
        assert screen.query_one("#queue-tn", Button).region == queue_region
        await pilot.click("#prio-elderly")
        await pilot.click("#queue-tn")
        await settle(kiosk_app, pilot)
        assert "Người cao tuổi" in str(screen.query_one("#ticket-priority", Static).render())


async def test_procedure_minute_refresh_keeps_buttons_and_scroll(kiosk_app):
    from kiosk.screens.procedure import ProcedureScreen

    async with kiosk_app.run_test(size=(120, 20)) as pilot:  # short: the documents list scrolls
        await kiosk_app.push_screen(ProcedureScreen("1.001193"))
        await settle(kiosk_app, pilot)
        screen = kiosk_app.screen
        submit = screen.query_one("#start-submission", Button)
        scroll = screen.query_one("#procedure-detail")
        scroll.scroll_end(animate=False)
        await pilot.pause()
        assert scroll.scroll_y > 0
        at = scroll.scroll_y
        screen._fetch()  # what the one-minute timer runs
        await settle(kiosk_app, pilot)
        assert screen.query_one("#start-submission", Button) is submit and not submit.disabled
        assert scroll.scroll_y == at
        await pilot.click("#start-submission")
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "ConsentScreen"
