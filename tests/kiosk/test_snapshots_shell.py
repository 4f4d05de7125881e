"""Snapshot tests of the shell's screens at 120×40 (fixed clock, seeded catalogue, no demo paths)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from tests.fixtures.kiosk_app import settle
from tests.kiosk.test_shell_paths import _make_dossier

SIZE = (120, 40)


def _steps(*actions):
    """Build a ``run_before`` that runs Pilot actions (selectors to click, or callables) and settles."""

    async def run_before(pilot):
        app = pilot.app
        await settle(app, pilot)
        for action in actions:
            if isinstance(action, str):
                await pilot.click(action)
            else:
                result = action(app)
                if hasattr(result, "__await__"):
                    await result
            await settle(app, pilot)
        await asyncio.sleep(0.2)  # let key-tap flashes fade
        await pilot.pause()
        app.screen.set_focus(None)  # no blinking cursor or focus ring in the picture

    return run_before


def _type(text):
    def action(app):
        app.screen.query_one("#search-input", Input).value = text

    return action


def _push(factory):
    def action(app):
        return app.push_screen(factory())

    return action


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param((), id="welcome"),
        pytest.param(("#choice-submit",), id="search_popular"),
        pytest.param(("#choice-submit", _type("khai sinh")), id="search_typed"),
        pytest.param(("#choice-submit", "#browse-fields"), id="search_fields"),
        pytest.param(("#choice-ticket",), id="ticket_queues"),
        pytest.param(("#choice-lookup",), id="lookup_form"),
        pytest.param(("#choice-rating", "#level-very-satisfied"), id="rating"),
        pytest.param(("#choice-call-staff",), id="call_staff"),
        pytest.param((lambda app: app.action_agent(), "#kp-1", "#kp-2"), id="agent_unlock"),
        pytest.param(("#lang-toggle",), id="english_welcome"),
    ],
)
def test_shell_screen(snap_compare, kiosk_app, steps):
    assert snap_compare(kiosk_app, terminal_size=SIZE, run_before=_steps(*steps))


def test_ticket_issued_and_printed(snap_compare, kiosk_app_factory, virtual_printer):
    async def printed(app):
        for _ in range(100):
            if "in xong" in str(app.screen.query_one("#ticket-print-note").render()):
                return
            await asyncio.sleep(0.05)

    app = kiosk_app_factory(printer=virtual_printer)
    assert snap_compare(app, terminal_size=SIZE, run_before=_steps("#choice-ticket", "#queue-tn", printed))


def test_procedure_detail(snap_compare, kiosk_app):
    from kiosk.screens.procedure import ProcedureScreen

    assert snap_compare(kiosk_app, terminal_size=SIZE, run_before=_steps(_push(lambda: ProcedureScreen("1.001193"))))


def test_lookup_result(snap_compare, kiosk_app):
    reference, secret = _make_dossier(kiosk_app)

    def fill(app):
        app.screen.query_one("#lookup-reference", Input).value = reference
        app.screen.query_one("#lookup-secret", Input).value = secret

    assert snap_compare(kiosk_app, terminal_size=SIZE, run_before=_steps("#choice-lookup", fill, "#lookup-submit"))


def test_idle_dialog(snap_compare, kiosk_app):
    from kiosk.screens.idle import IdleScreen

    def frozen():
        screen = IdleScreen(20)
        screen.frozen = True  # the picture must not tick
        return screen

    assert snap_compare(kiosk_app, terminal_size=SIZE, run_before=_steps("#choice-submit", _push(frozen)))


def test_procedure_refused_here(snap_compare, kiosk_app):
    from kiosk.demo import seed_demo_rules
    from kiosk.screens.procedure import ProcedureScreen

    with kiosk_app.ctx.database.session() as s:
        seed_demo_rules(s, kiosk_app.ctx.site_id)  # as in the demo: Cấp thẻ căn cước is not taken here
    assert snap_compare(kiosk_app, terminal_size=SIZE, run_before=_steps(_push(lambda: ProcedureScreen("2.000200"))))


SMALL = (80, 24)  # the smallest supported terminal: every screen must still be usable there


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param((), id="welcome"),
        pytest.param(("#choice-submit",), id="search_popular"),
        pytest.param(("#choice-ticket",), id="ticket_queues"),
        pytest.param(("#choice-lookup",), id="lookup_form"),
        pytest.param(("#choice-rating", "#level-very-satisfied"), id="rating"),
        pytest.param(("#choice-call-staff",), id="call_staff"),
        pytest.param((lambda app: app.action_agent(),), id="agent_unlock"),
    ],
)
def test_shell_screen_at_80x24(snap_compare, kiosk_app, steps):
    assert snap_compare(kiosk_app, terminal_size=SMALL, run_before=_steps(*steps))


def test_procedure_detail_at_80x24(snap_compare, kiosk_app):
    from kiosk.screens.procedure import ProcedureScreen

    assert snap_compare(kiosk_app, terminal_size=SMALL, run_before=_steps(_push(lambda: ProcedureScreen("1.001193"))))
