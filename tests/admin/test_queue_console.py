"""Queue console: call-next from two consoles never shares a ticket; chosen-ticket calls; rules; Pilot UI."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import AuditEvent, Queue, Site, Ticket
from db.services import queue as qs
from db.services import site_admin
from db.types import utcnow
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for


class Staff:
    """A console user as audit.record accepts it."""

    def __init__(self, username: str = "quay.1") -> None:
        self.id = None
        self.username = username


def _queue(database: Database) -> tuple[int, int]:
    with database.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        queue = s.scalars(select(Queue).where(Queue.site_id == site.id, Queue.prefix == "TN")).one()
        return site.id, queue.id


def _issue(database: Database, n: int, *, priority_every: int = 0, at: datetime | None = None) -> list[int]:
    site_id, queue_id = _queue(database)
    out = []
    for i in range(n):
        klass = "elderly" if priority_every and i % priority_every == 0 else None
        out.append(database.run(lambda s, k=klass: qs.issue_ticket(
            s, site_id=site_id, queue_id=queue_id, priority_class=k, priority_reason="Người cao tuổi" if k else "",
            now=at).ticket_id))
    return out


def test_call_next_from_two_consoles_never_shares_a_ticket(database: Database, db_url: str) -> None:
    """Two consoles (two engines, like two machines) drain one queue at the same time."""
    issued = _issue(database, 60, priority_every=4)
    _site, queue_id = _queue(database)
    second = Database(db_url)
    got: dict[str, list[int]] = {"A": [], "B": []}
    start = threading.Barrier(2)

    def console(name: str, db: Database) -> None:
        start.wait()
        while (view := qs.call_next(db, queue_id, f"Quầy {name}", actor=name)) is not None:
            got[name].append(view.id)

    try:
        threads = [threading.Thread(target=console, args=("A", database)),
                   threading.Thread(target=console, args=("B", second))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        second.dispose()
    both = got["A"] + got["B"]
    assert len(both) == len(set(both)) == len(issued), (len(both), len(set(both)))
    assert got["A"] and got["B"], "both consoles should have called tickets"
    with database.session() as s:
        assert {t.state for t in s.scalars(select(Ticket))} == {"called"}


def test_chosen_ticket_called_once_and_audited(database: Database, db_url: str) -> None:
    ids = _issue(database, 3, priority_every=2)
    second = Database(db_url)
    try:
        view = site_admin.call_ticket(database, ids[2], "Quầy 2", user=Staff())
        assert view.state == "called" and view.counter == "Quầy 2" and view.priority_class == "elderly"
        with pytest.raises(site_admin.SiteAdminError) as err:
            site_admin.call_ticket(second, ids[2], "Quầy 3", user=Staff("quay.3"))
        assert err.value.code == "ADM-116"
    finally:
        second.dispose()
    with database.session() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == "queue.call_ticket")).all()
        assert len(rows) == 1 and rows[0].actor == "quay.1"


def test_every_n_rule_is_configurable_and_audited(database: Database) -> None:
    _site, queue_id = _queue(database)
    _issue(database, 8, priority_every=2)  # tickets 0,2,4,6 are priority
    with pytest.raises(site_admin.SiteAdminError) as err:
        site_admin.set_priority_rule(database, queue_id, "every_n", 1, user=Staff("admin"))
    assert err.value.code == "ADM-115"
    row = site_admin.set_priority_rule(database, queue_id, "every_n", 3, user=Staff("admin"))
    assert (row.priority_rule, row.priority_every_n) == ("every_n", 3)
    calls = [qs.call_next(database, queue_id, "Quầy 1") for _ in range(6)]
    pattern = ["P" if c.priority_class else "-" for c in calls]
    assert pattern == ["P", "-", "-", "P", "-", "-"]
    with database.session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "queue.rule")).one()
        assert event.before == {"priority_rule": "strict"} and event.after == {"priority_rule": "every_n"}


def test_no_show_undone_in_time_goes_back_to_its_place(database: Database) -> None:
    ids = _issue(database, 3, at=utcnow())
    _site, queue_id = _queue(database)
    first = qs.call_next(database, queue_id, "Quầy 1")
    assert first.id == ids[0]
    qs.no_show(database, first.id)
    back = qs.undo_no_show(database, first.id)
    assert (back.state, back.counter, back.called_at, back.finished_at) == ("waiting", "", None, None)
    assert [t.id for t in qs.board(database, queue_id)["waiting"]] == ids  # at its place, first again
    assert qs.call_next(database, queue_id, "Quầy 1").id == ids[0]
    qs.no_show(database, ids[0])
    with pytest.raises(qs.QueueError) as late:  # too late: the undo window has passed
        qs.undo_no_show(database, ids[0], now=utcnow() + timedelta(seconds=qs.NO_SHOW_UNDO_S + 1))
    assert late.value.code == "QUE-005"
    with pytest.raises(qs.QueueError) as waiting:  # not a no-show
        qs.undo_no_show(database, ids[1])
    assert waiting.value.code == "QUE-005"


async def test_transfer_dialog_says_when_nothing_is_chosen(sqlite_database: Database, admin_app_factory) -> None:
    add_staff(sqlite_database)
    ids = _issue(sqlite_database, 1, at=utcnow())
    app = admin_app_factory(sqlite_database)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_queue(pilot, app, "agent", waiting=1)
        screen.query_one("#queue-waiting").focus()
        await pilot.press("t")
        await wait_for(pilot, lambda: app.screen.query("#choice-select"))
        dialog = app.screen
        assert "Select" not in str(dialog.query_one("#choice-select").query_one("SelectCurrent").render())
        await pilot.click("#choice-ok")
        await pilot.pause()
        assert app.screen is dialog  # not closed as if done
        assert "Huỷ" in str(dialog.query_one("#choice-error").render())
        await pilot.click("#choice-cancel")
        await pilot.pause()
    with sqlite_database.session() as s:
        assert s.get(Ticket, ids[0]).state == "waiting"


async def _open_queue(pilot, app, role: str, *, waiting: int):  # noqa: ANN001, ANN202
    """Sign in as ``role``, open the Queue screen (F3) and wait for ``waiting`` tickets on it."""
    await sign_in(pilot, USERS[role])
    await pilot.press("f3")
    await wait_for(pilot, lambda: app.screen.id == "queue-screen"
                   and app.screen.query_one("#queue-waiting").row_count == waiting)
    return app.screen


# --- Pilot --------------------------------------------------------------------------------------


async def test_agent_calls_serves_and_finishes(sqlite_database: Database, admin_app_factory) -> None:
    add_staff(sqlite_database)
    ids = _issue(sqlite_database, 3, priority_every=3, at=utcnow())
    app = admin_app_factory(sqlite_database)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _open_queue(pilot, app, "agent", waiting=3)
        assert not screen.query_one("#queue-rule-box").display  # agents do not change rules
        screen.query_one("#queue-counter").value = "Quầy 5"
        await pilot.click("#queue-call-next")
        await wait_for(pilot, lambda: screen.query_one("#queue-called").row_count == 1)
        assert "Quầy 5" in str(screen.query_one("#queue-status").render())
        called = screen.tickets[str(ids[0])]
        assert called.state == "called" and called.priority_class == "elderly"  # priority first
        await pilot.click("#queue-finish")
        await wait_for(pilot, lambda: screen.query_one("#queue-served").row_count == 1)
        # Serve a chosen waiting ticket out of turn: the last one.
        waiting = screen.query_one("#queue-waiting")
        waiting.move_cursor(row=1)
        await pilot.click("#queue-call-selected")
        await wait_for(pilot, lambda: screen.query_one("#queue-called").row_count == 1)
        assert screen.tickets[str(ids[2])].state == "called"
        # No-show asks first; cancelling changes nothing.
        await pilot.click("#queue-no-show")
        await wait_for(pilot, lambda: app.screen.query("#confirm-no"))
        await pilot.click("#confirm-no")
        await pilot.pause()
        assert screen.tickets[str(ids[2])].state == "called" and app.screen is screen
        await pilot.click("#queue-no-show")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: screen.query_one("#queue-served").row_count == 2)
        # ... and U puts it back at its place: before the ticket issued after it.
        screen.query_one("#queue-waiting").focus()
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.query_one("#queue-waiting").row_count == 2)
        assert [t.id for t in qs.board(sqlite_database, screen.queue_id)["waiting"]] == [ids[1], ids[2]]
    with sqlite_database.session() as s:
        actions = [a for a, in s.execute(select(AuditEvent.action).where(AuditEvent.entity == "ticket"))]
        assert actions == ["queue.call_next", "queue.finish", "queue.call_ticket", "queue.no_show",
                           "queue.undo_no_show"]


async def test_admin_rule_recall_start_and_transfer(sqlite_database: Database, admin_app_factory) -> None:
    add_staff(sqlite_database)
    ids = _issue(sqlite_database, 2, at=utcnow())
    app = admin_app_factory(sqlite_database)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _open_queue(pilot, app, "admin", waiting=2)
        # Admins set the queue's priority rule here (agents do not see the box).
        assert screen.query_one("#queue-rule-box").display
        screen.query_one("#queue-rule").value = "every_n"
        screen.query_one("#queue-every-n").value = "4"
        await pilot.click("#queue-rule-apply")
        await wait_for(pilot, lambda: "1/4" in str(screen.query_one("#queue-list").get_row_at(0)))
        screen.query_one("#queue-waiting").focus()
        await pilot.press("c")  # call next by key (the waiting table has the focus)
        await wait_for(pilot, lambda: screen.query_one("#queue-called").row_count == 1)
        await pilot.click("#queue-recall")
        await wait_for(pilot, lambda: screen.tickets[str(ids[0])].recall_count == 1)
        await pilot.click("#queue-start")
        await wait_for(pilot, lambda: screen.tickets[str(ids[0])].state == "serving")
        # Transfer the still-waiting ticket to the civil-status queue (HT).
        screen.query_one("#queue-waiting").focus()
        await pilot.click("#queue-transfer")
        await wait_for(pilot, lambda: app.screen.query("#choice-select"))
        dialog = app.screen
        target = next(key for key, q in screen.queues.items() if q.queue.prefix == "HT")
        dialog.query_one("#choice-select").value = target
        await pilot.pause()
        await pilot.click("#choice-ok")
        await wait_for(pilot, lambda: screen.query_one("#queue-waiting").row_count == 0)
        assert screen.queues[target].waiting == 1
    with sqlite_database.session() as s:
        moved = s.get(Ticket, ids[1])
        assert moved.state == "waiting" and s.get(Queue, moved.queue_id).prefix == "HT"
        assert [a for a, in s.execute(select(AuditEvent.action).where(AuditEvent.entity == "ticket")
                                      .order_by(AuditEvent.id))] == ["queue.call_next", "queue.recall",
                                                                     "queue.start", "queue.transfer"]
        rule = s.scalars(select(AuditEvent).where(AuditEvent.action == "queue.rule")).one()
        assert rule.actor == USERS["admin"] and rule.after == {"priority_rule": "every_n", "priority_every_n": 4}


async def test_two_console_apps_on_postgresql_call_different_tickets(database: Database, db_url: str,
                                                                      admin_app_factory) -> None:
    """Two running consoles (two apps, two engines) press "call next" together; each gets its own ticket."""
    if database.dialect != "postgresql":
        pytest.skip("the two-machine case is the shared PostgreSQL server")
    add_staff(database)
    ids = _issue(database, 6, at=utcnow())
    other = Database(db_url)
    apps = [admin_app_factory(database), admin_app_factory(other)]
    try:
        async with apps[0].run_test(size=(140, 44)) as p1, apps[1].run_test(size=(140, 44)) as p2:
            screens = []
            for pilot, counter in ((p1, "Quầy 1"), (p2, "Quầy 2")):
                await sign_in(pilot, USERS["agent"])
                await pilot.press("f3")
                await wait_for(pilot, lambda a=pilot.app: a.screen.id == "queue-screen"
                               and a.screen.query_one("#queue-waiting").row_count == 6)
                pilot.app.screen.query_one("#queue-counter").value = counter
                screens.append(pilot.app.screen)
            for _ in range(3):  # both consoles call at once, three times
                screens[0].action_call_next()
                screens[1].action_call_next()
                await wait_for(p1, lambda: True)
                await p2.pause(0.3)
            await wait_for(p1, lambda: screens[0].query_one("#queue-waiting").row_count == 0)
    finally:
        other.dispose()
    with database.session() as s:
        called = s.scalars(select(Ticket).where(Ticket.id.in_(ids))).all()
        assert all(t.state == "called" for t in called)
        assert sorted(t.counter for t in called) == ["Quầy 1"] * 3 + ["Quầy 2"] * 3
