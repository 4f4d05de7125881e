"""Parse and validate the CCCD / căn cước QR payload (pre-fill data that a person confirms)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.privacy import mask_id
from core.text import fold, nfc, sanitize
from devices.provinces import province_name

__all__ = ["IdCard", "IdCardError", "parse_id_payload", "mask_id", "describe_warning", "WARNINGS"]

_ = translator("devices")
_VN = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh has no DST
_DIGITS = re.compile(r"[0-9]+")
_DATE = re.compile(r"[0-9]{8}")

# code -> Vietnamese message (English in the catalogue below). Numbers never change meaning.
ERRORS: dict[str, str] = {
    "IDC-001": "Đây không phải mã QR của thẻ căn cước",
    "IDC-002": "Mã QR thẻ căn cước có số trường không đúng ({count})",
    "IDC-003": "Số định danh phải gồm đúng 12 chữ số",
    "IDC-004": "Chữ số thế kỷ/giới tính trong số định danh không khớp với ngày sinh và giới tính",
    "IDC-005": "Hai chữ số năm sinh trong số định danh không khớp với ngày sinh",
    "IDC-006": "Ngày sinh không hợp lệ",
    "IDC-007": "Ngày sinh ở trong tương lai",
    "IDC-008": "Ngày cấp không hợp lệ",
    "IDC-009": "Ngày cấp phải sau ngày sinh",
    "IDC-010": "Ngày cấp ở trong tương lai",
    "IDC-011": "Giới tính phải là Nam hoặc Nữ",
    "IDC-012": "Số CMND cũ phải để trống hoặc gồm 9 hoặc 12 chữ số",
    "IDC-013": "Thiếu họ và tên",
}

# warning code -> Vietnamese description; warnings never block, a person confirms the data.
WARNINGS: dict[str, str] = {
    "unknown_province": "Mã tỉnh nơi đăng ký khai sinh không có trong danh mục",
    "no_issue_date": "Không có ngày cấp",
    "no_address": "Không có nơi thường trú",
    "extra_fields": "Mã QR có thêm trường không xác định (đã bỏ qua)",
}

register_catalogue(
    "devices",
    {
        ERRORS["IDC-001"]: "This is not an ID card QR code",
        ERRORS["IDC-002"]: "The ID card QR code has the wrong number of fields ({count})",
        ERRORS["IDC-003"]: "The ID number must be exactly 12 digits",
        ERRORS["IDC-004"]: "The century/sex digit of the ID number does not match the birth date and sex",
        ERRORS["IDC-005"]: "The birth-year digits of the ID number do not match the birth date",
        ERRORS["IDC-006"]: "The birth date is not valid",
        ERRORS["IDC-007"]: "The birth date is in the future",
        ERRORS["IDC-008"]: "The issue date is not valid",
        ERRORS["IDC-009"]: "The issue date must be after the birth date",
        ERRORS["IDC-010"]: "The issue date is in the future",
        ERRORS["IDC-011"]: "Sex must be Nam (male) or Nữ (female)",
        ERRORS["IDC-012"]: "The old ID number must be empty or 9 or 12 digits",
        ERRORS["IDC-013"]: "The full name is missing",
        WARNINGS["unknown_province"]: "The birth-registration province code is not in the list",
        WARNINGS["no_issue_date"]: "No issue date",
        WARNINGS["no_address"]: "No permanent address",
        WARNINGS["extra_fields"]: "The QR code has extra unknown fields (ignored)",
    },
)


class IdCardError(KioskError):
    """An ID card payload that cannot be trusted as pre-fill data (likely a misread or another QR).

    Args:
        code: One of the ``IDC-0xx`` codes in :data:`ERRORS`.
        **values: Placeholders of the message.
    """

    code = "IDC-000"

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(_(ERRORS[code], **values), code=code)


def describe_warning(code: str) -> str:
    """Return the human-readable (translated) text of a warning code such as ``unknown_province``."""
    return _(WARNINGS.get(code, code))


@dataclass(frozen=True)
class IdCard:
    """The fields of a citizen ID card QR, validated and NFC-normalised.

    Attributes:
        id: 12-digit personal identification number.
        old_id: Old CMND number (9 digits), a previous 12-digit number, or ``""``.
        name: Full name as printed (literal text; display code must escape markup).
        dob: Birth date.
        sex: ``"Nam"`` or ``"Nữ"``.
        address: Permanent address (may be ``""``, with a warning).
        issued: Issue date, or None when the payload has none.
        warnings: Stable warning codes (see :data:`WARNINGS`).
    """

    id: str
    old_id: str
    name: str
    dob: date
    sex: str
    address: str
    issued: date | None
    warnings: list[str] = field(default_factory=list)

    @property
    def masked_id(self) -> str:
        """The ID number masked for screens and paper (``0010******56``)."""
        return mask_id(self.id)

    @property
    def province(self) -> str | None:
        """Name of the birth-registration province, or None when the code is unknown."""
        return province_name(self.id)

    def to_json(self) -> dict[str, object]:
        """Return the stable JSON form printed by ``kiosk-devices parse-id --json``."""
        return {
            "id": self.id,
            "old_id": self.old_id,
            "name": self.name,
            "dob": self.dob.isoformat(),
            "sex": self.sex,
            "address": self.address,
            "issued": self.issued.isoformat() if self.issued else None,
            "warnings": list(self.warnings),
        }

    def __repr__(self) -> str:  # keep personal data out of logs and tracebacks
        return f"IdCard(id={self.masked_id!r}, warnings={self.warnings!r})"


def _split(text: str) -> tuple[list[str], list[str]]:
    """Split the payload into the 7 canonical fields (old ID inserted for the 6-field form) plus extras."""
    text = nfc(text or "").strip("\r\n")
    if "|" not in text:
        raise IdCardError("IDC-001")
    fields = [sanitize(f) for f in text.split("|")]
    if not fields[0][:1].isascii() or not fields[0][:1].isdigit():
        raise IdCardError("IDC-001")
    if len(fields) < 6:
        raise IdCardError("IDC-002", count=len(fields))
    # 7-field form: field 2 is the old ID (empty or digits); 6-field form: field 2 is the name.
    if len(fields) == 6 or (fields[1] and not _DIGITS.fullmatch(fields[1]) and _DATE.fullmatch(fields[2])):
        fields.insert(1, "")
    return fields[:7], fields[7:]


def _parse_date(value: str, code: str) -> date:
    if not _DATE.fullmatch(value):
        raise IdCardError(code)
    try:
        return date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        raise IdCardError(code) from None


def _parse_sex(value: str) -> str:
    folded = fold(value).strip()
    if folded == "nam":
        return "Nam"
    if folded == "nu":
        return "Nữ"
    raise IdCardError("IDC-011")


def parse_id_payload(text: str, *, today: date | None = None) -> IdCard:
    """Parse a CCCD / căn cước QR payload into an :class:`IdCard`.

    Accepts the 7-field form ``id|old_id|name|ddmmyyyy|sex|address|ddmmyyyy``, the 6-field form without
    the old ID, and extra trailing fields (ignored, with a warning if any is non-empty). Every field is
    NFC-normalised and stripped of control characters, bidi overrides and zero-width characters; a
    trailing CR/LF from a keyboard-wedge scanner is dropped. Markup such as ``[b]`` is kept as literal text.

    Decisions: sex is matched case- and diacritic-insensitively (``nam``, ``NU``, ``nữ`` → ``Nam``/``Nữ``);
    the old ID may be empty, 9 digits (CMND) or 12 digits (a previous CCCD number on new căn cước cards);
    an empty issue date gives ``issued=None`` and a ``no_issue_date`` warning; an unknown province code
    is a warning. A century/sex digit or birth-year digits that disagree with the other fields are
    rejected as a likely misread.

    Args:
        text: The raw payload (as decoded from the QR or typed by a scanner).
        today: Reference date for "not in the future" (default: today in Vietnam).

    Returns:
        The validated card data.

    Raises:
        IdCardError: With a stable ``IDC-0xx`` code and a one-line translated message.
    """
    today = today or datetime.now(_VN).date()
    (number, old_id, name, dob_s, sex_s, address, issued_s), extra = _split(text)
    warnings: list[str] = []

    number = number.replace(" ", "")
    if not re.fullmatch(r"[0-9]{12}", number):
        raise IdCardError("IDC-003")
    old_id = old_id.replace(" ", "")
    if old_id and not re.fullmatch(r"[0-9]{9}|[0-9]{12}", old_id):
        raise IdCardError("IDC-012")
    if not name:
        raise IdCardError("IDC-013")
    dob = _parse_date(dob_s, "IDC-006")
    if dob > today:
        raise IdCardError("IDC-007")
    sex = _parse_sex(sex_s)

    digit = int(number[3])
    if 1900 + 100 * (digit // 2) != dob.year // 100 * 100 or (digit % 2 == 1) != (sex == "Nữ"):
        raise IdCardError("IDC-004")
    if number[4:6] != f"{dob.year % 100:02d}":
        raise IdCardError("IDC-005")

    issued: date | None = None
    if issued_s:
        issued = _parse_date(issued_s, "IDC-008")
        if issued <= dob:
            raise IdCardError("IDC-009")
        if issued > today:
            raise IdCardError("IDC-010")
    else:
        warnings.append("no_issue_date")
    if province_name(number) is None:
        warnings.append("unknown_province")
    if not address:
        warnings.append("no_address")
    if any(extra):
        warnings.append("extra_fields")
    return IdCard(number, old_id, name, dob, sex, address, issued, warnings)
