"""Pilot tests: Welcome → find the procedure (as you type, no diacritics, typos, Telex) → detail."""

from __future__ import annotations

from textual.widgets import Button, Input, Static

from tests.fixtures.kiosk_app import settle

SIZE = (120, 40)


async def _results(app, pilot) -> list[str]:
    await settle(app, pilot)
    return [b.value for b in app.screen.query(".result").results(Button) if b.display]


async def test_welcome_then_search_as_you_type_without_diacritics(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.pause()
        assert type(kiosk_app.screen).__name__ == "SearchScreen"
        popular = await _results(kiosk_app, pilot)
        assert popular, "most used procedures are listed before typing"
        await pilot.press(*"khai sinh")
        hits = await _results(kiosk_app, pilot)
        assert hits[0] == "1.001193"  # Đăng ký khai sinh


async def test_search_tolerates_typos(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.press(*"khia sinh")
        hits = await _results(kiosk_app, pilot)
        assert "1.001193" in hits[:3]


async def test_on_screen_keyboard_composes_telex(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.pause()
        assert str(kiosk_app.screen.query_one("#kb-telex", Button).label) == "Gõ dấu: Tắt"  # off for search
        await pilot.click("#kb-telex")
        assert str(kiosk_app.screen.query_one("#kb-telex", Button).label) == "Gõ dấu: Bật"
        for key in "ddaw":
            await pilot.click(f"#kb-{key}")
        await pilot.click("#kb-n")
        await pilot.click("#kb-g")
        assert kiosk_app.screen.query_one("#search-input", Input).value == "đăng"
        await pilot.click("#kb-space")
        for key in "kys":
            await pilot.click(f"#kb-{key}")
        assert kiosk_app.screen.query_one("#search-input", Input).value == "đăng ký"


async def test_browse_by_field_and_open_detail(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.click("#browse-fields")
        await settle(kiosk_app, pilot)
        fields = [b.value for b in kiosk_app.screen.query(".field-choice").results(Button) if b.display]
        assert "Hộ tịch" in fields
        field_button = next(b for b in kiosk_app.screen.query(".field-choice").results(Button) if b.value == "Hộ tịch")
        field_button.press()
        hits = await _results(kiosk_app, pilot)
        assert "1.001193" in hits
        button = next(b for b in kiosk_app.screen.query(".result").results(Button) if b.value == "1.001193" and b.display)
        button.press()
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "ProcedureScreen"
        name = kiosk_app.screen.query_one("#procedure-name", Static)
        assert "khai sinh" in str(name.render()).lower()


async def test_fast_typing_that_looks_like_a_scan_still_reaches_the_search_box(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await settle(kiosk_app, pilot)
        kiosk_app.scanner.max_gap_s = 1.0  # every Pilot key now counts as scanner-fast
        await pilot.press(*"khai sinh")
        await settle(kiosk_app, pilot)
        await pilot.press("enter")  # the search screen does not take scans: Enter opens the first result
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "ProcedureScreen"
        assert kiosk_app.screen.code == "1.001193"


async def test_next_citizen_gets_a_clean_search_screen(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.press(*"khai sinh")
        await settle(kiosk_app, pilot)
        first = kiosk_app.screen
        await pilot.click("#lang-toggle")
        await settle(kiosk_app, pilot)
        kiosk_app.reset_session()  # e.g. the idle timeout
        await settle(kiosk_app, pilot)
        await pilot.click("#choice-submit")
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen is first  # the same (fast) screen, cleared
        assert kiosk_app.screen.query_one("#search-input", Input).value == ""
        assert "Thủ tục thường dùng nhất" in str(kiosk_app.screen.query_one("#results-title", Static).render())
        assert "Tìm thủ tục" in str(kiosk_app.screen.query_one("#search-title", Static).render())
        assert await _results(kiosk_app, pilot)


async def test_going_back_to_welcome_forgets_the_query_for_the_next_person(kiosk_app):
    from textual.widgets import Input

    from tests.fixtures.kiosk_app import settle

    async with kiosk_app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#choice-submit")
        await settle(kiosk_app, pilot)
        await pilot.press(*"ly hon")
        await settle(kiosk_app, pilot)
        await pilot.click("#back")
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "WelcomeScreen"
        await pilot.click("#choice-submit")  # the next person
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen.query_one("#search-input", Input).value == ""
