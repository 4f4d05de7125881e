"""Reports on both databases: exact numbers on a small known data set, grouping, CSV, and the Pilot export."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from db.calendar import VN_TZ
from db.engine import Database
from db.models import AuditEvent, Dossier, Kiosk, Procedure, Site, Ticket
from db.services.dossier_status import change_status
from db.services.dossiers import DocumentDraft, DossierDraft, submit_dossier
from db.services.feedback import record_consent, record_rating
from db.services.reports import ReportError, build_report, report_csv
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Hà Nội local time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def known_data(db: Database) -> dict[str, object]:
    """Three dossiers on Mon 16 and Tue 17 Nov 2026, tickets with known times, four ratings."""
    with db.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        kiosk = s.scalars(select(Kiosk).where(Kiosk.site_id == site.id)).first()
        ids = {"site_id": site.id, "kiosk_id": kiosk.id}
        proc = s.scalars(select(Procedure).where(Procedure.code == "1.004873")).one()
        field = proc.versions[-1].field
        reqs = proc.versions[-1].documents[:1]
    out_ids = []
    for at in (vn(2026, 11, 16, 9), vn(2026, 11, 16, 10), vn(2026, 11, 17, 9)):
        consent = record_consent(db, purpose="dossier", text_version="1", accepted=True, now=at, **ids)
        draft = DossierDraft(procedure_code="1.004873", consent_id=consent, applicant_name="Nguyễn Văn A",
                             applicant_id_number="001090123456", applicant_phone="0912345678",
                             documents=[DocumentDraft(requirement_id=r.id, name=r.name, at_counter=True)
                                        for r in reqs], **ids)
        out_ids.append(submit_dossier(db, draft, now=at).dossier_id)
    first, second, third = out_ids
    due = db.run(lambda s: s.get(Dossier, first).due_at, read_only=True)
    # first: result ready before its due date (on time); second: still open at report time (overdue);
    # third: result to be returned by post, still open and not late.
    for status in ("agency_received", "processing", "result_ready"):
        change_status(db, first, status, actor="t", now=due - timedelta(hours=2))
    db.run(lambda s: s.execute(update(Dossier).where(Dossier.id == third).values(return_method="post")))
    # Tickets: the three submissions issued one each; give them known call/finish times.
    with db.session() as s:
        tickets = s.scalars(select(Ticket).order_by(Ticket.id)).all()
        for t, (wait_min, serve_min, state) in zip(tickets, ((4, 10, "done"), (6, 20, "done"), (0, 0, "waiting"))):
            if state == "done":
                t.called_at = t.issued_at + timedelta(minutes=wait_min)
                t.served_at = t.called_at
                t.finished_at = t.called_at + timedelta(minutes=serve_min)
            t.state = state
    refs = db.run(lambda s: [s.get(Dossier, i).reference for i in out_ids], read_only=True)
    for level, at, ref in (("very_satisfied", vn(2026, 11, 16, 11), refs[0]), ("satisfied", vn(2026, 11, 16, 12), None),
                           ("satisfied", vn(2026, 11, 17, 11), None), ("unsatisfied", vn(2026, 11, 17, 12), refs[2])):
        record_rating(db, level=level, now=at, dossier_reference=ref, **ids)
    return {"due": due, "field": field, "ids": out_ids}


def test_numbers_by_day(database: Database) -> None:
    data = known_data(database)
    now = data["due"] + timedelta(days=1)  # the second dossier is past due, the third too unless later
    report = database.run(lambda s: build_report(s, group="day", day_from=date(2026, 11, 15),
                                                 day_to=date(2026, 11, 18), now=now), read_only=True)
    by_key = {r.key: r for r in report.rows}
    assert sorted(by_key) == ["2026-11-16", "2026-11-17"]
    mon, tue = by_key["2026-11-16"], by_key["2026-11-17"]
    assert (mon.received, mon.by_post, mon.on_time, mon.overdue, mon.open) == (2, 0, 1, 1, 0)
    assert (tue.received, tue.by_post, tue.tickets) == (1, 1, 1)
    assert mon.tickets == 2 and mon.avg_wait_s == 300.0 and mon.avg_service_s == 900.0
    assert tue.avg_wait_s is None and tue.avg_service_s is None
    assert mon.ratings == {"very_satisfied": 1, "satisfied": 1, "unsatisfied": 0}
    assert tue.ratings == {"very_satisfied": 0, "satisfied": 1, "unsatisfied": 1}
    total = report.total
    assert (total.received, total.by_post, total.on_time, total.tickets) == (3, 1, 1, 3)
    assert total.overdue + total.open == 2


def test_grouping_by_field_and_kiosk(database: Database) -> None:
    data = known_data(database)
    now = vn(2026, 11, 17, 12)
    by_field = database.run(lambda s: build_report(s, group="field", day_from=date(2026, 11, 16),
                                                   day_to=date(2026, 11, 17), now=now), read_only=True)
    field_row = next(r for r in by_field.rows if r.key == data["field"])
    assert field_row.received == 3
    assert field_row.ratings["very_satisfied"] == 1 and field_row.ratings["unsatisfied"] == 1
    by_kiosk = database.run(lambda s: build_report(s, group="kiosk", day_from=date(2026, 11, 16),
                                                   day_to=date(2026, 11, 17), now=now), read_only=True)
    assert [r.key for r in by_kiosk.rows] == ["BD-HN-001/K01"]
    assert by_kiosk.rows[0].received == 3 and by_kiosk.rows[0].tickets == 3
    with pytest.raises(ReportError) as err:
        database.run(lambda s: build_report(s, group="week", day_from=date(2026, 11, 16),
                                            day_to=date(2026, 11, 17), now=now), read_only=True)
    assert err.value.code == "ADM-202"


def test_csv_export(database: Database) -> None:
    data = known_data(database)
    report = database.run(lambda s: build_report(s, group="day", day_from=date(2026, 11, 16),
                                                 day_to=date(2026, 11, 17), now=data["due"] + timedelta(days=1)),
                          read_only=True)
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert [r["key"] for r in rows] == ["2026-11-16", "2026-11-17", "total"]
    assert rows[0]["received"] == "2" and rows[0]["avg_wait_s"] == "300.0" and rows[1]["avg_wait_s"] == ""
    assert rows[2]["rating_satisfied"] == "2" and rows[2]["tickets"] == "3"


async def test_reports_mode_shows_and_exports(sqlite_database: Database, admin_app_factory, tmp_path) -> None:
    db = sqlite_database
    add_staff(db)
    known_data(db)
    app = admin_app_factory(db, clock=lambda: vn(2026, 11, 30, 9))
    async with app.run_test(size=(150, 44)) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f6")
        await wait_for(pilot, lambda: app.screen.id == "reports-screen" and app.screen.report is not None)
        screen = app.screen
        table = screen.query_one("#reports-table")
        assert table.row_count == 3  # two days + total
        assert [str(c) for c in table.get_row_at(2)][:2] == ["Tổng cộng", "3"]
        await pilot.click("#reports-export")
        await wait_for(pilot, lambda: app.screen.query("#ask-input"))
        typo = tmp_path / "bao-coa" / "bao-cao.csv"  # a folder that does not exist is refused, not created
        app.screen.query_one("#ask-input").value = str(typo)
        await pilot.click("#ask-ok")
        await wait_for(pilot, lambda: "ADM-205" in str(screen.query_one("#reports-status").render()))
        assert not typo.parent.exists()
        await pilot.click("#reports-export")
        await wait_for(pilot, lambda: app.screen.query("#ask-input"))
        target = tmp_path / "bao-cao.csv"
        app.screen.query_one("#ask-input").value = str(target)
        await pilot.click("#ask-ok")
        await wait_for(pilot, lambda: target.exists() and "Đã xuất" in str(screen.query_one("#reports-status").render()))
    text = target.read_text(encoding="utf-8-sig")
    assert text == report_csv(screen.report)
    with db.session() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "report.export")).one().actor == USERS["admin"]


def test_report_days_outside_the_calendar_the_queries_can_use_are_refused() -> None:
    from admin_tui.modes.reports import parse_day

    assert parse_day("22/11/2026") == date(2026, 11, 22) and parse_day("2026-11-22") == date(2026, 11, 22)
    assert parse_day("01/01/0001") is None and parse_day("31/12/9999") is None and parse_day("31/02/2026") is None
