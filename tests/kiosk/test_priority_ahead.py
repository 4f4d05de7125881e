"""A priority ticket's "people ahead" counts only those the queue's rule will call first (screen, ticket, rows)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from textual.widgets import Static

from db import models as m
from db.services import queue as queues
from db.services.queue_ahead import people_ahead
from db.services.site_admin import set_priority_rule
from tests.fixtures.kiosk_app import FIXED_NOW, settle

SIZE = (120, 40)


def _general_queue(app) -> int:  # noqa: ANN001
    with app.ctx.database.session() as s:
        return s.scalars(select(m.Queue.id).where(m.Queue.site_id == app.ctx.site_id, m.Queue.prefix == "TN")).one()


def _seed_waiting(app, queue_id: int, kinds: str) -> None:  # noqa: ANN001
    """Issue earlier tickets: ``N`` normal, ``P`` priority, in order."""
    with app.ctx.database.session() as s:
        for i, kind in enumerate(kinds):
            queues.issue_ticket(s, site_id=app.ctx.site_id, queue_id=queue_id, kiosk_id=None,
                                priority_class="elderly" if kind == "P" else None,
                                now=FIXED_NOW - timedelta(minutes=30 - i))


def _calls_until(app, queue_id: int, number: str) -> int:  # noqa: ANN001
    """Call tickets as the counter would; return how many were called before ``number``."""
    for called in range(50):
        view = queues.call_next(app.ctx.database, queue_id, "Quầy 1", now=FIXED_NOW + timedelta(minutes=called + 1))
        assert view is not None, f"{number} was never called"
        if view.number == number:
            return called
    raise AssertionError("too many calls")


async def _take_priority_ticket(app, pilot) -> str:  # noqa: ANN001
    await pilot.click("#choice-ticket")
    await settle(app, pilot)
    await pilot.click("#prio-elderly")
    await pilot.click("#queue-tn")
    await settle(app, pilot)
    return str(app.screen.query_one("#ticket-ahead", Static).render())


@pytest.mark.parametrize(
    ("rule", "every_n", "earlier", "expected"),
    [
        ("strict", None, "NNNPN", 1),  # only the earlier priority ticket is called first
        ("every_n", 2, "NNNPN", 2),  # P (due), then one normal, then this one
        ("every_n", 3, "PPNN", 4),  # P, N, N, P: the rule holds this one back behind everybody
    ],
)
async def test_priority_ticket_counts_only_who_is_called_first(kiosk_app, rule, every_n, expected, earlier):
    qid = _general_queue(kiosk_app)
    if rule != "strict":
        set_priority_rule(kiosk_app.ctx.database, qid, rule, every_n, user="test")
    _seed_waiting(kiosk_app, qid, earlier)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        shown = await _take_priority_ticket(kiosk_app, pilot)
        assert shown == f"Số người đang chờ trước Quý khách: {expected}"
        assert "Người cao tuổi" in str(kiosk_app.screen.query_one("#ticket-priority", Static).render())
    with kiosk_app.ctx.database.session() as s:
        ticket = s.scalars(select(m.Ticket).order_by(m.Ticket.id.desc())).first()
        job = s.scalars(select(m.PrintJob).where(m.PrintJob.ticket_id == ticket.id)).one()
        assert ticket.priority_class == "elderly" and ticket.state == "waiting"
        assert job.payload["people_ahead"] == expected  # the printed ticket says the same
        number = ticket.number
    assert _calls_until(kiosk_app, qid, number) == expected  # and the counter really calls it then


async def test_normal_ticket_still_counts_everyone_waiting(kiosk_app):
    qid = _general_queue(kiosk_app)
    _seed_waiting(kiosk_app, qid, "NPN")
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-ticket")
        await settle(kiosk_app, pilot)
        await pilot.click("#queue-tn")
        await settle(kiosk_app, pilot)
        assert str(kiosk_app.screen.query_one("#ticket-ahead", Static).render()).endswith(": 3")


def test_called_tickets_are_not_ahead_and_a_called_ticket_has_nobody_ahead(kiosk_app):
    qid = _general_queue(kiosk_app)
    _seed_waiting(kiosk_app, qid, "PNP")
    first = queues.call_next(kiosk_app.ctx.database, qid, "Quầy 1", now=FIXED_NOW)  # the first P
    with kiosk_app.ctx.database.session() as s:
        ids = {t.number: t.id for t in s.scalars(select(m.Ticket))}
        assert people_ahead(s, ids[first.number]) == 0
        assert people_ahead(s, ids["TN-003"]) == 0  # the other P is next (strict)
        assert people_ahead(s, ids["TN-002"]) == 1


@pytest.mark.parametrize(("rule", "every_n"), [("strict", None), ("every_n", 2), ("every_n", 3)])
def test_people_ahead_matches_the_real_call_order_on_both_databases(database, rule, every_n):
    from db.seed import get_site

    with database.session() as s:
        site_id = get_site(s, "BD-HN-001").id
        qid = s.scalars(select(m.Queue.id).where(m.Queue.site_id == site_id, m.Queue.prefix == "TN")).one()
    if rule != "strict":
        set_priority_rule(database, qid, rule, every_n, user="test")
    with database.session() as s:
        for i, kind in enumerate("PNNPNPPNNP"):
            queues.issue_ticket(s, site_id=site_id, queue_id=qid, priority_class="elderly" if kind == "P" else None,
                                now=FIXED_NOW + timedelta(minutes=i))
    queues.call_next(database, qid, "Quầy 1", now=FIXED_NOW + timedelta(minutes=20))  # some history
    with database.session() as s:
        predicted = {t.number: people_ahead(s, t.id) for t in s.scalars(select(m.Ticket).where(
            m.Ticket.state == "waiting"))}
    called = []
    while (view := queues.call_next(database, qid, "Quầy 1", now=FIXED_NOW + timedelta(minutes=21 + len(called)))):
        called.append(view.number)
    assert {number: called.index(number) for number in called} == predicted
