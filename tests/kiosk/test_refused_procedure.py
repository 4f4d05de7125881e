"""A procedure this point refuses: the reason and where to go sit beside the grey button, with alternatives."""

from __future__ import annotations

from sqlalchemy import func, select
from textual.widgets import Button, Static

from db import models as m
from tests.fixtures.kiosk_app import settle

SIZE = (120, 40)
KET_HON = "1.000894"  # Đăng ký kết hôn: refused at the demo site, with a note
CAN_CUOC = "2.000200"  # Cấp thẻ căn cước: refused at the demo site, no note (agency + level from the catalogue)


def _text(app, selector: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(selector, Static).render())


async def _open(app, pilot, code: str) -> None:  # noqa: ANN001
    from kiosk.screens.procedure import ProcedureScreen

    await app.push_screen(ProcedureScreen(code))
    await settle(app, pilot)


def _refused_codes(app) -> set[str]:  # noqa: ANN001
    with app.ctx.database.session() as s:
        rows = s.execute(select(m.Procedure.code).join(
            m.SiteProcedureRule, m.SiteProcedureRule.procedure_id == m.Procedure.id).where(
            m.SiteProcedureRule.site_id == app.ctx.site_id, m.SiteProcedureRule.accepted.is_(False))).all()
    return {r[0] for r in rows}


async def test_demo_refuses_well_known_procedures_and_seeding_twice_changes_nothing(kiosk_app_factory):
    app = kiosk_app_factory(demo=True)
    assert _refused_codes(app) == {KET_HON, CAN_CUOC}
    again = kiosk_app_factory(demo=True)  # a second start of the demo on the same database
    with again.ctx.database.session() as s:
        assert s.scalar(select(func.count()).select_from(m.SiteProcedureRule)) == 2


async def test_non_demo_kiosk_refuses_nothing(kiosk_app):
    assert _refused_codes(kiosk_app) == set()


async def test_search_marks_the_refused_procedure(kiosk_app_factory):
    app = kiosk_app_factory(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.press(*"ket hon")
        await settle(app, pilot)
        hit = next(b for b in app.screen.query(".result").results(Button) if b.value == KET_HON)
        assert "not-accepted" in hit.classes and "Điểm này không nhận" in str(hit.label)


async def test_refused_procedure_says_why_and_where_beside_the_grey_button(kiosk_app_factory):
    app = kiosk_app_factory(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, CAN_CUOC)
        submit = app.screen.query_one("#start-submission", Button)
        note = app.screen.query_one("#redirect-note", Static)
        text = _text(app, "#redirect-note")
        assert submit.disabled
        assert "Điểm này chưa nhận thủ tục này." in text
        # no site note: the catalogue's agency and level say where to go
        assert "Nơi nộp: Công an cấp tỉnh" in text and "cấp tỉnh/thành phố" in text
        # beside the button (same row, to its right) and fully on screen, not scrolled away
        assert note.parent is submit.parent and note.region.x > submit.region.right - 1
        assert note.region.bottom <= SIZE[1] and note.region.height >= 3
        ticket = app.screen.query_one("#detail-ticket", Button)
        staff = app.screen.query_one("#detail-call-staff", Button)
        assert str(ticket.label) == "Lấy số thứ tự" and str(staff.label) == "Gọi nhân viên"
        assert app.focused is ticket  # Enter takes a number, never the grey button
        assert "hẹn trả" not in _text(app, "#facts")  # no appointment for a dossier this point does not take

        await _open(app, pilot, KET_HON)
        assert "Nơi nộp: Ủy ban nhân dân cấp xã nơi cư trú của bên nam hoặc bên nữ" in _text(app, "#redirect-note")


async def test_refused_procedure_offers_a_ticket_of_its_field(kiosk_app_factory):
    app = kiosk_app_factory(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, KET_HON)
        await pilot.click("#start-submission")  # grey: nothing happens
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ProcedureScreen" and app.session.procedure_code is None
        await pilot.click("#detail-ticket")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TicketOnlyScreen"
        first = app.screen.query(".queue-choice").first(Button)
        assert "Hộ tịch" in str(first.label)  # the procedure's own field comes first
        await pilot.click(f"#{first.id}")
        await settle(app, pilot)
        assert _text(app, "#ticket-number").startswith("HT-")
    with app.ctx.database.session() as s:
        tickets = s.scalars(select(m.Ticket)).all()
        assert [t.number for t in tickets] == ["HT-001"] and tickets[0].state == "waiting"
        assert s.scalar(select(func.count()).select_from(m.Dossier)) == 0


async def test_refused_procedure_calls_staff_with_what_the_citizen_wanted(kiosk_app_factory):
    app = kiosk_app_factory(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, KET_HON)
        await pilot.click("#detail-call-staff")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CallStaffScreen"
        assert "Đã gọi nhân viên" in _text(app, "#call-staff-status")
    with app.ctx.database.session() as s:
        call = s.scalars(select(m.StaffCall)).one()
    assert call.reason == "citizen" and KET_HON in call.detail and call.kiosk_id == app.ctx.kiosk_id
