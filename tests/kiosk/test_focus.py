"""Keyboard users: each screen starts with the focus where typing or Enter makes sense."""

from __future__ import annotations

from tests.fixtures.kiosk_app import settle

SIZE = (120, 40)


async def test_welcome_starts_on_submit_and_enter_does_not_switch_language(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await settle(kiosk_app, pilot)
        assert kiosk_app.focused is not None and kiosk_app.focused.id == "choice-submit"
        await pilot.press("enter")
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "SearchScreen"


async def test_search_box_has_the_focus_again_for_the_next_citizen(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await settle(kiosk_app, pilot)
        await pilot.press(*"khai sinh")
        await settle(kiosk_app, pilot)
        await pilot.click("#result-0")  # the tapped result button takes the focus
        await settle(kiosk_app, pilot)
        kiosk_app.action_home()
        await settle(kiosk_app, pilot)
        await pilot.click("#choice-submit")
        await settle(kiosk_app, pilot)
        assert kiosk_app.focused is not None and kiosk_app.focused.id == "search-input"
        await pilot.press(*"ho chieu")
        assert kiosk_app.screen.query_one("#search-input").value == "ho chieu"


async def test_lookup_types_into_the_reference_at_once(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-lookup")
        await settle(kiosk_app, pilot)
        assert kiosk_app.focused is not None and kiosk_app.focused.id == "lookup-reference"


async def test_still_there_question_hides_what_is_behind_it(kiosk_app):
    from kiosk.screens.idle import IdleScreen

    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-lookup")
        await settle(kiosk_app, pilot)
        kiosk_app.push_screen(IdleScreen(20))
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen.styles.background.a == 1.0  # opaque: the previous screen is not shown
