"""Hostile catalogue files and exports (issue 11): every bad shape is CAT-010 (never GEN-500), duplicate keys are
refused, invisible-only names are refused, and no CSV export carries a spreadsheet formula."""

from __future__ import annotations

import csv
import io as _io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from core.inputs import csv_cell, csv_uncell, drop_surrogates, invisible_only, visible
from db.catalogue import io
from db.catalogue.errors import ImportFileError
from db.catalogue.seed import shipped_records
from db.services.reports import CSV_COLUMNS, Report, ReportRow, report_csv


def _record(**changes) -> dict:  # noqa: ANN003
    return {**dict(shipped_records()[0]), **changes}


def _file(tmp_path: Path, text: str, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HOSTILE = {
    "deep list": "[" * 100_000 + "]" * 100_000,
    "deep object": '{"procedures": [' + '{"a":' * 5_000 + "1" + "}" * 5_000 + "]}",
    "deep but under Python's limit": '{"procedures": [{"code": "X", "channels": ' + '{"a":' * 500 + "1" + "}" * 500 + "}]}",
    "4301-digit integer": '{"procedures": [{"code": "X", "processing_days": ' + "9" * 4301 + "}]}",
    "4300-digit integer": '{"procedures": [{"code": "X", "fee_vnd": ' + "9" * 4300 + "}]}",
    "lone surrogate": '{"procedures": [{"code": "X", "name": "a\\ud800b"}]}',
    "lone surrogate in a key": '{"procedures": [{"code": "X", "\\udfff": 1}]}',
    "lone surrogate in a list": '{"procedures": [{"code": "X", "aliases": ["\\ud83d"]}]}',
    "duplicate key": '{"procedures": [{"code": "X1", "name": "a", "code": "X2"}]}',
    "NaN": '{"procedures": [{"code": "X", "processing_days": NaN}]}',
    "Infinity": '{"procedures": [{"code": "X", "fee_vnd": -Infinity}]}',
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_json_is_a_clear_cat_010(tmp_path: Path, case: str) -> None:
    with pytest.raises(ImportFileError) as err:
        io.read_rows(_file(tmp_path, HOSTILE[case]))
    assert err.value.code == "CAT-010" and "in.json" in err.value.message


def test_duplicate_key_message_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as err:
        io.read_rows(_file(tmp_path, HOSTILE["duplicate key"]))
    assert "'code'" in err.value.message and "lặp lại" in err.value.message


def test_a_surrogate_pair_is_a_real_character_and_is_accepted(tmp_path: Path) -> None:
    record = _record(note="Biểu tượng \\ud83d\\ude00")
    text = io.dumps_json([record]).replace("\\\\ud83d\\\\ude00", "\\ud83d\\ude00")
    rows = io.read_rows(_file(tmp_path, text))
    assert rows[0][1]["note"] == "Biểu tượng 😀"


def test_fifo_and_device_are_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(ImportFileError) as err:
        io.read_rows(fifo)  # would block forever on open() before
    assert err.value.code == "CAT-010" and "tệp thường" in err.value.message


def test_csv_channels_cell_with_hostile_json_is_an_issue_not_a_crash() -> None:
    text = io.dumps_csv([_record(channels={"in_person": {"days": 1}})])
    rows = io.rows_from_csv(text.replace('""days"": 1', '""days"": 1, ""days"": 2', 1))
    records, issues = io.validate(rows)
    assert issues and issues[0].field == "channels" and "lặp lại" in issues[0].message


@pytest.mark.parametrize("name", ["\u200b\u200d\u2060", "\ufeff\u00ad", "\u3164\u3164", "\u2800", "\u202e\u200f",
                                  "\u034f", "   "])
def test_names_that_show_nothing_are_refused(name: str) -> None:
    records, issues = io.validate([(1, _record(name=name), [])])
    assert records == [] and [(i.field, i.message) for i in issues] in (
        [("name", "chỉ gồm ký tự không nhìn thấy được")], [("name", "bắt buộc")])


def test_visible_names_with_invisible_characters_are_kept_clean() -> None:
    records, issues = io.validate([(1, _record(name="Đăng\u200b ký khai sinh"), [])])
    assert not issues and records[0]["name"] == "Đăng ký khai sinh"
    assert visible("a\u200b") and not visible("\u200b\u3164 ") and invisible_only("\u2060")
    assert not invisible_only("") and not invisible_only("  ")


# --- Spreadsheet formulas in CSV exports ---------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x\",\"bấm\")", "+84 912", "-1+2", "@SUM(A1)", "\tTab", "\rCR", "'=quoted"]


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_cell_escapes_and_is_undone(value: str) -> None:
    assert csv_cell(value).startswith("'") and csv_uncell(csv_cell(value)) == value
    assert csv_cell("Hộ tịch") == "Hộ tịch" and csv_cell(-3) == -3 and csv_uncell("'bình thường") == "'bình thường"


def test_catalogue_csv_export_has_no_formula_and_round_trips() -> None:
    record = _record(name="=HYPERLINK(\"http://evil\",\"Đăng ký\")", agency="+cmd|' /C calc'!A0", note="-2+3",
                     fee_text="@SUM(1)", result="'=already quoted", aliases=["=1+1", "bình thường"])
    text = io.dumps_csv([record])
    for row in csv.DictReader(_io.StringIO(text)):
        for key, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (key, cell)
    records, issues = io.validate(io.rows_from_csv(text))
    assert not issues and records[0]["name"] == record["name"] and records[0]["agency"] == record["agency"]
    assert records[0]["aliases"] == ["=1+1", "bình thường"] and records[0]["result"] == "'=already quoted"


def test_report_csv_has_no_formula() -> None:
    row = ReportRow(key="=HYPERLINK(\"http://evil\")", received=3)
    total = ReportRow(key="Tổng", received=3)
    report = Report("field", date(2026, 3, 1), date(2026, 3, 2), None, [row], total)
    lines = list(csv.reader(_io.StringIO(report_csv(report))))
    assert lines[0] == list(CSV_COLUMNS) and lines[1][1] == "'=HYPERLINK(\"http://evil\")" and lines[1][2] == "3"


def test_drop_surrogates_keeps_real_characters() -> None:
    assert drop_surrogates("Nguy\ud800ễn") == "Nguyễn"
    assert drop_surrogates("\ud83d\ude00") == "😀" and drop_surrogates("bình thường") == "bình thường"
    assert json.dumps(drop_surrogates("a\udfffb")) == '"ab"'
