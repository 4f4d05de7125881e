"""Bounded input: import files over the size limit are refused before they are read, and every text field of a
procedure has a limit that import, save and site rules enforce with a message naming the field and the limit."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from db.catalogue import io, service
from db.catalogue.errors import ImportFileError, ImportTooLarge, InvalidProcedure
from db.catalogue.io import MAX_IMPORT_BYTES, preview_import
from db.catalogue.schema import LIMITS, MAX_ITEMS, normalise
from db.catalogue.seed import shipped_records
from db.engine import Database


def _record(**changes) -> dict:  # noqa: ANN003
    return {"code": "HN-TEST-1", "name": "Thủ tục thử", "field": "Hộ tịch", "level": "xã",
            "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}], **changes}


def _write(path: Path, *records: dict) -> Path:
    path.write_text(json.dumps({"procedures": list(records)}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_a_25_mb_file_is_refused_before_it_is_read(sqlite_database: Database, tmp_path: Path, suffix: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / f"catalogue{suffix}"
    with big.open("wb") as fh:
        fh.truncate(25 * 1024 * 1024)  # sparse: 25 MB without writing them

    def must_not_run(*_args: object) -> None:
        raise AssertionError("parsed a file over the limit")

    monkeypatch.setattr(io, "rows_from_json", must_not_run)
    monkeypatch.setattr(io, "rows_from_csv", must_not_run)
    monkeypatch.setattr(Path, "read_bytes", must_not_run)
    start = time.perf_counter()
    with sqlite_database.read_session() as s, pytest.raises(ImportTooLarge) as err:
        preview_import(s, big)
    assert time.perf_counter() - start < 1.0
    assert err.value.code == "CAT-012" and isinstance(err.value, ImportFileError)
    assert "25.0 MB" in err.value.message and "20 MB" in err.value.message and str(big) in err.value.message


def test_a_file_at_the_limit_is_read(sqlite_database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path / "ok.json", _record(note="x" * 100))
    with path.open("a", encoding="utf-8") as fh:  # pad with whitespace up to the limit: still valid JSON
        fh.write(" " * (MAX_IMPORT_BYTES - path.stat().st_size))
    assert path.stat().st_size == MAX_IMPORT_BYTES
    with sqlite_database.read_session() as s:
        assert preview_import(s, path).created == ["HN-TEST-1"]


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"name": "T" * 301}, "name", ["Tên thủ tục", "300"]),
    ({"note": "n" * 4001}, "note", ["Ghi chú", "4000", "4001"]),
    ({"note": "n" * 3_000_000}, "note", ["Ghi chú", "4000"]),  # refused without sanitising 3 MB
    ({"postal_note": "p" * 2001}, "postal_note", ["Ghi chú bưu chính", "2000"]),
    ({"agency": "a" * 301}, "agency", ["Cơ quan thực hiện", "300"]),
    ({"aliases": ["ok", "a" * 201]}, "aliases[2]", ["Tên thường gọi", "200"]),
    ({"aliases": [f"tên {i}" for i in range(201)]}, "aliases", ["200 mục", "201"]),
    ({"documents": [{"name": "d" * 501}]}, "documents[1].name", ["Tên giấy tờ", "500"]),
    ({"documents": [{"name": "Giấy", "required": False, "condition": "c" * 1001}]}, "documents[1].condition",
     ["Điều kiện", "1000"]),
    ({"sources": ["s" * 1001]}, "sources[1]", ["Nguồn", "1000"]),
    ({"channels": {"post": {"fee_text": "f" * 2001}}}, "channels.post.fee_text", ["Lệ phí theo kênh", "2000"]),
    ({"level": "x" * 5000}, "level", ["Cấp thực hiện", "40"]),
])
def test_a_field_over_its_limit_is_refused_naming_it(sqlite_database: Database, tmp_path: Path, changes: dict,
                                                     field: str, words: list[str]) -> None:
    path = _write(tmp_path / "in.json", _record(**changes))
    with sqlite_database.read_session() as s:
        preview = preview_import(s, path)
    assert [(i.row, i.field) for i in preview.issues] == [(1, field)]
    message = preview.issues[0].message
    assert all(word in message for word in words), message
    assert len(message) < 200  # the refused value is never echoed back


def test_limits_leave_the_shipped_catalogue_valid() -> None:
    for record in shipped_records():
        assert normalise(record, 1)[1] == []
    assert LIMITS["note"] == 4000 and LIMITS["name"] == 300 and LIMITS["alias"] == 200
    assert MAX_ITEMS["documents"] == 100


def test_save_and_site_rules_have_the_same_limits(database: Database) -> None:
    with database.session() as s:
        current = service.get_procedure(s, "1.001193")
        with pytest.raises(InvalidProcedure) as err:
            service.save_procedure(s, "1.001193", {"note": "n" * 4001}, current.row_version, "t")
    assert [i.field for i in err.value.issues] == ["note"] and "4000" in err.value.message
    with database.session() as s:
        current = service.get_procedure(s, "1.001193")
        service.save_procedure(s, "1.001193", {"note": "n" * 4000}, current.row_version, "t")
        with pytest.raises(InvalidProcedure) as err:
            service.set_site_rule(s, 1, current.id, False, "r" * 1001, "t")
    assert err.value.issues[0].field == "redirect_note" and "1000" in err.value.message


def test_deeply_nested_json_is_a_clear_file_error(sqlite_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with sqlite_database.read_session() as s, pytest.raises(ImportFileError) as err:
        preview_import(s, path)
    assert err.value.code == "CAT-010" and "lồng nhau" in err.value.message


def test_too_many_procedures_in_one_file(sqlite_database: Database, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(io, "MAX_IMPORT_ROWS", 2)
    path = _write(tmp_path / "many.json", _record(code="A1"), _record(code="A2"), _record(code="A3"))
    with sqlite_database.read_session() as s, pytest.raises(ImportTooLarge) as err:
        preview_import(s, path)
    assert err.value.code == "CAT-013" and "3 thủ tục" in err.value.message
