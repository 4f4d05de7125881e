"""CSV encoding of procedure records: one row per procedure, nested values in documented cells.

Columns are ``schema.FIELDS`` in order. Cells:

* booleans ``true``/``false`` (import also accepts 1/0, yes/no, có/không); empty = default;
* integers as digits; empty = null (unknown);
* ``channels``: a JSON object, e.g. ``{"in_person": {"fee_vnd": 20000}}``; empty = none;
* ``documents``: one document per line, ``originals+copies | name`` for a required document,
  ``originals+copies | name | condition`` for a conditional one (``1+0 | Văn bản ủy quyền | nếu ủy quyền``);
* ``aliases`` and ``sources``: one value per line;
* every other cell is text (``national_code`` empty = none).

Exported cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR)
get a leading apostrophe (``core.inputs.csv_cell``; so does a cell starting with an apostrophe), which import
takes off again: export → import is lossless and opening an export in Excel runs nothing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from core.inputs import csv_cell, csv_uncell
from db.catalogue import strictjson
from db.catalogue.errors import ImportFileError, Issue
from db.catalogue.messages import _
from db.catalogue.schema import FIELDS

BOOL_FIELDS = {"active", "postal_allowed", "personal_presence"}
INT_FIELDS = {"processing_days", "fee_vnd"}
LINE_FIELDS = {"aliases", "sources"}
_TRUE = {"true", "1", "yes", "y", "có", "co", "x"}
_FALSE = {"false", "0", "no", "n", "không", "khong"}
_DOC = re.compile(r"^\s*(\d+)\s*\+\s*(\d+)\s*\|(.*)$")


def encode(record: dict[str, Any]) -> dict[str, str]:
    """Return the CSV cells of a canonical record."""
    row: dict[str, str] = {}
    for key in FIELDS:
        value = record[key]
        if key in BOOL_FIELDS:
            row[key] = "true" if value else "false"
        elif key == "channels":
            row[key] = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
        elif key == "documents":
            row[key] = "\n".join(_doc_line(d) for d in value)
        elif key in LINE_FIELDS:
            row[key] = "\n".join(value)
        else:
            row[key] = "" if value is None else str(value)
    return {key: csv_cell(cell) for key, cell in row.items()}


def _doc_line(doc: dict[str, Any]) -> str:
    line = f"{doc['originals']}+{doc['copies']} | {doc['name']}"
    return f"{line} | {doc['condition']}" if doc["condition"] else line


def decode(cells: dict[str, str], row: int) -> tuple[dict[str, Any], list[Issue]]:
    """Turn CSV cells into a raw record for ``schema.normalise`` (cell-level issues reported here)."""
    issues: list[Issue] = []
    raw: dict[str, Any] = {}
    for key, cell in cells.items():
        cell = csv_uncell(cell)
        text = cell.strip()
        if key in BOOL_FIELDS:
            low = text.lower()
            if not low:
                continue
            if low in _TRUE or low in _FALSE:
                raw[key] = low in _TRUE
            else:
                issues.append(Issue(row, key, _("phải là true hoặc false")))
        elif key in INT_FIELDS:
            if text:
                if text.isdigit():
                    raw[key] = int(text)
                else:
                    issues.append(Issue(row, key, _("phải là số nguyên")))
            else:
                raw[key] = None
        elif key == "channels":
            if text:
                try:
                    raw[key] = strictjson.loads(text)
                except ImportFileError as exc:
                    issues.append(Issue(row, key, _("phải là JSON hợp lệ ({why})", why=exc.message)))
        elif key == "documents":
            raw[key] = _decode_docs(text, row, issues)
        elif key in LINE_FIELDS:
            raw[key] = [line.strip() for line in text.splitlines() if line.strip()]
        elif key in ("national_code", "cutoff_time"):
            raw[key] = text or None
        else:
            raw[key] = cell
    return raw, issues


def _decode_docs(text: str, row: int, issues: list[Issue]) -> list[dict[str, Any]]:
    docs = []
    for i, line in enumerate((ln for ln in text.splitlines() if ln.strip()), 1):
        m = _DOC.match(line)
        if not m:
            issues.append(Issue(row, f"documents[{i}]",
                                _("dòng giấy tờ phải có dạng 'bản chính+bản sao | tên' hoặc "
                                  "'bản chính+bản sao | tên | điều kiện'")))
            continue
        parts = m.group(3).split("|")
        if len(parts) > 2:
            issues.append(Issue(row, f"documents[{i}].name", _("không được chứa ký tự |")))
            continue
        condition = parts[1].strip() if len(parts) == 2 else ""
        docs.append({"name": parts[0].strip(), "originals": int(m.group(1)), "copies": int(m.group(2)),
                     "required": not condition, "condition": condition})
    return docs
