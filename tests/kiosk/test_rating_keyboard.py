"""Rating: opening the on-screen keyboard keeps the comment box in sight (it was pushed out of view)."""

from __future__ import annotations

from textual.widgets import Input

from tests.fixtures.kiosk_app import settle

SIZE = (120, 40)


async def test_keyboard_opens_with_the_comment_box_visible_and_typed_into(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-rating")
        await settle(kiosk_app, pilot)
        await pilot.click("#toggle-keyboard")
        await settle(kiosk_app, pilot)
        screen = kiosk_app.screen
        comment = screen.query_one("#rating-comment", Input)
        details = screen.query_one("#rating-details")
        assert details.region.contains_region(comment.region), "the comment box is scrolled into view"
        assert comment.region.height == 3
        for key in ("t", "o", "o", "t", "s"):
            await pilot.click(f"#kb-{key}")
        assert comment.value == "tốt"
