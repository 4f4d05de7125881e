"""Home delivery outcomes (issue 14): delivered, not delivered with the next date, back to the counter after N."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select, update

from core.errors import KioskError
from db.models import AuditEvent, DeliveryAttempt, Dossier, Site, StatusEvent
from db.services import delivery, tracking
from db.services.dossier_status import change_status
from tests.dossiers.conftest import vn
from tests.dossiers.test_tracking import result_ready

NOW = vn(2026, 11, 27, 10)


@pytest.fixture
def in_transit(database, make_draft, place):
    """A dossier whose labelled result is on its way by post."""
    dossier = result_ready(database, make_draft)
    tracking.set_series(database, place["site_id"], prefix="RR", first=1, last=100, user="quan.tri")
    tracking.print_label(database, dossier, user="nhan.vien", now=NOW)
    change_status(database, dossier, "result_in_transit", actor="nhan.vien", now=NOW)
    return dossier


def events(database, dossier_id):
    with database.read_session() as s:
        return [(e.from_status, e.status, e.actor, e.details.get("delivery"))
                for e in s.scalars(select(StatusEvent).where(StatusEvent.dossier_id == dossier_id)
                                   .order_by(StatusEvent.id))]


def test_delivered_records_the_receiver_and_closes_the_dossier(database, in_transit):
    out = delivery.record_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 28, 15),
                                    receiver_name="Nguyễn Thị B", relation="Vợ", id_last4="4321",
                                    delivered_at=vn(2026, 11, 28, 14, 30))
    assert out.status == "returned" and out.attempt.attempt_no == 1 and out.attempt.tracking_number
    assert events(database, in_transit)[-1] == ("result_in_transit", "returned", "buu.ta", "delivered")
    with database.read_session() as s:
        d = s.get(Dossier, in_transit)
        assert d.status == "returned" and d.returned_at == vn(2026, 11, 28, 14, 30)
        row = s.scalars(select(DeliveryAttempt)).one()
        assert (row.receiver_name, row.receiver_relation, row.receiver_id_last4) == ("Nguyễn Thị B", "Vợ", "4321")
        audit_row = s.scalars(select(AuditEvent).where(AuditEvent.action == "dossier.delivery.delivered")).one()
        assert "Nguyễn Thị B" not in str(audit_row.after) and "4321" not in str(audit_row.after)
    with pytest.raises(KioskError) as again:
        delivery.record_delivered(database, in_transit, user="x", now=NOW, receiver_name="A", relation="B",
                                  id_last4="1234")
    assert again.value.code == "DOS-090"


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"receiver_name": " ", "relation": "Vợ", "id_last4": "1234"}, "DOS-091"),
    ({"receiver_name": "B", "relation": "", "id_last4": "1234"}, "DOS-092"),
    ({"receiver_name": "B", "relation": "Vợ", "id_last4": "12a4"}, "DOS-093"),
    ({"receiver_name": "B", "relation": "Vợ", "id_last4": "12345"}, "DOS-093"),
    ({"receiver_name": "B", "relation": "Vợ", "id_last4": "1234", "delivered_at": vn(2026, 11, 29)}, "DOS-097"),
])
def test_delivered_refuses_bad_input(database, in_transit, kwargs, code):
    with pytest.raises(KioskError) as err:
        delivery.record_delivered(database, in_transit, user="x", now=vn(2026, 11, 28, 15), **kwargs)
    assert err.value.code == code
    with database.read_session() as s:
        assert s.get(Dossier, in_transit).status == "result_in_transit"


def test_three_failures_bring_the_result_back_to_the_counter(database, in_transit):
    first = delivery.record_not_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 28, 10),
                                          reason="no_one_home", next_attempt_on=date(2026, 11, 30))
    assert (first.status, first.failed_attempts, first.max_attempts, first.returned_to_counter) == \
        ("result_in_transit", 1, 3, False)
    with pytest.raises(KioskError) as no_date:
        delivery.record_not_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 30, 10),
                                      reason="wrong_address")
    assert no_date.value.code == "DOS-096"
    with pytest.raises(KioskError) as past:
        delivery.record_not_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 30, 10),
                                      reason="wrong_address", next_attempt_on=date(2026, 11, 29))
    assert past.value.code == "DOS-096"
    with pytest.raises(KioskError) as other:
        delivery.record_not_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 30, 10),
                                      reason="other", next_attempt_on=date(2026, 12, 1))
    assert other.value.code == "DOS-095"
    with pytest.raises(KioskError) as unknown:
        delivery.record_not_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 30, 10),
                                      reason="dog", next_attempt_on=date(2026, 12, 1))
    assert unknown.value.code == "DOS-094"
    delivery.record_not_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 30, 10),
                                  reason="refused", next_attempt_on=date(2026, 12, 1))
    third = delivery.record_not_delivered(database, in_transit, user="buu.ta2", now=vn(2026, 12, 1, 10),
                                          reason="other", note="Cổng khoá")
    assert third.returned_to_counter and third.status == "result_ready" and third.failed_attempts == 3
    assert events(database, in_transit)[-4:] == [
        ("result_in_transit", "result_in_transit", "buu.ta", "not_delivered"),
        ("result_in_transit", "result_in_transit", "buu.ta", "not_delivered"),
        ("result_in_transit", "result_in_transit", "buu.ta2", "not_delivered"),
        ("result_in_transit", "result_ready", "buu.ta2", "returned_to_counter"),
    ]
    with database.read_session() as s:
        rows = delivery.attempts(s, in_transit)
    assert [(a.attempt_no, a.outcome, a.reason) for a in rows] == [
        (1, "not_delivered", "no_one_home"), (2, "not_delivered", "refused"), (3, "not_delivered", "other"),
        (4, "returned_to_counter", "")]
    assert rows[0].next_attempt_on == date(2026, 11, 30) and rows[2].next_attempt_on is None
    # Waiting at the counter: the citizen collects it.
    change_status(database, in_transit, "returned", actor="nhan.vien", now=vn(2026, 12, 2, 9))


def test_the_site_sets_how_many_failures_and_the_agent_may_return_early(database, in_transit, place):
    database.run(lambda s: s.execute(update(Site).where(Site.id == place["site_id"]).values(delivery_max_attempts=1)))
    out = delivery.record_not_delivered(database, in_transit, user="a", now=NOW, reason="wrong_address")
    assert out.returned_to_counter and out.max_attempts == 1
    change_status(database, in_transit, "result_in_transit", actor="a", now=vn(2026, 11, 28, 9))
    early = delivery.return_to_counter(database, in_transit, user="a", now=vn(2026, 11, 28, 10), note="Dời đi")
    assert early.status == "result_ready" and early.attempt.attempt_no == 3


def test_two_consoles_recording_at_once_one_wins(database, in_transit):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker(name: str) -> None:
        barrier.wait()
        try:
            delivery.record_delivered(database, in_transit, user=name, now=vn(2026, 11, 28, 15),
                                      receiver_name="B", relation="Con", id_last4="0001")
            outcomes.append("ok")
        except KioskError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=worker, args=(f"agent{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) in (["DOS-030", "ok"], ["DOS-090", "ok"])
    with database.read_session() as s:
        assert len(s.scalars(select(DeliveryAttempt)).all()) == 1
