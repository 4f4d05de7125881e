"""Retention beyond scans (issue 11): receipt payloads and printer images go with the dossier's scans and by
age; dossiers closed without hand-over (withdrawn, rejected) lose their scans on their own schedule;
``purge_plan`` says what a run would remove, removing nothing."""

from __future__ import annotations

import json
import logging
import os
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select, update

from core.settings import Settings
from db.engine import Database
from db.models import DossierDocument, PrintJob
from db.services.dossier_purge import PurgePlan, blank_payload, purge_personal_files, purge_plan
from db.services.dossier_status import change_status, mark_handed_over
from db.services.dossiers import DocumentDraft, submit_dossier
from devices.layouts import render_receipt
from tests.dossiers.conftest import vn

NOW = vn(2026, 12, 30)


def _submit(database: Database, make_draft, scans: Path, name: str, at=None):  # noqa: ANN001, ANN202
    folder = scans / name
    folder.mkdir(parents=True)
    page = folder / "page-001.png"
    Image.new("RGB", (60, 80), "white").save(page)
    draft = make_draft("1.004873", documents=[DocumentDraft(None, "Tờ khai", pages=[page])])
    return submit_dossier(database, draft, now=at or vn(2026, 11, 19, 10)), page


def _finish_jobs(database: Database, created_at=None) -> None:  # noqa: ANN001
    values = {"state": "done"} if created_at is None else {"state": "done", "created_at": created_at}
    with database.session() as s:
        s.execute(update(PrintJob).where(PrintJob.state == "pending").values(**values))


def _receipts(database: Database) -> dict[int, dict]:
    with database.read_session() as s:
        return {d: p for d, p in s.execute(select(PrintJob.dossier_id, PrintJob.payload)
                                           .where(PrintJob.kind == "receipt"))}


def _printed(jobs: Path, index: int, payload: dict, age_days: float = 0) -> list[Path]:
    """What the virtual printer stores for a printed receipt: ``job-NNNN.bin`` (with the QR text) and ``.png``."""
    jobs.mkdir(parents=True, exist_ok=True)
    data = render_receipt(payload)
    paths = [jobs / f"job-{index:04d}.bin", jobs / f"job-{index:04d}.png"]
    paths[0].write_bytes(data)
    paths[1].write_bytes(b"\x89PNG fake picture")
    at = NOW.timestamp() - age_days * 86400
    for p in paths:
        os.utime(p, (at, at))
    return paths


def _settings(tmp_path: Path, database: Database, **kw) -> Settings:  # noqa: ANN003
    return Settings(data_dir=tmp_path, database_url=database.url, **kw)


def test_blank_payload_keeps_the_dossier_and_drops_the_person() -> None:
    payload = {"reference": "000.00.16.H36-261119-0001", "lookup_secret": "7KQM", "qr": "HS|x|7KQM",
               "return_method": "post", "return_place": "Số 1 Phố X",
               "applicant": {"name": "Nguyễn Văn A", "id_masked": "0010******56", "address": "Số 1", "phone": "0912",
                             "email": "a@b.vn"},
               "procedure": {"code": "1.004873", "name": "Cấp bản sao"}}
    out = blank_payload(payload)
    assert out["applicant"] == {k: "" for k in payload["applicant"]}
    assert out["return_place"] == out["lookup_secret"] == out["qr"] == ""
    assert out["reference"] == payload["reference"] and out["procedure"] == payload["procedure"]
    assert out["personal_data_purged"] is True and payload["applicant"]["name"] == "Nguyễn Văn A"  # a copy


def test_handover_purge_takes_the_receipt_payload_and_printer_images_along(
        database: Database, make_draft, tmp_path: Path) -> None:
    settings = _settings(tmp_path, database)
    gone, _page = _submit(database, make_draft, tmp_path / "scans", "a")
    kept, kept_page = _submit(database, make_draft, tmp_path / "scans", "b")
    _finish_jobs(database, created_at=NOW - timedelta(days=1))  # printed yesterday: not old enough by age
    gone_files = _printed(settings.jobs_dir, 1, gone.receipt_payload)
    kept_files = _printed(settings.jobs_dir, 2, kept.receipt_payload)
    mark_handed_over(database, gone.dossier_id, now=vn(2026, 12, 20))

    plan = purge_plan(database, settings, NOW)
    assert (plan.handed_over_dossiers, plan.closed_dossiers, plan.scan_documents) == (1, 0, 1)
    assert (plan.print_payloads, plan.print_images) == (1, 2)
    assert all(p.exists() for p in gone_files) and _receipts(database)[gone.dossier_id]["applicant"]["name"]

    report = purge_personal_files(database, settings, now=NOW)
    assert (report.dossiers, report.print_payloads, report.print_images) == (1, 1, 2)
    receipts = _receipts(database)
    assert receipts[gone.dossier_id]["applicant"]["name"] == "" and receipts[gone.dossier_id]["personal_data_purged"]
    assert receipts[kept.dossier_id]["applicant"]["name"] == "Nguyễn Văn A"
    assert not any(p.exists() for p in gone_files) and all(p.exists() for p in kept_files) and kept_page.exists()
    assert purge_plan(database, settings, NOW).empty


def test_receipt_payloads_and_images_go_by_age_but_never_a_job_still_to_print(
        database: Database, make_draft, tmp_path: Path) -> None:
    settings = _settings(tmp_path, database, print_retention_days=7)
    old, _ = _submit(database, make_draft, tmp_path / "scans", "a")
    _finish_jobs(database, created_at=NOW - timedelta(days=8))
    recent, _ = _submit(database, make_draft, tmp_path / "scans", "b")
    _finish_jobs(database, created_at=NOW - timedelta(days=6))
    waiting, _ = _submit(database, make_draft, tmp_path / "scans", "c")  # still pending: printed as it is
    with database.session() as s:
        s.execute(update(PrintJob).where(PrintJob.state == "pending").values(created_at=NOW - timedelta(days=30)))
    old_files = _printed(settings.jobs_dir, 1, old.receipt_payload, age_days=8)
    recent_files = _printed(settings.jobs_dir, 2, recent.receipt_payload, age_days=6)

    plan = purge_plan(database, settings, NOW)
    assert (plan.print_payloads, plan.print_images, plan.handed_over_dossiers) == (1, 2, 0)
    report = purge_personal_files(database, settings, now=NOW)
    assert (report.print_payloads, report.print_images) == (1, 2)
    receipts = _receipts(database)
    assert receipts[old.dossier_id]["applicant"]["phone"] == ""
    assert receipts[recent.dossier_id]["applicant"]["phone"] and receipts[waiting.dossier_id]["applicant"]["phone"]
    assert not any(p.exists() for p in old_files) and all(p.exists() for p in recent_files)


def test_withdrawn_and_rejected_dossiers_lose_their_scans_on_their_own_schedule(
        database: Database, make_draft, tmp_path: Path) -> None:
    settings = _settings(tmp_path, database, closed_scan_retention_days=30)
    withdrawn, withdrawn_page = _submit(database, make_draft, tmp_path / "scans", "w")
    rejected, rejected_page = _submit(database, make_draft, tmp_path / "scans", "r")
    fresh, fresh_page = _submit(database, make_draft, tmp_path / "scans", "f")
    open_, open_page = _submit(database, make_draft, tmp_path / "scans", "o")
    change_status(database, withdrawn.dossier_id, "withdrawn", actor="agent", now=vn(2026, 11, 20))
    change_status(database, rejected.dossier_id, "rejected", actor="agent", note="Thiếu giấy tờ",
                  now=vn(2026, 11, 25))
    change_status(database, fresh.dossier_id, "withdrawn", actor="agent", now=vn(2026, 12, 15))  # 15 days ago

    plan = purge_plan(database, settings, NOW)
    assert (plan.closed_dossiers, plan.handed_over_dossiers, plan.scan_documents) == (2, 0, 2)
    assert withdrawn_page.exists()  # a plan removes nothing

    report = purge_personal_files(database, settings, now=NOW)
    assert report.closed_dossiers == 2 and report.dossiers == 0
    assert not withdrawn_page.exists() and not rejected_page.exists()
    assert fresh_page.exists() and open_page.exists()
    with database.read_session() as s:
        purged = {d: (p, at) for d, p, at in s.execute(
            select(DossierDocument.dossier_id, DossierDocument.scan_path, DossierDocument.purged_at))}
    assert purged[withdrawn.dossier_id][0] is None and purged[withdrawn.dossier_id][1] is not None
    assert purged[open_.dossier_id][0] is not None
    assert purge_personal_files(database, settings, now=NOW).closed_dossiers == 0  # done once


def test_the_plan_is_counts_only_json(database: Database, make_draft, tmp_path: Path,
                                      caplog: pytest.LogCaptureFixture) -> None:
    settings = _settings(tmp_path, database)
    out, _page = _submit(database, make_draft, tmp_path / "scans", "a")
    _finish_jobs(database, created_at=NOW - timedelta(days=20))
    _printed(settings.jobs_dir, 1, out.receipt_payload, age_days=20)
    plan = purge_plan(database, settings, NOW)
    assert isinstance(plan, PurgePlan)
    doc = json.loads(plan.to_json())
    assert doc == {"dry_run": True, "at": NOW.isoformat(timespec="seconds"), "handed_over_dossiers": 0,
                   "closed_dossiers": 0, "scan_documents": 0, "handover_files": 0, "print_payloads": 1,
                   "print_images": 2, "retention_days": {"handover": 7, "closed_scans": 30, "print": 7}}
    assert out.reference not in plan.to_json()
    with caplog.at_level(logging.INFO, logger="db.services.dossier_purge"):
        purge_personal_files(database, settings, now=NOW)
    assert caplog.records and all(out.reference not in r.getMessage() and "Nguyễn" not in r.getMessage()
                                  for r in caplog.records)


def test_the_kiosks_start_up_purge_never_blocks_the_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from db.services.dossier_purge import purge_at_start

    broken = Database(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # no tables: every query fails
    try:
        with caplog.at_level(logging.WARNING):
            assert purge_at_start(broken, Settings(data_dir=tmp_path, database_url=broken.url), now=NOW) is None
    finally:
        broken.dispose()
    assert any("retention purge at start failed" in r.getMessage() for r in caplog.records)
