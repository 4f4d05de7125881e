"""Import/export: exact round trips, all-or-nothing imports, errors that name row and field, broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.catalogue import io, service
from db.catalogue.errors import ImportFileError, ImportRejected
from db.catalogue.io import apply_import, dumps_csv, dumps_json, export_catalogue, preview_import, rows_from_csv
from db.catalogue.seed import shipped_records
from db.engine import Database
from db.models import ProcedureVersion


def _counts(database: Database) -> tuple[int, int]:
    with database.session() as s:
        return s.scalar(select(func.count(ProcedureVersion.id))), len(io.export_records(s))


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_export_import_round_trips_exactly(database: Database, tmp_path: Path, suffix: str) -> None:
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    with database.session() as s:
        p = service.get_procedure(s, "2.000815")
        service.save_procedure(s, "2.000815", {"note": "Dòng 1\nDòng 2", "active": False}, p.row_version, "t")
    with database.session() as s:
        assert export_catalogue(s, first) == len(shipped_records())
    versions_before, _ = _counts(database)
    with database.session() as s:
        preview = apply_import(s, first, "t")
    assert len(preview.unchanged) == len(shipped_records()) and not preview.created and not preview.updated
    with database.session() as s:
        export_catalogue(s, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"\xef\xbb\xbf") == (suffix == ".csv")
    assert _counts(database)[0] == versions_before


def test_records_survive_both_formats_unchanged() -> None:
    records = list(shipped_records())
    from_json, issues_j = io.validate(io.rows_from_json(dumps_json(records)))
    from_csv, issues_c = io.validate(rows_from_csv(dumps_csv(records)))
    assert not issues_j and not issues_c
    assert from_json == records == from_csv


def test_import_updates_and_creates_with_a_preview_first(database: Database, tmp_path: Path) -> None:
    records = [dict(r) for r in shipped_records()[:3]]
    records[0]["processing_days"] = 9
    records[1]["aliases"] = [*records[1]["aliases"], "bí danh mới"]
    new = dict(records[2], code="DP.TEST.001", national_code=None, name="Thủ tục thử")
    path = tmp_path / "in.json"
    path.write_text(dumps_json([*records, new]), encoding="utf-8")
    with database.session() as s:
        preview = preview_import(s, path)
    assert (preview.created, preview.updated, len(preview.unchanged)) == (
        ["DP.TEST.001"], [records[0]["code"], records[1]["code"]], 1)
    assert _counts(database)[1] == len(shipped_records())  # the preview wrote nothing
    with database.session() as s:
        apply_import(s, path, "importer")
    with database.session() as s:
        changed = service.get_procedure(s, records[0]["code"])
        aliased = service.get_procedure(s, records[1]["code"])
        created = service.get_procedure(s, "DP.TEST.001")
    assert (changed.version_no, changed.processing_days, changed.created_by) == (2, 9, "importer")
    assert aliased.version_no == 1 and aliased.aliases[-1] == "bí danh mới"
    assert created.name == "Thủ tục thử"


def test_bad_rows_are_all_reported_and_nothing_is_applied(database: Database, tmp_path: Path) -> None:
    records = [dict(r) for r in shipped_records()[:4]]
    records[0]["processing_days"] = 5  # a valid change that must NOT be applied
    records[1]["level"] = "huyện"
    records[2]["documents"] = [{"name": "Giấy tờ", "originals": -1, "copies": "hai"}]
    records[3].update(code=records[0]["code"], national_code=records[0]["national_code"])
    path = tmp_path / "bad.json"
    path.write_text(dumps_json(records), encoding="utf-8")
    with database.session() as s, pytest.raises(ImportRejected) as err:
        apply_import(s, path, "t")
    where = {(i.row, i.field) for i in err.value.issues}
    assert where == {(2, "level"), (3, "documents[1].originals"), (3, "documents[1].copies"), (4, "code")}
    assert all(str(i).startswith(f"row {i.row}, ") or str(i).startswith(f"dòng {i.row}, ") for i in err.value.issues)
    with database.session() as s:
        assert service.get_procedure(s, records[0]["code"]).processing_days == shipped_records()[0]["processing_days"]


def test_csv_errors_name_the_line_and_column(database: Database, tmp_path: Path) -> None:
    text = dumps_csv(list(shipped_records()[:3]))
    lines = text.split("\r\n")
    header = lines[0].split(",")
    assert header[:4] == ["code", "national_code", "active", "name"]
    bad = text.replace(",true,", ",maybe,", 1)  # first data record's 'active'
    bad = bad.replace("1+0 | Tờ khai đăng ký kết hôn", "một | Tờ khai đăng ký kết hôn", 1)
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    with database.session() as s, pytest.raises(ImportRejected) as err:
        apply_import(s, path, "t")
    fields = {(i.field) for i in err.value.issues}
    assert fields == {"active", "documents[1]"}
    assert all(i.row >= 2 for i in err.value.issues)
    rows = [r for r, _raw, _i in rows_from_csv(text)]
    assert rows[0] == 2 and rows == sorted(rows)


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("latin1.csv", b"code,name,field,level\n1.001193,\xd0\xe3ng k\xfd,H\xf4 t\xecch,x\xe3\n", "UTF-8"),
    ("broken.json", b'{"procedures": [ {"code": "1.001193",, } ]}', "JSON"),
    ("wrong.csv", "ma,ten\n1,2\n".encode(), "code"),
    ("extra.csv", "code,name,field,level,colour\n".encode(), "colour"),
    ("empty.json", b"", "empty"),
    ("list.json", b'{"items": []}', "procedures"),
    ("doc.txt", b"hello", ".json"),
])
def test_broken_files_give_one_clear_error(sqlite_database: Database, tmp_path: Path, name: str,
                                           content: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with sqlite_database.session() as s, pytest.raises(ImportFileError) as err:
        preview_import(s, path)
    assert needle.lower() in str(err.value).lower() and err.value.code == "CAT-010"
    assert str(path) in str(err.value)


def test_missing_file(sqlite_database: Database, tmp_path: Path) -> None:
    with sqlite_database.session() as s, pytest.raises(ImportFileError):
        preview_import(s, tmp_path / "nope.json")


def test_ragged_csv_row_and_unknown_json_field(sqlite_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("code,name,field,level\nX.1,Tên,Hộ tịch,xã,extra\n", encoding="utf-8")
    with sqlite_database.session() as s:
        assert [(i.row, i.field) for i in preview_import(s, path).issues] == [(2, "")]
    path = tmp_path / "unknown.json"
    path.write_text(json.dumps([{"code": "X.1", "name": "Tên", "field": "Hộ tịch", "level": "xã", "colour": 1}]),
                    encoding="utf-8")
    with sqlite_database.session() as s:
        assert [(i.row, i.field) for i in preview_import(s, path).issues] == [(1, "colour")]


def test_minimal_csv_gets_defaults(sqlite_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "min.csv"
    path.write_text("code,name,field,level,documents,aliases\n"
                    'DP.X.1,Thủ tục X,Hộ tịch,cấp xã,"1+0 | Tờ khai\n0+1 | Giấy ủy quyền | nếu ủy quyền","x\ny"\n',
                    encoding="utf-8")
    with sqlite_database.session() as s:
        preview = apply_import(s, path, "t")
        assert preview.created == ["DP.X.1"]
        p = service.get_procedure(s, "DP.X.1")
    assert p.level == "xã" and p.aliases == ["x", "y"] and p.active
    assert [(d.name, d.required, d.condition) for d in p.documents] == [
        ("Tờ khai", True, ""), ("Giấy ủy quyền", False, "nếu ủy quyền")]


def test_semicolon_csv_from_excel(sqlite_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("code;name;field;level\r\nDP.X.2;Thủ tục; có dấu chấm phẩy;Hộ tịch;xã\r\n", encoding="utf-8-sig")
    with sqlite_database.session() as s:
        preview = preview_import(s, path)
    assert [(i.row, i.field) for i in preview.issues] == [(2, "")]  # 5 cells for 4 columns, named by line
    path.write_text("code;name;field;level\r\nDP.X.2;Thủ tục X;Hộ tịch;xã\r\n", encoding="utf-8-sig")
    with sqlite_database.session() as s:
        assert preview_import(s, path).created == ["DP.X.2"]
