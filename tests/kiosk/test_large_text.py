"""Large text: one tap on Welcome where the page can scale (kiosk serve), off again for the next citizen."""

from __future__ import annotations

from textual.widgets import Button

SIZE = (120, 40)


class _Page:
    """What the browser page would be asked (Textual's open_url under the web driver)."""

    def __init__(self) -> None:
        self.asked: list[str] = []


def _as_if_served(app) -> _Page:
    page = _Page()
    app.large_text._available = True
    type(app).is_web = property(lambda self: True)  # noqa: ARG005 - the app believes it is in the browser
    app.open_url = lambda url, new_tab=True: page.asked.append(url)  # noqa: ARG005
    return page


async def test_not_offered_in_a_terminal_where_it_cannot_make_text_bigger(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query("#large-text")


async def test_one_tap_makes_text_larger_and_the_next_citizen_starts_normal(kiosk_app_factory, monkeypatch):
    app = kiosk_app_factory()
    original = type(app).is_web
    try:
        page = _as_if_served(app)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            button = app.screen.query_one("#large-text", Button)
            assert "Chữ to" in str(button.label) and button.region.height >= 3
            await pilot.click("#large-text")
            await pilot.pause()
            assert app.large_text.on and app.has_class("-large-text")
            assert page.asked == ["kiosk-ui:scale=1.5"]
            assert "Chữ thường" in str(app.screen.query_one("#large-text", Button).label)
            await pilot.click("#choice-submit")
            await pilot.pause()
            app.action_home()  # the citizen leaves: the next one gets normal text
            await pilot.pause()
            assert not app.large_text.on and not app.has_class("-large-text")
            assert page.asked == ["kiosk-ui:scale=1.5", "kiosk-ui:scale=1"]
            assert "Chữ to" in str(app.screen.query_one("#large-text", Button).label)
    finally:
        type(app).is_web = original
