"""Hand-over PDFs are personal data: they go with the dossier's scans and by age, logging counts only."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from PIL import Image

from admin_tui.modes.dossiers_pdf import export_pdf as handover_export
from core.settings import Settings
from db.engine import Database
from db.models import Site
from db.services.dossier_status import (
    handover_dir,
    handover_pdf_path,
    mark_handed_over,
    purge_old_handover_files,
    purge_personal_files,
    purge_scans,
)
from db.services.dossiers import DocumentDraft, submit_dossier
from devices.capture import DocumentError
from tests.dossiers.conftest import vn


def _dossier_with_page(database: Database, make_draft, folder: Path):
    folder.mkdir(parents=True)
    page = folder / "page-001.png"
    Image.new("RGB", (120, 170), "white").save(page)
    draft = make_draft("1.004873", documents=[DocumentDraft(None, "Tờ khai", pages=[page])])
    return submit_dossier(database, draft, now=vn(2026, 11, 19, 10)), page


def _age(path: Path, days: float) -> None:
    at = vn(2026, 11, 30).timestamp() - days * 86400
    os.utime(path, (at, at))


def test_handover_pdf_is_built_by_devices_capture_and_checks_pages(tmp_path: Path) -> None:
    good = tmp_path / "a.png"
    Image.new("RGB", (120, 170), "white").save(good)
    out = handover_dir(Settings(data_dir=tmp_path)) / "000.00.16.H26-261119-0001.pdf"
    pages, digest = handover_export([("Tờ khai", [good])], out)
    assert pages == 1 and len(digest) == 64 and out.read_bytes().startswith(b"%PDF")
    assert out.parent.stat().st_mode & 0o077 == 0  # personal data: the folder is private
    broken = tmp_path / "b.png"
    broken.write_bytes(b"")
    with pytest.raises(DocumentError) as err:
        handover_export([("Tờ khai", [good, broken])], tmp_path / "other.pdf")
    assert err.value.code == "DOC-003" and not (tmp_path / "other.pdf").exists()


def test_purging_scans_shreds_that_dossiers_pdf_only(database: Database, make_draft, tmp_path: Path) -> None:
    first, page = _dossier_with_page(database, make_draft, tmp_path / "scans" / "a")
    second, _ = _dossier_with_page(database, make_draft, tmp_path / "scans" / "b")
    folder = tmp_path / "handover"
    folder.mkdir()
    mine, other = handover_pdf_path(folder, first.reference), handover_pdf_path(folder, second.reference)
    mine.write_bytes(b"%PDF first"), other.write_bytes(b"%PDF second")
    mark_handed_over(database, first.dossier_id, now=vn(2026, 11, 20))
    assert purge_scans(database, first.dossier_id, now=vn(2026, 11, 21), handover_folder=folder) == 1
    assert not page.exists() and not mine.exists() and other.read_bytes() == b"%PDF second"
    with pytest.raises(ValueError):
        handover_pdf_path(folder, "../escape")


def test_old_handover_files_go_by_age(tmp_path: Path) -> None:
    folder = tmp_path / "handover"
    folder.mkdir()
    old, fresh, leftover = folder / "old.pdf", folder / "fresh.pdf", folder / ".tmp-x1"
    for path in (old, fresh, leftover):
        path.write_bytes(b"%PDF")
    (folder / "sub").mkdir()
    _age(old, 8), _age(fresh, 6), _age(leftover, 30)
    assert purge_old_handover_files(folder, now=vn(2026, 11, 30), retention_days=7) == 2
    assert fresh.exists() and not old.exists() and not leftover.exists() and (folder / "sub").is_dir()
    assert purge_old_handover_files(tmp_path / "missing", now=vn(2026, 11, 30), retention_days=7) == 0


def test_retention_run_logs_counts_not_references(database: Database, make_draft, tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    out, page = _dossier_with_page(database, make_draft, tmp_path / "scans" / "a")
    settings = Settings(data_dir=tmp_path, database_url=database.url, handover_retention_days=7)
    pdf = handover_pdf_path(handover_dir(settings), out.reference)
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF")
    stray = pdf.parent / "000.00.16.H26-200101-0009.pdf"
    stray.write_bytes(b"%PDF")
    _age(stray, 10)
    mark_handed_over(database, out.dossier_id, now=vn(2026, 11, 20))
    with database.session() as s:
        s.query(Site).update({Site.scan_retention_days: 3})
    with caplog.at_level(logging.INFO, logger="db.services.dossier_purge"):
        report = purge_personal_files(database, settings, now=vn(2026, 11, 30))
    assert report.as_dict() == {"dossiers_purged": 1, "handover_files_purged": 1, "closed_dossiers_purged": 0,
                                "print_payloads_blanked": 0, "print_images_purged": 0}
    assert not pdf.exists() and not stray.exists() and not page.exists()
    assert caplog.records and all(out.reference not in r.getMessage() and "0009" not in r.getMessage()
                                  for r in caplog.records)


def test_kiosk_admin_purge_prints_counts(sqlite_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str], cli_login) -> None:  # noqa: ANN001
    from admin_tui.cli import main

    cli_login(sqlite_database.url)

    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    (tmp_path / "kiosk.toml").write_text("", encoding="utf-8")
    (tmp_path / "handover").mkdir()
    old = tmp_path / "handover" / "000.00.16.H26-200101-0001.pdf"
    old.write_bytes(b"%PDF")
    _age(old, 400)
    assert main(["purge", "--database-url", sqlite_database.url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"dossiers_purged": 0, "handover_files_purged": 1,
                                                   "closed_dossiers_purged": 0, "print_payloads_blanked": 0,
                                                   "print_images_purged": 0}
    assert not old.exists()


def test_start_up_purge_never_blocks_the_console(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from admin_tui.cli.purge_cmd import purge_at_start

    broken = Database(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # no tables: every query fails
    try:
        with caplog.at_level(logging.WARNING):
            assert purge_at_start(broken, Settings(data_dir=tmp_path, database_url=broken.url)) is None
    finally:
        broken.dispose()
    assert any("retention purge at start failed" in r.getMessage() for r in caplog.records)
