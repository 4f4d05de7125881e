"""UPU S10 item identifiers (tracking numbers) such as ``RR473124829VN``, and the serial series a site draws from.

An S10 identifier is 13 characters: a two-letter service indicator, an eight-digit serial number, one check
digit and the ISO 3166-1 alpha-2 country code of the issuing postal operator. The check digit is computed
from the serial with the weights 8 6 4 2 3 5 9 7: ``check = 11 - (sum mod 11)``, written 0 when that is 10
and 5 when it is 11.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import KioskError
from core.i18n import register_catalogue, translator

_ = translator("core.s10")
register_catalogue("core.s10", {
    "Số hiệu bưu gửi phải có 13 ký tự (2 chữ, 8 số, 1 số kiểm tra, 2 chữ), nhận {n}: {text}":
        "A tracking number has 13 characters (2 letters, 8 digits, 1 check digit, 2 letters), got {n}: {text}",
    "Hai ký tự đầu (mã dịch vụ) phải là chữ cái A-Z, nhận {value}":
        "The first two characters (service indicator) must be letters A-Z, got {value}",
    "Số seri phải gồm 8 chữ số, nhận {value}": "The serial number must be 8 digits, got {value}",
    "Hai ký tự cuối (mã nước) phải là chữ cái A-Z, nhận {value}":
        "The last two characters (country code) must be letters A-Z, got {value}",
    "Hai ký tự cuối (mã nước) phải là {country}, nhận {value}":
        "The last two characters (country code) must be {country}, got {value}",
    "Số kiểm tra sai: {text} phải có số kiểm tra {expected}, không phải {got}":
        "Wrong check digit: {text} must have check digit {expected}, not {got}",
    "Dải số seri không hợp lệ: từ {first} đến {last} (0 đến 99999999, từ ≤ đến)":
        "Invalid serial range: {first} to {last} (0 to 99999999, first ≤ last)",
    "Đã hết dải số hiệu bưu gửi {prefix} {first}-{last}: hãy khai báo dải mới":
        "The {prefix} tracking number range {first}-{last} is used up: configure a new range",
    "Số seri {serial} nằm ngoài dải {first}-{last}": "Serial {serial} is outside the range {first}-{last}",
})

LENGTH = 13
WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
MAX_SERIAL = 99_999_999
#: Share of a series used (in per cent) from which staff are warned (and asked to configure the next one).
WARN_PERCENT = 90
_LETTERS = re.compile(r"[A-Z]{2}")
_SERIAL = re.compile(r"[0-9]{8}")


class S10Error(KioskError):
    """A tracking number or series is not valid (S10 codes)."""

    code = "S10-001"


def check_digit(serial: str | int) -> int:
    """The S10 check digit of an eight-digit serial (given as text or a number).

    >>> check_digit("47312482")
    9

    Raises:
        S10Error: The serial is not eight digits (S10-003).
    """
    digits = _serial_text(serial)
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    check = 11 - remainder
    return {10: 0, 11: 5}.get(check, check)


def _serial_text(serial: str | int) -> str:
    if isinstance(serial, int) and not isinstance(serial, bool):
        if not 0 <= serial <= MAX_SERIAL:
            raise S10Error(_("Số seri phải gồm 8 chữ số, nhận {value}", value=serial), code="S10-003")
        return f"{serial:08d}"
    text = str(serial)
    if not _SERIAL.fullmatch(text):
        raise S10Error(_("Số seri phải gồm 8 chữ số, nhận {value}", value=repr(text)), code="S10-003")
    return text


def _letters(value: str, code: str) -> str:
    value = str(value).strip().upper()
    if not _LETTERS.fullmatch(value):
        message = (_("Hai ký tự đầu (mã dịch vụ) phải là chữ cái A-Z, nhận {value}", value=repr(value))
                   if code == "S10-002" else
                   _("Hai ký tự cuối (mã nước) phải là chữ cái A-Z, nhận {value}", value=repr(value)))
        raise S10Error(message, code=code)
    return value


def make(prefix: str, serial: str | int, country: str = "VN") -> str:
    """Build an identifier: ``make("RR", 47312482) == "RR473124829VN"``.

    Raises:
        S10Error: Bad service indicator (S10-002), serial (S10-003) or country (S10-004).
    """
    prefix = _letters(prefix, "S10-002")
    digits = _serial_text(serial)
    return f"{prefix}{digits}{check_digit(digits)}{_letters(country, 'S10-004')}"


def normalize(text: str) -> str:
    """Upper case without spaces: ``"rr 473 124 829 vn"`` -> ``"RR473124829VN"``."""
    return "".join(str(text or "").split()).upper()


def validate(text: str, country: str | None = None) -> str:
    """Check a typed or scanned identifier and return it normalised (spaces removed, upper case).

    Args:
        text: What was typed or scanned.
        country: Also require this country code (e.g. ``"VN"``); None accepts any two letters.

    Raises:
        S10Error: S10-001 wrong length, S10-002 service indicator not two letters, S10-003 serial not
            eight digits, S10-004 country not two letters (or not ``country`` when given), S10-005 wrong check
            digit (a letter there too).
    """
    value = normalize(text)
    if len(value) != LENGTH:
        raise S10Error(_("Số hiệu bưu gửi phải có 13 ký tự (2 chữ, 8 số, 1 số kiểm tra, 2 chữ), nhận {n}: {text}",
                         n=len(value), text=repr(value[:40])), code="S10-001")
    _letters(value[:2], "S10-002")
    digits = _serial_text(value[2:10])
    issuer = _letters(value[11:], "S10-004")
    if country is not None and issuer != _letters(country, "S10-004"):
        raise S10Error(_("Hai ký tự cuối (mã nước) phải là {country}, nhận {value}", country=country.upper(),
                         value=repr(issuer)), code="S10-004")
    got = value[10]
    expected = check_digit(digits)
    if got != str(expected):
        raise S10Error(_("Số kiểm tra sai: {text} phải có số kiểm tra {expected}, không phải {got}",
                         text=value, expected=expected, got=got), code="S10-005")
    return value


def is_valid(text: str) -> bool:
    """True when :func:`validate` accepts ``text``."""
    try:
        validate(text)
    except S10Error:
        return False
    return True


def spaced(number: str) -> str:
    """The identifier grouped for reading aloud and typing: ``RR 473 124 829 VN``."""
    value = normalize(number)
    if len(value) != LENGTH:
        return value
    return f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:11]} {value[11:]}"


@dataclass(frozen=True)
class Allocation:
    """One number drawn from a series: the serial, the identifier and how much of the series is now used."""

    serial: int
    number: str
    used_fraction: float
    warning: bool


@dataclass(frozen=True)
class SerialRange:
    """A series of serials ``first..last`` (inclusive) for a service indicator, configured per site.

    The series itself keeps no state: the caller stores the last serial it used (None before the first)
    and asks for the next one, in the same transaction that records it.

    Raises:
        S10Error: S10-002/004 bad letters, S10-010 a range that is not ``0 <= first <= last <= 99999999``.
    """

    prefix: str
    first: int
    last: int
    country: str = "VN"

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefix", _letters(self.prefix, "S10-002"))
        object.__setattr__(self, "country", _letters(self.country, "S10-004"))
        ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (self.first, self.last))
        if not ok or not 0 <= self.first <= self.last <= MAX_SERIAL:
            raise S10Error(_("Dải số seri không hợp lệ: từ {first} đến {last} (0 đến 99999999, từ ≤ đến)",
                             first=self.first, last=self.last), code="S10-010")

    @property
    def size(self) -> int:
        """How many serials the series holds."""
        return self.last - self.first + 1

    def _check(self, last_used: int | None) -> None:
        if last_used is not None and not self.first <= last_used <= self.last:
            raise S10Error(_("Số seri {serial} nằm ngoài dải {first}-{last}", serial=last_used,
                             first=self.first, last=self.last), code="S10-012")

    def used(self, last_used: int | None) -> int:
        """How many serials are used when ``last_used`` is the last one drawn (None: none yet).

        Raises:
            S10Error: ``last_used`` outside the series (S10-012).
        """
        self._check(last_used)
        return 0 if last_used is None else last_used - self.first + 1

    def remaining(self, last_used: int | None) -> int:
        """How many serials are left."""
        return self.size - self.used(last_used)

    def used_fraction(self, last_used: int | None) -> float:
        """Share of the series used, 0.0 to 1.0."""
        return self.used(last_used) / self.size

    def nearly_exhausted(self, last_used: int | None) -> bool:
        """True from :data:`WARN_PERCENT` (90 %) used: time to configure the next series (exact, in integers)."""
        return self.used(last_used) * 100 >= self.size * WARN_PERCENT

    def exhausted(self, last_used: int | None) -> bool:
        """True when no serial is left."""
        return self.remaining(last_used) == 0

    def next_after(self, last_used: int | None) -> int:
        """The serial after ``last_used`` (``first`` when None).

        Raises:
            S10Error: The series is used up (S10-011) or ``last_used`` is outside it (S10-012).
        """
        if self.exhausted(last_used):
            raise S10Error(_("Đã hết dải số hiệu bưu gửi {prefix} {first}-{last}: hãy khai báo dải mới",
                             prefix=self.prefix, first=f"{self.first:08d}", last=f"{self.last:08d}"),
                           code="S10-011")
        return self.first if last_used is None else last_used + 1

    def number(self, serial: int) -> str:
        """The identifier of ``serial`` in this series (S10-012 outside it)."""
        self._check(serial)
        return make(self.prefix, serial, self.country)

    def allocate(self, last_used: int | None) -> Allocation:
        """Draw the next number: serial, identifier, share used after it, and the 90 % warning flag.

        Raises:
            S10Error: The series is used up (S10-011) or ``last_used`` is outside it (S10-012).
        """
        serial = self.next_after(last_used)
        return Allocation(serial, self.number(serial), self.used_fraction(serial), self.nearly_exhausted(serial))
