"""Pilot tests of what always holds: idle reset, agent mode, no quitting for citizens, English toggle."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Static

from core.i18n import get_language
from db.services.accounts import create_user
from kiosk.state import CapturedDocument
from tests.fixtures.credentials import AGENT_PIN, PASSWORD, WRONG_PIN
from tests.fixtures.kiosk_app import settle

SIZE = (120, 40)


def _add_agent(app, *, pin: str = AGENT_PIN, badge: str = "BADGE-0042", role: str = "agent") -> None:
    with app.ctx.database.session() as s:
        create_user(s, f"agent.{pin}", role=role, password=PASSWORD, full_name="Trần Thị [b]Bình[/b]", pin=pin,
                    badge_code=badge, site_id=app.ctx.site_id)


async def test_idle_mid_flow_wipes_the_session_and_returns_to_welcome(kiosk_app_factory, tmp_path):
    app = kiosk_app_factory(idle_timeout_s=1, idle_countdown_s=1)
    page = tmp_path / "page-1.jpg"
    page.write_bytes(b"scan")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.press(*"khai sinh")
        app.session.procedure_code = "1.001193"
        app.session.phone = "0912345678"
        app.session.documents = [CapturedDocument(None, "Tờ khai", pages=[page])]
        for _ in range(40):
            await asyncio.sleep(0.1)
            # pushed is not yet composed: wait for the question itself (a CI run queried it in between)
            if type(app.screen).__name__ == "IdleScreen" and app.screen.query("#idle-question"):
                break
        assert type(app.screen).__name__ == "IdleScreen"
        assert "còn ở đây" in str(app.screen.query_one("#idle-question", Static).render())
        for _ in range(40):
            await asyncio.sleep(0.1)
            if type(app.screen).__name__ == "WelcomeScreen":
                break
        await settle(app, pilot)
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert len(app.screen_stack) == 2  # Textual's default screen + Welcome: nothing of the citizen left
        assert app.session.procedure_code is None and app.session.phone == "" and not app.session.documents
        assert not page.exists()


async def test_idle_still_here_keeps_the_session(kiosk_app_factory):
    app = kiosk_app_factory(idle_timeout_s=2, idle_countdown_s=30)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        app.session.procedure_code = "1.001193"
        for _ in range(60):
            await asyncio.sleep(0.1)
            if type(app.screen).__name__ == "IdleScreen":
                break
        assert type(app.screen).__name__ == "IdleScreen"
        await pilot.pause()
        await pilot.click("#still-here")
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"
        assert app.session.procedure_code == "1.001193"


async def test_agent_unlock_by_pin_then_leave_without_pin(kiosk_app):
    _add_agent(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")  # staff entry: F12, a badge scan or a long press on the point's name
        await settle(kiosk_app, pilot)
        for digit in AGENT_PIN:
            await pilot.click(f"#kp-{digit}")
        assert str(kiosk_app.screen.query_one("#pin-display", Static).render()) == "●" * len(AGENT_PIN)
        await pilot.click("#kp-ok")
        await settle(kiosk_app, pilot)
        assert kiosk_app.agent is not None and kiosk_app.agent.role == "agent"
        assert kiosk_app.session.agent_id == kiosk_app.agent.user_id
        status = str(kiosk_app.screen.query_one("#agent-status", Static).render())
        assert "Trần Thị [b]Bình[/b]" in status  # shown literally
        await pilot.click("#agent-button")
        await settle(kiosk_app, pilot)
        await pilot.click("#agent-leave")
        await settle(kiosk_app, pilot)
        assert kiosk_app.agent is None and kiosk_app.session.agent_id is None


async def test_agent_wrong_pin_is_refused(kiosk_app):
    _add_agent(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(kiosk_app, pilot)
        for digit in WRONG_PIN:
            await pilot.click(f"#kp-{digit}")
        await pilot.click("#kp-ok")
        await settle(kiosk_app, pilot)
        assert kiosk_app.agent is None
        assert "không đúng" in str(kiosk_app.screen.query_one("#agent-message", Static).render())


async def test_agent_unlock_by_badge_scan(kiosk_app):
    _add_agent(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await settle(kiosk_app, pilot)
        kiosk_app.scanner.max_gap_s = 1.0  # Pilot is slower than a scanner
        await pilot.press(*"BADGE-0042", "enter")
        await settle(kiosk_app, pilot)
        assert kiosk_app.agent is not None


async def test_citizen_cannot_quit_but_agent_can(kiosk_app):
    _add_agent(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.press("ctrl+c")
        await pilot.press("ctrl+q")
        await settle(kiosk_app, pilot)
        assert kiosk_app.is_running and type(kiosk_app.screen).__name__ == "SearchScreen"
        await pilot.press("escape")  # Escape goes back one step, never out of the app
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(kiosk_app, pilot)
        assert kiosk_app.is_running and type(kiosk_app.screen).__name__ == "WelcomeScreen"
        await pilot.press("f12")
        await settle(kiosk_app, pilot)
        for digit in AGENT_PIN:
            await pilot.click(f"#kp-{digit}")
        await pilot.click("#kp-ok")
        await settle(kiosk_app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert kiosk_app.return_code == 0


async def test_english_is_one_tap_away_and_resets_for_the_next_citizen(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.press(*"khai")
        await pilot.click("#lang-toggle")
        await settle(kiosk_app, pilot)
        assert get_language() == "en"
        assert "Find the procedure" in str(kiosk_app.screen.query_one("#search-title", Static).render())
        assert kiosk_app.screen.query_one("#search-input", Input).value == "khai"  # state survives
        kiosk_app.reset_session()
        await settle(kiosk_app, pilot)
        assert get_language() == "vi"
        assert "Xin chào" in str(kiosk_app.screen.query_one("#welcome-title", Static).render())


async def test_idle_asks_again_after_home_took_the_question_away(kiosk_app_factory):
    app = kiosk_app_factory(idle_timeout_s=1, idle_countdown_s=30)

    async def wait_idle() -> bool:
        for _ in range(60):
            await asyncio.sleep(0.1)
            if type(app.screen).__name__ == "IdleScreen":
                return True
        return False

    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        assert await wait_idle()
        app.action_home()  # e.g. a finished step returning home by itself while the question is shown
        await settle(app, pilot)
        await pilot.click("#choice-lookup")
        assert await wait_idle()
