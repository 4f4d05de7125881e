"""Catalogue service on real databases: seed, versions, stale edits, retire/restore, lists, site rules."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from db.catalogue import service
from db.catalogue.errors import InvalidProcedure, ProcedureNotFound, StaleEdit
from db.catalogue.search import CatalogueSearch
from db.catalogue.seed import seed_catalogue, shipped_records
from db.engine import Database
from db.models import AuditEvent, Dossier, Procedure, ProcedureAlias, ProcedureVersion, Site


def test_seeded_catalogue_is_complete_and_idempotent(database: Database) -> None:
    with database.session() as s:
        assert s.scalar(select(func.count(Procedure.id))) == len(shipped_records()) >= 50
        assert s.scalar(select(func.count(ProcedureAlias.id))) == sum(len(r["aliases"]) for r in shipped_records())
        assert seed_catalogue(s) == 0
    with database.session() as s:
        assert s.scalar(select(func.count(ProcedureVersion.id))) == len(shipped_records())


def test_get_procedure_has_documents_aliases_and_conditions(database: Database) -> None:
    with database.session() as s:
        p = service.get_procedure(s, "1.001193")
    assert p.name == "Đăng ký khai sinh" and p.level == "xã" and p.version_no == 1
    assert p.cutoff_time == "15:00" and p.processing_days == 0
    assert "làm giấy khai sinh" in p.aliases
    proxy = [d for d in p.documents if not d.required]
    assert proxy and proxy[0].condition == "nếu ủy quyền" and proxy[0].name == "Văn bản ủy quyền có chứng thực"
    with database.session() as s, pytest.raises(ProcedureNotFound):
        service.get_procedure(s, "9.999999")


def test_edit_creates_a_version_and_keeps_the_old_one(database: Database) -> None:
    with database.session() as s:
        before = service.get_procedure(s, "2.000635")
        old_version_id = before.version_id
        v2 = service.save_procedure(s, "2.000635", {"processing_days": 1, "fee_vnd": 10000}, before.row_version,
                                    "admin1")
        assert v2.version_no == 2
    with database.session() as s:
        now = service.get_procedure(s, "2.000635")
        old = service.get_procedure(s, "2.000635", version_no=1)
        history = service.version_history(s, "2.000635")
        audits = s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.entity_id == "2.000635"))
    assert (now.processing_days, now.fee_vnd, now.version_no) == (1, 10000, 2)
    assert (old.processing_days, old.fee_vnd, old.version_id) == (0, 8000, old_version_id)
    assert [h.version_no for h in history] == [2, 1] and history[0].current and history[0].created_by == "admin1"
    assert len(now.documents) == len(old.documents) and audits == 1
    assert now.row_version > before.row_version


def test_saving_identical_content_makes_no_version(database: Database) -> None:
    with database.session() as s:
        p = service.get_procedure(s, "1.004222")
        v = service.save_procedure(s, "1.004222", dict(p.record), p.row_version, "admin")
        assert v.version_no == 1


def test_stale_edit_from_a_second_console(database: Database) -> None:
    with database.session() as s:
        opened = service.get_procedure(s, "1.004194").row_version
    with database.session() as s:  # console A saves first
        service.save_procedure(s, "1.004194", {"processing_days": 2}, opened, "console-a")
    with database.session() as s, pytest.raises(StaleEdit) as err:  # console B still has the old row version
        service.save_procedure(s, "1.004194", {"processing_days": 4}, opened, "console-b")
    assert err.value.code == "CAT-003"
    with database.session() as s:
        assert service.get_procedure(s, "1.004194").processing_days == 2


def test_alias_edits_and_retire_restore(database: Database) -> None:
    with database.session() as s:
        p = service.get_procedure(s, "1.001612")
        service.add_alias(s, "1.001612", "mở tiệm tạp hóa", p.row_version, "admin")
    with database.session() as s:
        p = service.get_procedure(s, "1.001612")
        assert p.aliases[-1] == "mở tiệm tạp hóa" and p.version_no == 1
        service.remove_alias(s, "1.001612", "HKD", p.row_version, "admin")
    with database.session() as s:
        p = service.get_procedure(s, "1.001612")
        assert "HKD" not in p.aliases
        service.retire_procedure(s, "1.001612", p.row_version, "admin")
    with database.session() as s:
        assert not service.get_procedure(s, "1.001612").active
        assert "1.001612" not in [h.code for h in CatalogueSearch.load(s).search("mo ho kinh doanh")]
        admin_search = CatalogueSearch.load(s, include_retired=True)
        assert admin_search.search("mo ho kinh doanh", limit=1)[0].code == "1.001612"
        retired = service.list_procedures(s, active=False)
        assert [i.code for i in retired.items] == ["1.001612"]
        service.restore_procedure(s, "1.001612", service.get_procedure(s, "1.001612").row_version, "admin")
    with database.session() as s:
        assert service.get_procedure(s, "1.001612").active


def test_invalid_edit_names_the_field(database: Database) -> None:
    with database.session() as s:
        p = service.get_procedure(s, "1.004222")
        with pytest.raises(InvalidProcedure) as err:
            service.save_procedure(s, "1.004222", {"level": "huyện", "cutoff_time": "25:00"}, p.row_version, "a")
    assert {i.field for i in err.value.issues} == {"level", "cutoff_time"}


def test_create_new_local_procedure(sqlite_database: Database) -> None:
    record = {"name": "Cấp giấy xác nhận cư trú", "field": "Đăng ký, quản lý cư trú", "level": "xã",
              "documents": [{"name": "Tờ khai CT01", "originals": 1, "copies": 0}], "aliases": ["CT07"]}
    with sqlite_database.session() as s:
        v = service.save_procedure(s, "DP.CT.007", record, None, "admin")
        assert v.version_no == 1
    with sqlite_database.session() as s:
        p = service.get_procedure(s, "DP.CT.007")
        assert p.national_code is None and p.aliases == ["CT07"] and p.documents[0].required
        service.save_procedure(s, "DP.CT.007", {"national_code": "1.000123"}, p.row_version, "admin")
    with sqlite_database.session() as s:
        p = service.get_procedure(s, "DP.CT.007")
        service.save_procedure(s, "DP.CT.007", {"note": "x"}, p.row_version, "admin")
    with sqlite_database.session() as s:
        p = service.get_procedure(s, "DP.CT.007")
        assert (p.national_code, p.note, p.version_no) == ("1.000123", "x", 2)


def test_list_procedures_filters_and_pages(database: Database) -> None:
    with database.session() as s:
        everything = service.list_procedures(s, limit=500)
        page = service.list_procedures(s, offset=10, limit=10)
        hotich = service.list_procedures(s, field="Hộ tịch")
        tinh_post = service.list_procedures(s, level="tỉnh", postal=True)
        fields = dict(service.list_fields(s))
        by_text = service.list_procedures(s, text="hộ chiếu")
        assert service.list_procedures(s, text="%").total == 0 and service.list_procedures(s, text="_").total == 0
    assert everything.total == len(everything.items) == len(shipped_records())
    assert [i.code for i in page.items] == [i.code for i in everything.items[10:20]]
    assert hotich.total == fields["Hộ tịch"] and all(i.field == "Hộ tịch" for i in hotich.items)
    assert tinh_post.items and all(i.level == "tỉnh" and i.postal_allowed for i in tinh_post.items)
    assert by_text.total >= 1 and all("hộ chiếu" in i.name for i in by_text.items)
    assert all(i.alias_count > 0 for i in everything.items)


def test_site_rule_and_popularity(database: Database) -> None:
    with database.session() as s:
        site = s.scalars(select(Site)).first()
        p = service.get_procedure(s, "1.001456")
        assert service.site_rule(s, site.id, p.id).accepted
        service.set_site_rule(s, site.id, p.id, False, "Nộp tại Phòng QLXNC Công an tỉnh", "admin")
        search = CatalogueSearch.load(s)
        service.bump_popularity(s, p.id)
        service.bump_popularity(s, p.id, by=100)
    with database.session() as s:
        rule = service.site_rule(s, site.id, p.id)
        assert not rule.accepted and rule.redirect_note.startswith("Nộp tại") and rule.explicit
        after = service.get_procedure(s, "1.001456")
        assert after.popularity == p.popularity + 101 and after.row_version == p.row_version
        assert not search.is_stale(s)
        assert search.refresh(s) is False  # only usage counts changed: updated in place
        assert search.search("", limit=1)[0].code == "1.001456"


def test_search_index_sees_edits_after_refresh(database: Database) -> None:
    with database.session() as s:
        search = CatalogueSearch.load(s)
        assert "2.000488" not in [h.code for h in search.search("xkld dai loan")]
        p = service.get_procedure(s, "2.000488")
        service.add_alias(s, "2.000488", "hồ sơ XKLĐ Đài Loan", p.row_version, "admin")
    with database.session() as s:
        assert search.is_stale(s)
        assert search.refresh(s) is True
        assert search.search("xkld dai loan", limit=1)[0].code == "2.000488"


def test_shared_search_on_a_database(sqlite_database: Database) -> None:
    search = CatalogueSearch.shared(sqlite_database)
    assert CatalogueSearch.shared(sqlite_database) is search
    assert search.search("lam ho chieu", limit=1)[0].code == "1.001456"
    assert len(search.search("", limit=5)) == 5


def test_interleaved_consoles_on_postgresql(database: Database) -> None:
    """Both consoles read row version N; the second flush hits the moved row version (PostgreSQL)."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite serialises write transactions (BEGIN IMMEDIATE), so they cannot interleave")
    with database.session() as b:
        opened = service.get_procedure(b, "1.010914")
        with database.session() as a:
            service.save_procedure(a, "1.010914", {"processing_days": 3}, opened.row_version, "console-a")
        with pytest.raises(StaleEdit):
            service.save_procedure(b, "1.010914", {"processing_days": 4}, opened.row_version, "console-b")
        b.rollback()
    with database.session() as s:
        assert service.get_procedure(s, "1.010914").processing_days == 3


def test_constructing_on_a_database_reuses_the_shared_index(sqlite_database: Database) -> None:
    first = CatalogueSearch(sqlite_database)
    second = CatalogueSearch(sqlite_database)
    assert CatalogueSearch.shared(sqlite_database) is first
    assert second._index is first._index  # noqa: SLF001 - no rebuild per call
    assert second.search("doi bang lai", limit=1)[0].code == "3.000347"


def test_shared_search_rebuilds_in_the_background_after_an_edit(sqlite_database: Database) -> None:
    search = CatalogueSearch.shared(sqlite_database)
    search.REFRESH_INTERVAL_S = 0.0
    assert "1.001612" not in [h.code for h in search.search("quan pho nho", limit=3)]
    with sqlite_database.session() as s:
        p = service.get_procedure(s, "1.001612")
        service.add_alias(s, "1.001612", "mở quán phở nhỏ", p.row_version, "admin")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        hits = search.search("quan pho nho", limit=1)  # served from the old index until the new one is ready
        if hits and hits[0].code == "1.001612":
            break
        time.sleep(0.05)
    assert hits and hits[0].code == "1.001612"


def test_a_dossier_keeps_the_version_it_was_received_under(database: Database) -> None:
    with database.session() as s:
        site = s.scalars(select(Site)).first()
        p = service.get_procedure(s, "2.000488")
        dossier = Dossier(reference="000.00.16.H26-261122-0001", lookup_secret="7KQM", site_id=site.id,
                          procedure_version_id=p.version_id, applicant_name="Nguyễn Văn A",
                          applicant_id_number="001090123456")
        s.add(dossier)
        s.flush()
        dossier_id = dossier.id
        service.save_procedure(s, "2.000488", {"processing_days": 15}, p.row_version, "admin")
    with database.session() as s:
        kept = s.get(Dossier, dossier_id).procedure_version
        history = service.version_history(s, "2.000488")
    assert (kept.version_no, kept.processing_days) == (1, 10)
    assert [(h.version_no, h.dossier_count) for h in history] == [(2, 0), (1, 1)]
