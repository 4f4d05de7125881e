"""The procedure record format (data file, import/export, edits) and its validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.inputs import invisible_only
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
#: Longest text of each field, in characters (import, every save, the console editor). ``alias``, ``document``,
#: ``condition``, ``source`` and ``channel_fee_text`` are per entry of the list fields.
LIMITS = {
    "code": 80, "national_code": 20, "name": 300, "field": 200, "level": 40, "agency": 300, "online_level": 40,
    "postal_note": 2000, "cutoff_time": 10, "fee_text": 2000, "result": 2000, "note": 4000,
    "alias": 200, "document": 500, "condition": 1000, "source": 1000, "channel_fee_text": 2000,
}
#: Most entries of each list field.
MAX_ITEMS = {"documents": 100, "aliases": 200, "sources": 50}
#: Vietnamese names of the limited fields, for messages that name the field (translated by ``messages``).
FIELD_LABELS = {
    "code": "Mã thủ tục", "national_code": "Mã quốc gia", "name": "Tên thủ tục", "field": "Lĩnh vực",
    "level": "Cấp thực hiện", "agency": "Cơ quan thực hiện", "online_level": "Mức dịch vụ công trực tuyến",
    "postal_note": "Ghi chú bưu chính", "cutoff_time": "Giờ chốt nhận", "fee_text": "Lệ phí (diễn giải)",
    "result": "Kết quả", "note": "Ghi chú", "alias": "Tên thường gọi", "document": "Tên giấy tờ",
    "condition": "Điều kiện của giấy tờ", "source": "Nguồn", "channel_fee_text": "Lệ phí theo kênh (diễn giải)",
    "documents": "Thành phần hồ sơ", "aliases": "Danh sách tên thường gọi", "sources": "Danh sách nguồn",
}
#: Raw text longer than ``2 × limit + _SLACK`` is refused without being sanitised (no work on megabytes).
_SLACK = 1000


def too_long(kind: str, length: int) -> str:
    """The message for text of ``kind`` (a ``LIMITS`` key) that is ``length`` characters long: names field and limit."""
    return _("{label} dài quá {n} ký tự (đang có {length} ký tự)", label=_(FIELD_LABELS[kind]), n=LIMITS[kind],
             length=length)


def too_many(kind: str, count: int) -> str:
    """The message for a list field (a ``MAX_ITEMS`` key) with ``count`` entries."""
    return _("{label} có quá {n} mục (đang có {count})", label=_(FIELD_LABELS[kind]), n=MAX_ITEMS[kind],
             count=count)


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
        if len(field) > 120:  # an unknown key of a hostile file can be any length
            field = field[:119] + "…"
        self.issues.append(Issue(self.row, field, message))

    def text(self, field: str, value: Any, *, kind: str | None = None, multiline: bool = False) -> str:
        """Sanitised text; an issue naming the field and its limit (``LIMITS[kind or field]``) when too long."""
        if value is None:
            return ""
        if not isinstance(value, str):
            self.bad(field, _("phải là chuỗi ký tự"))
            return ""
        kind = kind or field
        limit = LIMITS[kind]
        if len(value) > 2 * limit + _SLACK:
            self.bad(field, too_long(kind, len(value)))
            return ""
        if invisible_only(value):  # zero-width, format or blank look-alike characters only: shows nothing
            self.bad(field, _("chỉ gồm ký tự không nhìn thấy được"))
            return ""
        out = sanitize(value, keep_newlines=multiline)
        if len(out) > limit:
            self.bad(field, too_long(kind, len(out)))
        return out

    def entries(self, field: str, value: Any) -> list[Any] | None:
        """``value`` as a list (None for nothing); an issue when it is not a list or has too many entries."""
        if value in (None, ""):
            return None
        if not isinstance(value, list):
            self.bad(field, _("phải là danh sách"))
            return None
        if len(value) > MAX_ITEMS[field]:
            self.bad(field, too_many(field, len(value)))
            return None
        return value

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
        found = len(self.issues)
        raw = self.text(field, value)
        if len(self.issues) > found:
            return raw
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
    code = c.text("code", raw.get("code"))
    if code and not CODE.match(code):
        c.bad("code", _("chỉ dùng chữ, số và . _ - /"))
    out["code"] = code
    out["national_code"] = _national(c, code, raw.get("national_code", ...))
    out["active"] = c.boolean("active", raw.get("active"), True)
    for key in ("name", "field", "agency"):
        out[key] = c.text(key, raw.get(key))
        if key in REQUIRED and not out[key] and raw.get(key) not in (None, "") and isinstance(raw.get(key), str) \
                and not any(i.field == key for i in c.issues):
            c.bad(key, _("bắt buộc"))  # blank after cleaning (spaces only)
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
            entry["fee_text"] = c.text(f"{where}.fee_text", row["fee_text"], kind="channel_fee_text")
        out[name] = entry
    for name in value:
        if name not in CHANNELS:
            c.bad(f"channels.{name}", _("kênh không hợp lệ; chọn in_person, online hoặc post"))
    return out


def _documents(c: _Checker, value: Any) -> list[dict[str, Any]]:
    value = c.entries("documents", value)
    if value is None:
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
        name = c.text(f"{where}.name", doc.get("name"), kind="document")
        if not name:
            c.bad(f"{where}.name", _("bắt buộc"))
        if "|" in name:
            c.bad(f"{where}.name", _("không được chứa ký tự |"))
        condition = c.text(f"{where}.condition", doc.get("condition"), kind="condition")
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
    value = c.entries("aliases", value)
    if value is None:
        return []
    out: list[str] = []
    for i, alias in enumerate(value, 1):
        text = c.text(f"aliases[{i}]", alias, kind="alias")
        if text and text not in out:
            out.append(text)
    return out


def _sources(c: _Checker, value: Any) -> list[str]:
    value = c.entries("sources", value)
    if value is None:
        return []
    return [s for i, v in enumerate(value, 1) if (s := c.text(f"sources[{i}]", v, kind="source", multiline=True))]
