"""The procedure record format (data file, import/export, edits) and its validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.text import fold, sanitize
from db.catalogue.errors import Issue
from db.catalogue.messages import _

NATIONAL_CODE = re.compile(r"^(\d\.\d{6})(?:\.[0-9A-Z.]+)?$")
CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-/]*$")
CUTOFF = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
LEVELS = {"trung uong": "trung ương", "tinh": "tỉnh", "xa": "xã"}
ONLINE_LEVELS = {"": "", "toan trinh": "toàn trình", "mot phan": "một phần"}
CHANNELS = ("in_person", "online", "post")
CHANNEL_KEYS = ("days", "fee_vnd", "fee_text")
DOC_KEYS = ("name", "originals", "copies", "required", "condition")
MAX_DAYS = 3650
MAX_FEE = 10**12

#: Every field of a procedure record, in export order (CSV columns follow it).
FIELDS = (
    "code", "national_code", "active", "name", "field", "level", "agency", "online_level",
    "postal_allowed", "postal_note", "personal_presence", "processing_days", "cutoff_time",
    "fee_vnd", "fee_text", "channels", "documents", "aliases", "result", "note", "sources",
)
REQUIRED = ("code", "name", "field", "level")
#: Fields that live on the version (content); the rest belong to the procedure identity.
VERSION_FIELDS = tuple(f for f in FIELDS if f not in ("code", "national_code", "active", "aliases"))
MULTILINE = {"postal_note", "note", "result", "fee_text"}
LIMITS = {"code": 80, "name": 500, "field": 200, "agency": 300, "alias": 300}


def national_part(code: str) -> str | None:
    """Return the national ``D.NNNNNN`` part of a procedure code, or None for a local code.

    >>> national_part("2.000815.000.00.00.H55")
    '2.000815'
    """
    m = NATIONAL_CODE.match(code)
    return m.group(1) if m else None


class _Checker:
    """Collects issues for one row while normalising its values."""

    def __init__(self, row: int) -> None:
        self.row = row
        self.issues: list[Issue] = []

    def bad(self, field: str, message: str) -> None:
        self.issues.append(Issue(self.row, field, message))

    def text(self, field: str, value: Any, *, limit: int | None = None, multiline: bool = False) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.bad(field, _("phải là chuỗi ký tự"))
            return ""
        out = sanitize(value, keep_newlines=multiline)
        if limit and len(out) > limit:
            self.bad(field, _("dài quá {n} ký tự", n=limit))
        return out

    def integer(self, field: str, value: Any, *, high: int, nullable: bool = True) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.bad(field, _("phải là số nguyên"))
            return None
        if not 0 <= value <= high:
            self.bad(field, _("phải từ 0 đến {high}", high=high))
            return None
        return value

    def boolean(self, field: str, value: Any, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.bad(field, _("phải là true hoặc false"))
            return default
        return value

    def choice(self, field: str, value: Any, choices: Mapping[str, str]) -> str:
        raw = self.text(field, value)
        key = fold(raw).removeprefix("cap ").strip()
        if key not in choices:
            shown = ", ".join(v for v in choices.values() if v)
            self.bad(field, _("giá trị '{value}' không hợp lệ; chọn một trong: {choices}", value=raw, choices=shown))
            return raw
        return choices[key]


def normalise(raw: Any, row: int) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Validate one procedure record and return it in canonical form.

    Args:
        raw: The record as read (dict with the keys in ``FIELDS``; missing optional keys get defaults).
        row: Row number used in issues.

    Returns:
        ``(record, [])`` when valid, else ``(None, issues)`` with every problem found.
    """
    c = _Checker(row)
    if not isinstance(raw, Mapping):
        c.bad("", _("mỗi thủ tục phải là một đối tượng JSON"))
        return None, c.issues
    for key in raw:
        if key not in FIELDS:
            c.bad(str(key), _("trường không được hỗ trợ"))
    for key in REQUIRED:
        if raw.get(key) in (None, ""):
            c.bad(key, _("bắt buộc"))
    out: dict[str, Any] = {}
    code = c.text("code", raw.get("code"), limit=LIMITS["code"])
    if code and not CODE.match(code):
        c.bad("code", _("chỉ dùng chữ, số và . _ - /"))
    out["code"] = code
    out["national_code"] = _national(c, code, raw.get("national_code", ...))
    out["active"] = c.boolean("active", raw.get("active"), True)
    for key in ("name", "field", "agency"):
        out[key] = c.text(key, raw.get(key), limit=LIMITS[key])
    out["level"] = c.choice("level", raw.get("level"), LEVELS) if raw.get("level") else ""
    out["online_level"] = c.choice("online_level", raw.get("online_level") or "", ONLINE_LEVELS)
    out["postal_allowed"] = c.boolean("postal_allowed", raw.get("postal_allowed"), False)
    out["postal_note"] = c.text("postal_note", raw.get("postal_note"), multiline=True)
    out["personal_presence"] = c.boolean("personal_presence", raw.get("personal_presence"), False)
    out["processing_days"] = c.integer("processing_days", raw.get("processing_days"), high=MAX_DAYS)
    cutoff = raw.get("cutoff_time")
    out["cutoff_time"] = c.text("cutoff_time", cutoff) or None
    if out["cutoff_time"] and not CUTOFF.match(out["cutoff_time"]):
        c.bad("cutoff_time", _("phải có dạng HH:MM, ví dụ 15:00"))
    out["fee_vnd"] = c.integer("fee_vnd", raw.get("fee_vnd"), high=MAX_FEE)
    out["fee_text"] = c.text("fee_text", raw.get("fee_text"), multiline=True)
    out["channels"] = _channels(c, raw.get("channels"))
    out["documents"] = _documents(c, raw.get("documents"))
    out["aliases"] = _aliases(c, raw.get("aliases"))
    out["result"] = c.text("result", raw.get("result"), multiline=True)
    out["note"] = c.text("note", raw.get("note"), multiline=True)
    out["sources"] = _sources(c, raw.get("sources"))
    return (None, c.issues) if c.issues else (out, [])


def _national(c: _Checker, code: str, given: Any) -> str | None:
    derived = national_part(code) if code else None
    if given is ...:
        return derived
    value = c.text("national_code", given) or None
    if value is None:
        if derived:
            c.bad("national_code", _("mã {code} có mã quốc gia {national}", code=code, national=derived))
        return derived
    if not re.fullmatch(r"\d\.\d{6}", value):
        c.bad("national_code", _("phải có dạng D.NNNNNN, ví dụ 1.001193"))
    elif derived and value != derived:
        c.bad("national_code", _("không khớp với mã {code}", code=code))
    return value


def _channels(c: _Checker, value: Any) -> dict[str, Any]:
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        c.bad("channels", _("phải là đối tượng JSON"))
        return {}
    out: dict[str, Any] = {}
    for name in CHANNELS:
        if name not in value:
            continue
        row = value[name]
        where = f"channels.{name}"
        if not isinstance(row, Mapping):
            c.bad(where, _("phải là đối tượng JSON"))
            continue
        entry: dict[str, Any] = {}
        for key in row:
            if key not in CHANNEL_KEYS:
                c.bad(f"{where}.{key}", _("trường không được hỗ trợ"))
        if "days" in row:
            entry["days"] = c.integer(f"{where}.days", row["days"], high=MAX_DAYS)
        if "fee_vnd" in row:
            entry["fee_vnd"] = c.integer(f"{where}.fee_vnd", row["fee_vnd"], high=MAX_FEE)
        if "fee_text" in row:
            entry["fee_text"] = c.text(f"{where}.fee_text", row["fee_text"])
        out[name] = entry
    for name in value:
        if name not in CHANNELS:
            c.bad(f"channels.{name}", _("kênh không hợp lệ; chọn in_person, online hoặc post"))
    return out


def _documents(c: _Checker, value: Any) -> list[dict[str, Any]]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        c.bad("documents", _("phải là danh sách"))
        return []
    out = []
    for i, doc in enumerate(value, 1):
        where = f"documents[{i}]"
        if not isinstance(doc, Mapping):
            c.bad(where, _("phải là đối tượng JSON"))
            continue
        for key in doc:
            if key not in DOC_KEYS:
                c.bad(f"{where}.{key}", _("trường không được hỗ trợ"))
        name = c.text(f"{where}.name", doc.get("name"), limit=1000)
        if not name:
            c.bad(f"{where}.name", _("bắt buộc"))
        if "|" in name:
            c.bad(f"{where}.name", _("không được chứa ký tự |"))
        condition = c.text(f"{where}.condition", doc.get("condition"))
        if "|" in condition:
            c.bad(f"{where}.condition", _("không được chứa ký tự |"))
        required = c.boolean(f"{where}.required", doc.get("required"), not condition)
        if not required and not condition:
            c.bad(f"{where}.condition", _("giấy tờ có điều kiện phải ghi điều kiện"))
        if required and condition:
            c.bad(f"{where}.required", _("giấy tờ có ghi điều kiện thì required phải là false"))
        originals = c.integer(f"{where}.originals", doc.get("originals", 1), high=99, nullable=False)
        copies = c.integer(f"{where}.copies", doc.get("copies", 0), high=99, nullable=False)
        out.append({"name": name, "originals": originals or 0, "copies": copies or 0,
                    "required": required, "condition": condition})
    return out


def _aliases(c: _Checker, value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        c.bad("aliases", _("phải là danh sách"))
        return []
    out: list[str] = []
    for i, alias in enumerate(value, 1):
        text = c.text(f"aliases[{i}]", alias, limit=LIMITS["alias"])
        if text and text not in out:
            out.append(text)
    return out


def _sources(c: _Checker, value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        c.bad("sources", _("phải là danh sách"))
        return []
    return [s for i, v in enumerate(value, 1) if (s := c.text(f"sources[{i}]", v, multiline=True))]
