"""The search says when it is only guessing: a query for something the catalogue lacks is not answered as certain."""

from __future__ import annotations

from textual.widgets import Button, Input, Static

from tests.fixtures.kiosk_app import settle

SIZE = (120, 40)


def _title(app) -> str:
    return str(app.screen.query_one("#results-title", Static).render())


async def _search(app, pilot, text: str) -> None:
    await pilot.click("#choice-submit")
    await settle(app, pilot)
    app.screen.query_one("#search-input", Input).value = text
    await settle(app, pilot)


async def test_confident_answer_has_no_unsure_offer(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _search(kiosk_app, pilot, "lam giay khai sinh cho con")
        assert not kiosk_app.screen.unsure
        assert not kiosk_app.screen.query_one("#unsure-actions").display
        await pilot.press("enter")  # Enter opens the first (confident) result
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "ProcedureScreen"


async def test_a_guess_is_offered_as_a_suggestion_with_browse_and_staff(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _search(kiosk_app, pilot, "mua ve tau")  # not a public-service procedure
        screen = kiosk_app.screen
        shown = [b for b in screen.query(".result").results(Button) if b.display]
        assert shown, "the guesses are still listed"
        assert screen.unsure and screen.query_one("#unsure-actions").display
        assert "chỉ là gợi ý" in _title(kiosk_app)
        await pilot.press("enter")  # a guess is not opened as if it were the answer
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "SearchScreen"
        await pilot.click("#unsure-call-staff")
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "CallStaffScreen"


async def test_nothing_found_offers_browse_by_field(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _search(kiosk_app, pilot, "xin visa")
        screen = kiosk_app.screen
        assert screen.query_one("#no-results").display and screen.query_one("#unsure-actions").display
        await pilot.click("#unsure-browse")
        await settle(kiosk_app, pilot)
        fields = [b for b in screen.query(".field-choice").results(Button) if b.display]
        assert fields and not screen.query_one("#unsure-actions").display


async def test_unsure_title_follows_the_language(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _search(kiosk_app, pilot, "mua ve tau")
        await pilot.click("#lang-toggle")
        await settle(kiosk_app, pilot)
        assert "only suggestions" in _title(kiosk_app)
