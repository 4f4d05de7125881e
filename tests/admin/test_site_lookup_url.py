"""The site's public look-up URL (printed in receipt QRs): validated and audited in the service, set in the console."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import AuditEvent, Site
from db.services import site_admin as sa
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for

URL = "https://tracuu.example.vn/hs"


class Admin:
    """A console user as audit.record accepts it."""

    id = None
    username = "quan.tri"


def test_public_lookup_url_is_checked_audited_and_can_be_cleared(database: Database) -> None:
    site_id = database.run(lambda s: s.scalars(select(Site.id).order_by(Site.id)).first(), read_only=True)
    assert sa.update_site(database, site_id, {"public_lookup_url": f"  {URL} "}, user=Admin()).public_lookup_url == URL
    for bad in ("tracuu.example.vn/hs", "ftp://tracuu.example.vn", "https://", "https://tra cuu.vn/hs",
                "javascript:alert(1)", "https://x.vn/" + "a" * 300, "http://[::1"):
        with pytest.raises(sa.SiteAdminError) as err:
            sa.update_site(database, site_id, {"public_lookup_url": bad}, user=Admin())
        assert err.value.code == "ADM-118" and "https://" in err.value.message
    assert sa.check_public_lookup_url("http://10.0.0.5:8080/tra-cuu?nguon=qr") == "http://10.0.0.5:8080/tra-cuu?nguon=qr"
    assert sa.update_site(database, site_id, {"public_lookup_url": ""}, user=Admin()).public_lookup_url == ""
    with database.session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "site.update").order_by(AuditEvent.id)).all()
        assert [(e.before, e.after) for e in events] == [({"public_lookup_url": ""}, {"public_lookup_url": URL}),
                                                         ({"public_lookup_url": URL}, {"public_lookup_url": ""})]


async def test_admin_sets_the_public_lookup_url_in_the_console(sqlite_database: Database, admin_app_factory) -> None:
    add_staff(sqlite_database)
    app = admin_app_factory(sqlite_database)
    async with app.run_test(size=(150, 44)) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f7")
        await wait_for(pilot, lambda: app.screen.id == "settings-screen"
                       and app.screen.query_one("#settings-sites").row_count == 1)
        screen = app.screen
        for value, expect in (("tracuu.example.vn", "https://"), (URL, "Đã lưu")):
            await pilot.click("#settings-site-edit")
            await wait_for(pilot, lambda: app.screen.query("#form-dialog"))
            app.screen.query_one("#form-public_lookup_url").value = value
            await pilot.pause()
            await pilot.click("#form-ok")
            await wait_for(pilot, lambda: expect in str(screen.query_one("#settings-status").render()))
    with sqlite_database.session() as s:
        assert s.scalars(select(Site)).first().public_lookup_url == URL
