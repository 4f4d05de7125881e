"""The site's public look-up URL (printed in receipt QRs): validated and audited (the console sets it in
tests/admin/test_settings_console.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import AuditEvent, Site
from db.services import site_admin as sa

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

