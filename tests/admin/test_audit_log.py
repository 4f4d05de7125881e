"""The audit trail: filters, a read-only mode, and rows that neither the ORM nor raw SQL can change."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from db.engine import Database
from db.models import AuditEvent
from db.services import audit
from db.services.audit import AuditFilter, AuditImmutable
from tests.fixtures.admin_app import SIZE, USERS, sign_in, wait_for
from tests.fixtures.credentials import AGENT_PIN, OTHER_PASSWORD, OTHER_PIN, PASSWORD


class _Who:
    id = None
    username = "quan.tri"


def _seed_events(database: Database) -> None:
    with database.session() as s:
        audit.record(s, user=_Who(), action="catalogue.save", entity="procedure", entity_id="1.001193",
                     before={"name": "A"}, after={"name": "B"}, at=datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc))
        audit.record(s, user="cli", action="user.add", entity="user", entity_id="x",
                     after={"role": "agent"}, at=datetime(2026, 11, 21, 18, 30, tzinfo=timezone.utc))  # 22/11 local
        audit.record(s, user=None, action="queue.call_next", entity="ticket", entity_id="7",
                     at=datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc))


def test_filters(database: Database) -> None:
    _seed_events(database)
    with database.read_session() as s:
        def ids(**kw) -> list[str]:  # noqa: ANN003
            return [e.entity_id for e in audit.list_events(s, AuditFilter(**kw)).items]

        assert ids(actor="quan.tri") == ["1.001193"]
        assert ids(entity="user") == ["x"]
        assert ids(action="catalogue") == ["1.001193"]  # prefix
        assert ids(action="queue.call_next") == ["7"]
        assert ids(day_from=date(2026, 11, 22)) == ["7", "x"]  # local days (UTC+7), newest first
        assert ids(day_to=date(2026, 11, 21)) == ["1.001193"]
        assert audit.list_events(s, AuditFilter(actor="system")).total == 1
        with pytest.raises(audit.AuditError):
            audit.list_events(s, AuditFilter(day_from=date(2026, 11, 22), day_to=date(2026, 11, 1)))
        assert {"quan.tri", "cli", "system"} <= set(audit.distinct_values(s)["actors"])


def test_orm_refuses_to_change_or_delete_events(database: Database) -> None:
    _seed_events(database)
    with pytest.raises(AuditImmutable):
        with database.session() as s:
            s.scalars(select(AuditEvent)).first().actor = "someone else"
    with pytest.raises(AuditImmutable):
        with database.session() as s:
            s.delete(s.scalars(select(AuditEvent)).first())


@pytest.mark.parametrize("statement", [
    lambda: update(AuditEvent).values(actor="x"),
    lambda: delete(AuditEvent),
    lambda: text("DELETE FROM audit_events"),
])
def test_database_triggers_refuse_raw_changes(database: Database, statement) -> None:  # noqa: ANN001
    _seed_events(database)
    with pytest.raises(DBAPIError, match="AUD-002"):
        with database.session() as s:
            s.execute(statement())
    with database.read_session() as s:
        assert len(list(s.scalars(select(AuditEvent.id)))) >= 3


async def test_audit_mode_filters_and_has_no_edit_path(staff_database, admin_app_factory) -> None:
    _seed_events(staff_database)
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f9")
        await wait_for(pilot, lambda: app.current_mode == "audit")
        screen = app.screen
        table = screen.query_one("#audit-table")
        await wait_for(pilot, lambda: table.row_count >= 4)  # seeded + this sign-in
        await wait_for(pilot, lambda: "catalogue.save" in [o[1] for o in
                                                           screen.query_one("#audit-action")._options])
        screen.query_one("#audit-action").value = "catalogue.save"
        await wait_for(pilot, lambda: table.row_count == 1)
        table.move_cursor(row=0)
        await pilot.pause()
        detail = str(screen.query_one("#audit-detail-text").render())
        assert '"name": "A"' in detail and '"name": "B"' in detail
        screen.query_one("#audit-from").value = "32/13/2026"
        screen.query_one("#audit-from").focus()
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "AUD-010" in str(screen.query_one("#audit-status").render()))
        # The last representable day would overflow the query (day + 1): refused like any bad date.
        screen.query_one("#audit-from").value = ""
        screen.query_one("#audit-to").value = "31/12/9999"
        await pilot.click("#audit-refresh")
        await wait_for(pilot, lambda: "31/12/9999" in str(screen.query_one("#audit-status").render()))
        assert app.is_running and app.return_code is None
        # Read-only: no key or button edits or deletes an event.
        for key in ("delete", "backspace", "e", "d", "ctrl+d"):
            await pilot.press(key)
        bindings = {b.action for b in screen.BINDINGS} | {b.action for b in app.BINDINGS}
        assert not any(word in action for action in bindings for word in ("delete", "edit", "remove"))
        assert not [b for b in screen.query("Button") if b.id and b.id.startswith("audit-")
                    and b.id not in ("audit-refresh", "audit-pager-prev", "audit-pager-next")]
    with staff_database.read_session() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "catalogue.save")).one().after == {"name": "B"}


def _all_events(database: Database) -> list[tuple]:
    with database.read_session() as s:
        return [(e.id, e.at, e.user_id, e.actor, e.action, e.entity, e.entity_id, e.before, e.after)
                for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_admin_actions_append_who_what_before_after_and_no_secrets(database: Database) -> None:
    """The services the console calls, acting as a signed-in admin: one row per change, nothing earlier touched."""
    from admin_tui.context import CurrentUser
    from db.models import Site
    from db.services import accounts, site_admin
    from tests.fixtures.admin_app import add_staff

    _seed_events(database)
    ids = add_staff(database)
    admin = CurrentUser(ids["admin"], USERS["admin"], "Người dùng admin", "admin")
    earlier = _all_events(database)
    secrets = (PASSWORD, OTHER_PASSWORD, AGENT_PIN, OTHER_PIN, "THE-0099", "$argon2")

    with database.session() as s:
        new_id = accounts.add_user(s, actor=admin, username="giao.dich.vien", role="agent", password=secrets[0],
                                   full_name="Trần Thị Bình", pin=secrets[2]).id
    with database.session() as s:
        accounts.reset_password(s, admin, new_id, secrets[1])
    with database.session() as s:
        accounts.set_pin(s, admin, new_id, secrets[3])
    with database.session() as s:
        accounts.set_badge(s, admin, new_id, secrets[4])
    with database.session() as s:
        accounts.set_active(s, admin, new_id, False)
    with database.read_session() as s:
        site_id, site_code, hotline = s.execute(select(Site.id, Site.code, Site.hotline)).one()
    site_admin.update_site(database, site_id, {"hotline": "1900 1234"}, user=admin)
    override = site_admin.add_override(database, date(2026, 12, 31), "off", user=admin, name="Nghỉ cuối năm")
    site_admin.remove_override(database, override.id, user=admin)
    with database.read_session() as s:
        queue = site_admin.list_queue_rows(s, site_id)[0]
    assert (queue.priority_rule, queue.priority_every_n) == ("strict", 3)  # the seeded general queue
    site_admin.set_priority_rule(database, queue.id, "every_n", 4, user=admin)

    events = _all_events(database)
    assert events[:len(earlier)] == earlier  # every earlier row still there, unchanged
    new = events[len(earlier):]
    assert [e[2:7] for e in new] == [
        (admin.id, USERS["admin"], "user.add", "user", "giao.dich.vien"),
        (admin.id, USERS["admin"], "user.reset_password", "user", "giao.dich.vien"),
        (admin.id, USERS["admin"], "user.set_pin", "user", "giao.dich.vien"),
        (admin.id, USERS["admin"], "user.set_badge", "user", "giao.dich.vien"),
        (admin.id, USERS["admin"], "user.deactivate", "user", "giao.dich.vien"),
        (admin.id, USERS["admin"], "site.update", "site", site_code),
        (admin.id, USERS["admin"], "holiday.add", "holiday_override", str(override.id)),
        (admin.id, USERS["admin"], "holiday.remove", "holiday_override", str(override.id)),
        (admin.id, USERS["admin"], "queue.rule", "queue", queue.prefix),
    ]
    assert all(later[0] > e[0] for e, later in zip(new, new[1:]))  # ids only grow
    added, password, pin, badge, deactivated, site, holiday_add, holiday_remove, rule = ((e[7], e[8]) for e in new)
    assert added[0] is None and added[1]["role"] == "agent" and added[1]["full_name"] == "Trần Thị Bình"
    assert added[1]["has_pin"] is True and added[1]["has_badge"] is False and added[1]["active"] is True
    assert password[0]["password"] != password[1]["password"]  # says it changed, not what to
    assert pin[0]["has_pin"] is True and pin[1]["has_pin"] is True
    assert badge[0]["has_badge"] is False and badge[1]["has_badge"] is True
    assert deactivated[0]["active"] is True and deactivated[1]["active"] is False
    assert site == ({"hotline": hotline}, {"hotline": "1900 1234"})  # only what changed
    assert holiday_add[0] is None and holiday_add[1]["day"] == "2026-12-31" and holiday_add[1]["kind"] == "off"
    assert holiday_remove == (holiday_add[1], None)  # what was removed, kept in the log
    assert rule == ({"priority_rule": "strict", "priority_every_n": 3},
                    {"priority_rule": "every_n", "priority_every_n": 4})
    logged = json.dumps([e[3:] for e in new], ensure_ascii=False, default=str)
    assert not [secret for secret in secrets if secret in logged]
    assert "hash" not in logged  # no password or PIN hash under any name
