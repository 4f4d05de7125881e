"""Report additions (issue 15) on both databases: on-time share, share returned by post, per-agent counts."""

from __future__ import annotations

from sqlalchemy import update

from db.engine import Database
from db.models import Dossier
from db.services import dossier_admin as da
from db.services import reports_extra as rx
from tests.admin.test_dossiers_service import Staff, submit, vn


def test_on_time_late_and_post_shares_come_from_real_dossiers(database: Database) -> None:
    a = submit(database, "Nguyễn Văn An", "001090123456", "0912345678", vn(2026, 11, 16, 9))
    b = submit(database, "Trần Thị Bình", "079185000111", "0987654321", vn(2026, 11, 16, 10))
    c = submit(database, "Lê Văn Cường", "031200999888", "", vn(2026, 11, 16, 11))
    with database.session() as s:  # a returned early, b late by post, c not yet returned
        s.execute(update(Dossier).where(Dossier.id == a).values(due_at=vn(2026, 11, 20), returned_at=vn(2026, 11, 19)))
        s.execute(update(Dossier).where(Dossier.id == b).values(due_at=vn(2026, 11, 20), returned_at=vn(2026, 11, 23),
                                                                return_method="post"))
        s.commit()
    got = database.run(lambda s: rx.outcomes(s, vn(2026, 11, 1), vn(2026, 12, 1)), read_only=True)
    assert (got.returned, got.on_time, got.late, got.by_post) == (2, 1, 1, 1)
    assert got.on_time_pct == 50.0 and got.post_pct == 50.0
    empty = database.run(lambda s: rx.outcomes(s, vn(2026, 12, 1), vn(2027, 1, 1)), read_only=True)
    assert empty.returned == 0 and empty.on_time_pct == 0.0
    assert c


def test_agent_counts_count_status_changes_per_user(database: Database) -> None:
    did = submit(database, "Nguyễn Văn An", "001090123456", "0912345678", vn(2026, 11, 16, 9))
    da.set_status(database, did, "needs_supplement", user=Staff(), now=vn(2026, 11, 16, 11),
                  note="Thiếu bản sao giấy khai sinh", missing_documents=["Bản sao giấy khai sinh"])
    da.set_status(database, did, "processing", user=Staff(), now=vn(2026, 11, 19, 9))
    rows = database.run(lambda s: rx.agent_counts(s, vn(2026, 11, 1), vn(2026, 12, 1)), read_only=True)
    assert rows == [rx.AgentCount("agent.b", 2)]


def test_lateness_is_never_hidden_in_the_row(database: Database) -> None:
    late = submit(database, "Nguyễn Văn An", "001090123456", "0912345678", vn(2026, 11, 16, 9))
    paused = submit(database, "Trần Thị Bình", "079185000111", "0987654321", vn(2026, 11, 16, 10))
    with database.session() as s:  # returned after due; paused (waiting for a supplement) after due had passed
        s.execute(update(Dossier).where(Dossier.id == late).values(
            status="returned", due_at=vn(2026, 11, 20), returned_at=vn(2026, 11, 23)))
        s.execute(update(Dossier).where(Dossier.id == paused).values(
            status="needs_supplement", due_at=vn(2026, 11, 20), clock_paused_at=vn(2026, 11, 21)))
        s.commit()
    now = vn(2026, 11, 30)
    page = database.run(lambda s: da.search(s, da.DossierQuery(), now), read_only=True)
    flags = {r.id: r.flag for r in page.items}
    assert flags == {late: "done_late", paused: "paused_late"}
    assert database.run(lambda s: da.detail(s, late, now), read_only=True).flag == "done_late"
