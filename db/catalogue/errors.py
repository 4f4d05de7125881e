"""Catalogue (CAT) and search (SRCH) errors with stable codes."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import KioskError
from core.i18n import register_catalogue

register_catalogue("db", {  # hostile import files (db.catalogue.strictjson, io, schema)
    "số nguyên dài {n} chữ số; tối đa {limit}": "an integer of {n} digits; at most {limit}",
    "giá trị {value} không phải JSON hợp lệ": "the value {value} is not valid JSON",
    "khóa '{key}' lặp lại trong cùng một đối tượng": "the key '{key}' is repeated in one object",
    "JSON không hợp lệ: {msg}": "invalid JSON: {msg}",
    "có ký tự Unicode không hợp lệ (nửa cặp thay thế, ví dụ \\ud800)":
        "holds an invalid Unicode character (half a surrogate pair, e.g. \\ud800)",
    "không phải tệp thường (ống dẫn, thiết bị hay thư mục)": "not a regular file (a pipe, device or folder)",
    "phải là JSON hợp lệ ({why})": "must be valid JSON ({why})",
    "chỉ gồm ký tự không nhìn thấy được": "only characters that show nothing",
})


class CatalogueError(KioskError):
    """Base class of catalogue errors."""

    code = "CAT-000"


class ProcedureNotFound(CatalogueError):
    """No procedure has the requested code."""

    code = "CAT-001"


class InvalidProcedure(CatalogueError):
    """Procedure data failed validation; ``issues`` lists every field problem."""

    code = "CAT-002"

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


class StaleEdit(CatalogueError):
    """Someone else saved the procedure since it was opened; reload and edit again."""

    code = "CAT-003"


class ImportFileError(CatalogueError):
    """The import file cannot be read at all (encoding, JSON syntax, columns, extension)."""

    code = "CAT-010"


class ImportTooLarge(ImportFileError):
    """The import file is over the size limit (CAT-012, checked before reading) or holds too many procedures (CAT-013)."""

    code = "CAT-012"


class ImportRejected(CatalogueError):
    """The import file has invalid rows; nothing was applied. ``issues`` names row and field."""

    code = "CAT-011"

    def __init__(self, message: str, issues: list[Issue]) -> None:
        super().__init__(message)
        self.issues = issues


class SearchError(KioskError):
    """Search index problem (never raised for odd query text)."""

    code = "SRCH-001"


@dataclass(frozen=True)
class Issue:
    """One validation problem: where (row, field) and what.

    Attributes:
        row: 1-based row (CSV: line number in the file; JSON: position in ``procedures``); 0 = whole file.
        field: Field name (``documents[2].copies`` for nested values); empty for the whole row.
        message: Human-readable message (translated).
    """

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        from db.catalogue.messages import _

        where = _("dòng {row}", row=self.row) if self.row else _("tệp")
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """Return the issue as a JSON-ready dict (``row``, ``field``, ``message``)."""
        return {"row": self.row, "field": self.field, "message": self.message}
