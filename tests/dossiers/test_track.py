"""Where is my dossier (issue 14): the public timeline shows the S10 number and the delivery outcome; the
``kiosk-admin dossiers track`` command prints it for a signed-in admin."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from db.models import AuditEvent, Dossier
from db.services import delivery
from db.services.dossier_status import lookup
from tests.dossiers.conftest import vn
from tests.dossiers.test_delivery import in_transit  # noqa: F401  (fixture)


def _secret(database, dossier_id):
    with database.read_session() as s:
        d = s.get(Dossier, dossier_id)
        return d.reference, d.lookup_secret, d.tracking_number


def test_the_citizen_sees_the_number_and_each_attempt(database, in_transit):  # noqa: F811
    delivery.record_not_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 28, 10),
                                  reason="no_one_home", next_attempt_on=date(2026, 11, 30))
    delivery.record_delivered(database, in_transit, user="buu.ta", now=vn(2026, 11, 30, 11), receiver_name="Lê Văn C",
                              relation="Con", id_last4="9876")
    reference, secret, number = _secret(database, in_transit)
    result = lookup(database, reference, secret, now=vn(2026, 11, 30, 12))
    assert result.tracking_number == number and result.status == "returned"
    steps = [(e.status, e.tracking_number, e.delivery, e.note) for e in result.timeline]
    in_transit_step = next(s for s in steps if s[0] == "result_in_transit" and not s[2])
    assert in_transit_step[1] == number and number[:2] in in_transit_step[3] and "VN" in in_transit_step[3]
    failed = next(s for s in steps if s[2] == "not_delivered")
    assert failed[1] == number and "Không có người nhận" in failed[3] and "30/11/2026" in failed[3]
    assert steps[-1][:3] == ("returned", "", "delivered") and steps[-1][3] == "Đã giao tận tay"
    shown = json.dumps(result.as_dict(), ensure_ascii=False)
    assert "Lê Văn C" not in shown and "9876" not in shown and "Nguyễn Văn A" not in shown


def test_back_at_the_counter_is_said(database, in_transit, place):  # noqa: F811
    delivery.return_to_counter(database, in_transit, user="a", now=vn(2026, 11, 28, 10))
    reference, secret, _number = _secret(database, in_transit)
    last = lookup(database, reference, secret, now=vn(2026, 11, 28, 11)).timeline[-1]
    assert (last.status, last.delivery) == ("result_ready", "returned_to_counter") and "quầy" in last.note


def test_kiosk_admin_dossiers_track(database, in_transit, capsys: pytest.CaptureFixture[str],  # noqa: F811
                                    cli_login) -> None:
    from admin_tui.cli import main

    reference, _secret_text, number = _secret(database, in_transit)
    assert main(["dossiers", "track", reference, "--database-url", database.url, "--json"]) == 2
    assert "ACC-040" in capsys.readouterr().err
    cli_login(database.url)
    assert main(["dossiers", "track", reference, "--database-url", database.url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reference"] == reference and data["tracking_number"] == number
    assert data["status"] == "result_in_transit" and data["timeline"][-1]["tracking_number"] == number
    assert "Nguyễn Văn A" not in json.dumps(data, ensure_ascii=False)
    assert main(["dossiers", "track", reference.split("-", 1)[1], "--database-url", database.url]) == 0
    text = capsys.readouterr().out
    assert number in text and reference in text
    assert main(["dossiers", "track", "000.00.00.X00-010101-9999", "--database-url", database.url]) == 2
    assert "DOS-034" in capsys.readouterr().err
    with database.read_session() as s:
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.action == "dossier.track")).all()) == 2
