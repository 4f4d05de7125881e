"""Queue service: issuing tickets, payloads, priority rules, call/recall/skip/transfer/finish."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import Counter, Queue, Site
from db.seed import get_site
from db.services import queue as q

UTC = timezone.utc
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội


def _site(database: Database) -> Site:
    with database.session() as s:
        return get_site(s, "BD-HN-001")


def _add_queue(database: Database, site_id: int, prefix: str, rule: str = "strict", n: int = 3) -> int:
    with database.session() as s:
        queue = Queue(site_id=site_id, prefix=prefix, name=f"Hàng {prefix}", fields=[f"Lĩnh vực {prefix}"],
                      counter_group="Quầy 9", priority_rule=rule, priority_every_n=n)
        s.add(queue)
        s.flush()
        return queue.id


def _issue(database: Database, site_id: int, queue_id: int, prio: str | None = None, minutes: int = 0) -> q.TicketIssue:
    with database.session() as s:
        return q.issue_ticket(s, site_id=site_id, queue_id=queue_id, priority_class=prio,
                              now=NOW + timedelta(minutes=minutes))


def test_issue_ticket_payload_matches_contract(database: Database) -> None:
    site = _site(database)
    qid = _add_queue(database, site.id, "HX")
    first = _issue(database, site.id, qid)
    second = _issue(database, site.id, qid, minutes=1)
    assert (first.number, second.number) == ("HX-001", "HX-002")
    assert second.people_ahead == 1
    p = second.payload
    assert set(p) == {"number", "queue_name", "counter_group", "issued_at", "people_ahead", "site_name",
                      "priority_reason", "qr"}
    assert p["issued_at"] == "2026-03-02T09:01:00+07:00"
    assert p["qr"] == "VE|BD-HN-001|2026-03-02|HX-002"
    assert p["site_name"] == site.name and p["counter_group"] == "Quầy 9"


def test_priority_ticket_records_reason(database: Database) -> None:
    site = _site(database)
    with database.session() as s:
        t = q.issue_ticket(s, site_id=site.id, priority_class="elderly", priority_reason="Người cao tuổi", now=NOW)
    assert t.payload["priority_reason"] == "Người cao tuổi"


def test_field_picks_queue_and_falls_back_to_general(database: Database) -> None:
    site = _site(database)
    qid = _add_queue(database, site.id, "HX")
    with database.session() as s:
        assert q.queue_for_field(s, site.id, "lĩnh vực hx").id == qid
        general = q.queue_for_field(s, site.id, "Không có")
        assert general.fields == []
        t = q.issue_ticket(s, site_id=site.id, field="Không có", now=NOW)
    assert t.queue_id == general.id


def test_unknown_queue_is_a_queue_error(database: Database) -> None:
    site = _site(database)
    with database.session() as s, pytest.raises(q.QueueError) as err:
        q.issue_ticket(s, site_id=site.id, queue_id=99999, now=NOW)
    assert err.value.code == "QUE-001"


def test_ticket_prefix_keeps_going_past_999(database: Database) -> None:
    site = _site(database)
    qid = _add_queue(database, site.id, "HX")
    with database.session() as s:
        s.add(Counter(kind="ticket", scope=f"{site.id}:HX", day=NOW.date(), value=999))
    assert _issue(database, site.id, qid).number == "HX-1000"


def test_strict_priority_is_called_first(database: Database) -> None:
    site = _site(database)
    qid = _add_queue(database, site.id, "HX", "strict")
    a = _issue(database, site.id, qid, minutes=0)
    b = _issue(database, site.id, qid, "elderly", minutes=1)
    called = [q.call_next(database, qid, "Quầy 1", now=NOW + timedelta(minutes=5 + i)) for i in range(3)]
    assert [c.number if c else None for c in called] == [b.number, a.number, None]
    assert called[0].wait_s == 4 * 60


def test_every_n_interleaves_one_priority_in_n_calls(database: Database) -> None:
    site = _site(database)
    qid = _add_queue(database, site.id, "HX", "every_n", 3)
    normal = [_issue(database, site.id, qid, minutes=i).number for i in range(5)]
    prio = [_issue(database, site.id, qid, "disabled", minutes=10 + i).number for i in range(2)]
    order = [q.call_next(database, qid, "Quầy 1", now=NOW + timedelta(minutes=30 + i)).number for i in range(7)]
    assert order == [prio[0], normal[0], normal[1], prio[1], normal[2], normal[3], normal[4]]


def test_recall_skip_transfer_finish(database: Database) -> None:
    site = _site(database)
    qa = _add_queue(database, site.id, "HX")
    qb = _add_queue(database, site.id, "HY")
    t1 = _issue(database, site.id, qa)
    t2 = _issue(database, site.id, qa, minutes=1)
    c1 = q.call_next(database, qa, "Quầy 1", now=NOW + timedelta(minutes=2))
    assert c1.id == t1.ticket_id and q.recall(database, c1.id).recall_count == 1
    assert q.no_show(database, c1.id).state == "no_show"
    with pytest.raises(q.QueueError) as err:
        q.finish(database, c1.id)
    assert err.value.code == "QUE-005"
    moved = q.transfer(database, t2.ticket_id, qb)
    assert (moved.queue_id, moved.state, moved.number) == (qb, "waiting", t2.number)
    c2 = q.call_next(database, qb, "Quầy 3", now=NOW + timedelta(minutes=3))
    assert c2.id == t2.ticket_id
    assert q.start_service(database, c2.id).state == "serving"
    assert q.finish(database, c2.id).state == "done"
    board = q.board(database, qb, now=NOW + timedelta(minutes=4))
    assert [v.number for v in board["served"]] == [t2.number] and not board["waiting"]


def test_board_lists_waiting_with_wait_times(database: Database) -> None:
    site = _site(database)
    qid = _add_queue(database, site.id, "HX")
    _issue(database, site.id, qid)
    _issue(database, site.id, qid, "elderly", minutes=2)
    board = q.board(database, qid, now=NOW + timedelta(minutes=10))
    assert [v.wait_s for v in board["waiting"]] == [480, 600]
    assert board["waiting"][0].priority_class == "elderly"


def test_seeded_queues(database: Database) -> None:
    site = _site(database)
    with database.session() as s:
        queues = q.list_queues(s, site.id)
        prefixes = [x.prefix for x in queues]
        assert queues[0].fields == [] and len(set(prefixes)) == len(prefixes)
        assert all(2 <= len(p) <= 4 for p in prefixes)
        assert s.scalars(select(Site)).all()


def test_priority_due_rule() -> None:
    assert q.priority_due("strict", 3, [True, True]) is True
    assert q.priority_due("every_n", 3, []) is True
    assert q.priority_due("every_n", 3, [False, False]) is True
    assert q.priority_due("every_n", 3, [False, True]) is False
    assert q.priority_due("every_n", 1, [True]) is True


def test_board_waiting_is_in_call_order(database: Database) -> None:
    site = _site(database)
    qid = _add_queue(database, site.id, "HX", "every_n", 3)
    for i in range(4):
        _issue(database, site.id, qid, minutes=i)
    for i in range(2):
        _issue(database, site.id, qid, "elderly", minutes=10 + i)
    projected = [v.number for v in q.board(database, qid, now=NOW + timedelta(minutes=20))["waiting"]]
    called = [q.call_next(database, qid, "Quầy 1", now=NOW + timedelta(minutes=21 + i)).number for i in range(6)]
    assert projected == called


def test_ticket_from_a_kiosk_records_it(database: Database) -> None:
    from db.models import Ticket
    from db.seed import get_kiosk

    site = _site(database)
    with database.session() as s:
        kiosk = get_kiosk(s, site.id, "K01")
        t = q.issue_ticket(s, site_id=site.id, field="Hộ tịch", kiosk_id=kiosk.id, priority_class="pregnant",
                           priority_reason="Phụ nữ mang thai", now=NOW)
    with database.read_session() as s:
        row = s.get(Ticket, t.ticket_id)
        assert (row.kiosk_id, row.priority_class, row.number, row.seq) == (kiosk.id, "pregnant", t.number, 1)
        assert row.issued_at == NOW and row.business_day == NOW.date()
