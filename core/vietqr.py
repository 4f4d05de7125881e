"""VietQR payloads: the EMVCo merchant-presented QR that Vietnamese banking apps read for a NAPAS 247 transfer.

The payload is a string of TLV fields (two-digit tag, two-digit length, value) in tag order::

    00 02 01                      payload format indicator
    01 02 12 | 11                 point of initiation: 12 dynamic (with an amount), 11 static
    38 ..                         merchant account information (NAPAS)
       00 10 A000000727           GUID of NAPAS
       01 ..                      beneficiary organisation
          00 06 <bank BIN>        acquirer / bank BIN
          01 .. <account>         consumer (account) number
       02 08 QRIBFTTA             service: inter-bank fund transfer to an account
    53 03 704                     currency (VND)
    54 .. <amount>                amount in whole đồng (dynamic only)
    58 02 VN                      country
    62 ..                         additional data
       08 .. <purpose>            purpose of transaction (ASCII, at most 25 characters)
    63 04 <CRC>                   CRC-16/CCITT-FALSE of everything before it, "6304" included, upper-case hex

Nothing here says a transfer arrived: the code only tells the citizen's banking app what to send.
"""

from __future__ import annotations

import re
import unicodedata

from core.errors import KioskError
from core.i18n import register_catalogue, translator

_ = translator("core.vietqr")
register_catalogue("core.vietqr", {
    "Chưa khai báo mã BIN ngân hàng nhận chuyển khoản": "The receiving bank's BIN is not configured",
    "Chưa khai báo số tài khoản nhận chuyển khoản": "The receiving account number is not configured",
    "Mã BIN ngân hàng phải gồm 6 chữ số, nhận {value}": "The bank BIN must be 6 digits, got {value}",
    "Số tài khoản chỉ gồm chữ và số, tối đa 19 ký tự, nhận {value}":
        "The account number must be letters and digits, at most 19 characters, got {value}",
    "Số tiền phải là số nguyên dương (đồng), tối đa 13 chữ số, nhận {value}":
        "The amount must be a positive whole number of đồng, at most 13 digits, got {value}",
    "Mã VietQR dài quá 512 ký tự ({n})": "The VietQR payload is longer than 512 characters ({n})",
})

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT_TRANSFER = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY = "VN"
MAX_PURPOSE = 25
MAX_ACCOUNT = 19
MAX_AMOUNT_DIGITS = 13
MAX_PAYLOAD = 512
_BIN = re.compile(r"[0-9]{6}")
_ASCII_LOOKALIKES = str.maketrans({"đ": "d", "Đ": "D", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,%d}" % MAX_ACCOUNT)


class VietQRError(KioskError):
    """A VietQR payload cannot be made: the caller prints without it and warns staff (VQR codes)."""

    code = "VQR-001"


def crc16_ccitt(data: bytes, crc: int = 0xFFFF) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR (table-driven)."""
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[((crc >> 8) ^ byte) & 0xFF]
    return crc


def _table() -> tuple[int, ...]:
    out = []
    for n in range(256):
        c = n << 8
        for _bit in range(8):
            c = ((c << 1) ^ 0x1021) if c & 0x8000 else (c << 1)
        out.append(c & 0xFFFF)
    return tuple(out)


_TABLE = _table()


def tlv(tag: str, value: str) -> str:
    """One field: two-digit tag, two-digit length, value (1..99 characters)."""
    if not 1 <= len(value) <= 99:
        raise ValueError(f"field {tag} length {len(value)} is not 1..99")
    return f"{tag}{len(value):02d}{value}"


def ascii_text(text: str, limit: int = MAX_PURPOSE) -> str:
    """Text for a payload field: Vietnamese letters without their marks (đ -> d), printable ASCII only, one
    space between words, at most ``limit`` characters.

    >>> ascii_text("Lệ phí hồ sơ Đăng ký khai sinh")
    'Le phi ho so Dang ky khai'
    """
    text = str(text or "").translate(_ASCII_LOOKALIKES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch if " " <= ch <= "~" else " " if ch.isspace() else "" for ch in text)
    return " ".join(text.split())[:limit].strip()


def payload(bank_bin: str, account: str, amount: int | None = None, purpose: str = "", *,
            service: str = SERVICE_ACCOUNT_TRANSFER) -> str:
    """The VietQR text for a transfer to ``account`` at the bank ``bank_bin``.

    Args:
        bank_bin: The bank's six-digit NAPAS BIN (e.g. ``970436``), from settings.
        account: The receiving account number (letters and digits, at most 19), from settings.
        amount: Whole đồng to pay (dynamic code, point of initiation 12); None for a static code (11) where
            the payer types the amount.
        purpose: What the transfer is for, usually the dossier reference; written without diacritics and cut
            to 25 characters. Empty: no additional data field.
        service: ``QRIBFTTA`` (to an account, default) or ``QRIBFTTC`` (to a card).

    Raises:
        VietQRError: VQR-001 no bank BIN, VQR-002 no account, VQR-003 BIN not six digits, VQR-004 bad account
            number, VQR-005 bad amount, VQR-006 payload over 512 characters.
    """
    bank_bin = "".join(str(bank_bin or "").split())
    account = "".join(str(account or "").split())
    if not bank_bin:
        raise VietQRError(_("Chưa khai báo mã BIN ngân hàng nhận chuyển khoản"), code="VQR-001")
    if not account:
        raise VietQRError(_("Chưa khai báo số tài khoản nhận chuyển khoản"), code="VQR-002")
    if not _BIN.fullmatch(bank_bin):
        raise VietQRError(_("Mã BIN ngân hàng phải gồm 6 chữ số, nhận {value}", value=repr(bank_bin[:20])),
                          code="VQR-003")
    if not _ACCOUNT.fullmatch(account):
        raise VietQRError(_("Số tài khoản chỉ gồm chữ và số, tối đa 19 ký tự, nhận {value}",
                            value=repr(account[:30])), code="VQR-004")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", service)
    fields = [tlv("00", "01"), tlv("01", "11" if amount is None else "12"), tlv("38", merchant),
              tlv("53", CURRENCY_VND)]
    if amount is not None:
        fields.append(tlv("54", _amount(amount)))
    fields.append(tlv("58", COUNTRY))
    note = ascii_text(purpose)
    if note:
        fields.append(tlv("62", tlv("08", note)))
    body = "".join(fields) + "6304"
    text = body + f"{crc16_ccitt(body.encode('ascii')):04X}"
    if len(text) > MAX_PAYLOAD:  # cannot happen with the limits above; kept as the specification's rule
        raise VietQRError(_("Mã VietQR dài quá 512 ký tự ({n})", n=len(text)), code="VQR-006")
    return text


def _amount(amount: int) -> str:
    ok = isinstance(amount, int) and not isinstance(amount, bool) and amount > 0
    if not ok or len(str(amount)) > MAX_AMOUNT_DIGITS:
        raise VietQRError(_("Số tiền phải là số nguyên dương (đồng), tối đa 13 chữ số, nhận {value}",
                            value=repr(amount)), code="VQR-005")
    return str(amount)


def checksum_ok(text: str) -> bool:
    """True when ``text`` ends in ``6304`` + the CRC of everything before the four hex digits."""
    if len(text) < 8 or text[-8:-4] != "6304":
        return False
    return f"{crc16_ccitt(text[:-4].encode('ascii', 'replace')):04X}" == text[-4:].upper()
