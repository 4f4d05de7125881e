"""Import and export of the catalogue as JSON or CSV: validate everything, then apply all or nothing."""

from __future__ import annotations

import csv
import io as _io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.inputs import NotRegularFile, has_surrogates, read_regular
from db.catalogue import bulk, csvfmt, store, strictjson
from db.catalogue.errors import ImportFileError, ImportRejected, ImportTooLarge, Issue
from db.catalogue.messages import _
from db.catalogue.schema import FIELDS, REQUIRED, normalise
from db.models import AuditEvent, Procedure, ProcedureVersion

FORMAT = "vn-kiosk-catalogue"
FORMAT_VERSION = 1
#: Largest import file, checked on the file's size before anything is read or parsed.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
#: Most procedures in one import file (the catalogue is sized for about 10,000).
MAX_IMPORT_ROWS = 50_000
_MB = 1024 * 1024


@dataclass
class ImportPreview:
    """What an import would do (or did): codes per outcome plus every issue found.

    Attributes:
        created: Codes of procedures that are new.
        updated: Codes whose content, aliases or status change (content changes make a new version).
        unchanged: Codes identical to the database.
        issues: Validation problems, each naming row and field; non-empty means nothing is applied.
        records: The validated records, in file order.
        applied: True once the changes were written.
    """

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        """True when the file has no issues."""
        return not self.issues

    def summary(self) -> dict[str, Any]:
        """Counts and issues as a JSON-ready dict (what consoles show before applying)."""
        return {"created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged),
                "errors": [i.as_dict() for i in self.issues], "applied": self.applied}


# --- Reading ---------------------------------------------------------------------------------------


Row = tuple[int, Any, list[Issue]]  # (row number, raw record, issues found while reading it)


def read_rows(path: str | Path) -> list[Row]:
    """Read a .json or .csv file into raw rows numbered for error messages.

    The size is checked before reading (``MAX_IMPORT_BYTES``), and at most that much is ever read, so a huge
    file (or a device that never ends) is refused at once.

    Raises:
        ImportTooLarge: Over ``MAX_IMPORT_BYTES`` (CAT-012) or more than ``MAX_IMPORT_ROWS`` procedures (CAT-013).
        ImportFileError: Unreadable file, bad encoding, bad JSON/CSV, wrong columns.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise ImportFileError(_("Không đọc được tệp {path}: {reason}", path=path,
                                reason=_("định dạng tệp phải là .json hoặc .csv")))
    try:
        _check_size(path, path.stat().st_size)
        data = read_regular(path, MAX_IMPORT_BYTES)  # a FIFO or device is refused before it is read (no hang)
    except NotRegularFile:
        raise ImportFileError(_("Không đọc được tệp {path}: {reason}", path=path,
                                reason=_("không phải tệp thường (ống dẫn, thiết bị hay thư mục)"))) from None
    except OSError as exc:
        raise ImportFileError(_("Không đọc được tệp {path}: {reason}", path=path, reason=exc.strerror or exc)) from None
    _check_size(path, len(data))  # grown since, or not a regular file
    rows = _parse(path, suffix, data)
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportTooLarge(_("Tệp {path} có {count} thủ tục; tối đa {limit} thủ tục mỗi lần nhập", path=path,
                               count=len(rows), limit=MAX_IMPORT_ROWS), code="CAT-013")
    return rows


def _check_size(path: Path, size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise ImportTooLarge(_("Tệp {path} quá lớn ({size} MB); tối đa {limit} MB", path=path,
                               size=f"{size / _MB:.1f}", limit=MAX_IMPORT_BYTES // _MB))


def _parse(path: Path, suffix: str, data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("Không đọc được tệp {path}: {reason}", path=path,
                                reason=_("tệp không phải UTF-8 (byte lỗi ở vị trí {pos})", pos=exc.start))) from None
    try:
        return rows_from_json(text) if suffix == ".json" else rows_from_csv(text)
    except ImportFileError as exc:
        raise ImportFileError(_("Không đọc được tệp {path}: {reason}", path=path, reason=exc.message)) from None


def rows_from_json(text: str) -> list[Row]:
    """Parse JSON text: ``{"procedures": [...]}`` or a bare list; row = 1-based position.

    Read strictly (:mod:`db.catalogue.strictjson`): a key repeated in one object, an integer of thousands of
    digits, ``NaN``, a lone surrogate or nesting deeper than 20 levels is a file error (CAT-010).
    """
    if not text.strip():
        raise ImportFileError(_("tệp trống"))
    doc = strictjson.loads(text)  # duplicate keys, huge integers, NaN, surrogates, deep nesting: CAT-010
    items = doc.get("procedures") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise ImportFileError(_("thiếu danh sách 'procedures'"))
    return [(i, item, []) for i, item in enumerate(items, 1)]


def rows_from_csv(text: str) -> list[Row]:
    """Parse CSV text (header = ``schema.FIELDS`` names); row = line number where the record starts."""
    if has_surrogates(text):  # only text handed in directly can hold them (UTF-8 bytes cannot)
        raise ImportFileError(_("có ký tự Unicode không hợp lệ (nửa cặp thay thế, ví dụ \\ud800)"))
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel in Vietnamese locales saves with ";"
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError(_("tệp trống"))
        header = [h.strip() for h in header]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ImportFileError(_("thiếu cột: {columns}", columns=", ".join(missing)))
        unknown = [c for c in header if c not in FIELDS]
        if unknown:
            raise ImportFileError(_("cột không được hỗ trợ: {columns}", columns=", ".join(unknown)))
        rows: list[Row] = []
        start = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(cells) != len(header):
                    rows.append((start, None, [Issue(start, "", _("số cột không khớp với dòng tiêu đề"))]))
                else:
                    rows.append((start, *csvfmt.decode(dict(zip(header, cells)), start)))
            start = reader.line_num + 1
        return rows
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ImportFileError(_("CSV sai cú pháp: {msg}", msg=_("một ô dài quá {n} ký tự",
                                                                      n=csv.field_size_limit()))) from None
        raise ImportFileError(_("CSV sai cú pháp: {msg}", msg=exc)) from None


def validate(rows: list[Row]) -> tuple[list[dict[str, Any]], list[Issue]]:
    """Normalise every row and check codes are unique; returns (records, issues)."""
    records: list[dict[str, Any]] = []
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for row, raw, read_issues in rows:
        issues.extend(read_issues)
        if raw is None:
            continue
        record, found = normalise(raw, row)
        issues.extend(found)
        if record is None or read_issues:
            continue
        if record["code"] in seen:
            issues.append(Issue(row, "code", _("mã trùng với dòng {other}", other=seen[record["code"]])))
            continue
        seen[record["code"]] = row
        records.append(record)
    return records, issues



# --- Preview and apply -----------------------------------------------------------------------------


def current_records(session: Session, codes: list[str] | None = None) -> dict[str, tuple[Procedure, ProcedureVersion]]:
    """Load procedures with their current versions, documents and aliases, keyed by code."""
    stmt = (
        select(Procedure, ProcedureVersion)
        .join(ProcedureVersion, (ProcedureVersion.procedure_id == Procedure.id)
              & (ProcedureVersion.version_no == Procedure.current_version_no))
        .options(selectinload(Procedure.aliases), selectinload(ProcedureVersion.documents))
        .order_by(Procedure.code)
    )
    out: dict[str, tuple[Procedure, ProcedureVersion]] = {}
    if codes is None:
        for proc, version in session.execute(stmt):
            out[proc.code] = (proc, version)
        return out
    for i in range(0, len(codes), 500):
        for proc, version in session.execute(stmt.where(Procedure.code.in_(codes[i:i + 500]))):
            out[proc.code] = (proc, version)
    return out


def preview_rows(session: Session, rows: list[Row]) -> ImportPreview:
    """Validate rows and compare them with the database, without writing anything."""
    records, issues = validate(rows)
    preview = ImportPreview(issues=issues, records=records)
    existing = bulk.load_records(session, [r["code"] for r in records])
    for record in records:
        found = existing.get(record["code"])
        if found is None:
            preview.created.append(record["code"])
        elif found == record:
            preview.unchanged.append(record["code"])
        else:
            preview.updated.append(record["code"])
    return preview


def preview_import(session: Session, path: str | Path) -> ImportPreview:
    """Read and validate ``path`` and say what importing it would do; writes nothing.

    Raises:
        ImportFileError: The file cannot be read at all.
    """
    return preview_rows(session, read_rows(path))


def apply_rows(session: Session, rows: list[Row], actor: str) -> ImportPreview:
    """Validate everything, then create/update all procedures in the caller's transaction.

    Procedures missing from the file are left as they are (use ``active: false`` to retire).

    Raises:
        ImportRejected: Any issue; nothing is written.
    """
    preview = preview_rows(session, rows)
    if preview.issues:
        raise ImportRejected(_("Tệp nhập có {n} lỗi; không áp dụng thay đổi nào", n=len(preview.issues)),
                             preview.issues)
    changed, new = set(preview.updated), set(preview.created)
    existing = current_records(session, preview.updated) if changed else {}
    for record in preview.records:
        if record["code"] in changed:
            store.update(session, *existing[record["code"]], record, actor)
    bulk.insert_records(session, [r for r in preview.records if r["code"] in new], actor)
    session.add(AuditEvent(actor=actor[:120], action="catalogue.import", entity="catalogue", entity_id="",
                           after={"created": len(new), "updated": len(changed),
                                  "unchanged": len(preview.unchanged)}))
    session.flush()
    preview.applied = True
    return preview


def apply_import(session: Session, path: str | Path, actor: str) -> ImportPreview:
    """Import ``path`` all or nothing (see ``apply_rows``)."""
    return apply_rows(session, read_rows(path), actor)


# --- Export ----------------------------------------------------------------------------------------


def export_records(session: Session) -> list[dict[str, Any]]:
    """Return every procedure (active or retired) as canonical records, ordered by code."""
    return list(bulk.load_records(session).values())


def dumps_json(records: list[dict[str, Any]]) -> str:
    """Serialise records in the catalogue JSON format (the shipped data file uses it too)."""
    doc = {"format": FORMAT, "format_version": FORMAT_VERSION, "procedures": records}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def dumps_csv(records: list[dict[str, Any]]) -> str:
    """Serialise records as CSV (see ``csvfmt`` for the cell encoding)."""
    out = _io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(csvfmt.encode(record))
    return out.getvalue()


def export_catalogue(session: Session, path: str | Path) -> int:
    """Write the whole catalogue to ``path`` (.json or .csv, UTF-8); returns the procedure count."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise ImportFileError(_("Không đọc được tệp {path}: {reason}", path=path,
                                reason=_("định dạng tệp phải là .json hoặc .csv")))
    records = export_records(session)
    text = dumps_json(records) if suffix == ".json" else dumps_csv(records)
    encoding = "utf-8" if suffix == ".json" else "utf-8-sig"  # the BOM makes Excel read Vietnamese correctly
    try:
        path.write_text(text, encoding=encoding, newline="")
    except OSError as exc:
        raise ImportFileError(_("Không ghi được tệp {path}: {reason}", path=path, reason=exc.strerror or exc)) from None
    return len(records)
