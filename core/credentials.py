"""Credential policy (pure: no database, no UI): what a staff password and an agent PIN may not be.

Passwords
    * at least :data:`MIN_PASSWORD_LENGTH` characters and at most :data:`MAX_PASSWORD_LENGTH`;
    * not a common password: the list shipped in ``core/data/common_passwords.txt`` (made by
      ``scripts/common_passwords.py``), compared after folding case, diacritics, separators and the usual
      symbol-for-letter swaps (``p@ssw0rd``), and also refused when it is only a listed word with digits
      around it (``matkhau2024``, ``123dragon``), a run of one keyboard row or of the alphabet, or fewer than
      four different characters;
    * not containing the user name (nor the full name), ignoring case, diacritics and separators.

PINs
    * exactly :data:`PIN_LENGTH` ASCII digits;
    * not trivial: one digit or a constant step (``000000``, ``123456``, ``654321``, ``012345``, ``135791``),
      a repeated pair or triple (``121212``, ``123123``), a mirror (``123321``), doubled digits in a run
      (``112233``) or a well-known keypad pattern (``147258``, ``159753``);
    * not taken from the staff badge: no four digits in a row of the PIN appear in a run of four or more
      digits of the badge code (so neither the badge number nor a part of it).

Each check returns a :class:`Refusal` (stable ``code``, ``rule`` slug, translated ``message``) or None; the
account services turn a refusal into their own error with the same code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from core.i18n import register_catalogue, translator
from core.text import fold

_ = translator("core")

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
PIN_LENGTH = 6
#: A user name shorter than this (after folding) is not searched for inside passwords: "an" is in too many words.
MIN_NAME_IN_PASSWORD = 3

_LEET = str.maketrans({"@": "a", "$": "s", "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_LEET_L = str.maketrans({"1": "l"})
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm",
              "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp")
#: PINs that follow a keypad shape or are well known without being a simple pattern.
_KNOWN_PINS = frozenset("""
147258 258369 369258 852741 741852 852963 963852 147852 258963 159753 357159 753951 951753 159357 357951 753159
951357 789456 456123 123789 987321 321987 789123 147369 369147 963741 741963 100000 200000 000001 111222 222333
333444 444555 555666 666777 777888 888999 000111 123000 000123 123654 456654 520131 131452 142536 102030 010203
112358 314159 271828 696969 101010 202020 999000 000999 098765 567890
""".split())


@dataclass(frozen=True)
class Refusal:
    """Why a credential is refused.

    Attributes:
        code: Stable error code (``ACC-0xx``), the same in every console and command.
        rule: Short rule name (``too_short``, ``common``, ``contains_name``, ``pin_format``...), for tests and logs.
        message: What to do, in the current language (Vietnamese by default).
    """

    code: str
    rule: str
    message: str


def _skeleton(text: str, *, symbols_as_letters: bool = True) -> str:
    """Lower case, no diacritics, only letters and digits left (``@``/``$`` read as ``a``/``s``, or dropped)."""
    folded = fold(text)
    if symbols_as_letters:
        folded = folded.replace("@", "a").replace("$", "s")
    return _NOT_ALNUM.sub("", folded)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped common passwords, each reduced the way candidate passwords are (read once)."""
    text = resources.files("core").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    out = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.update((_skeleton(line), _skeleton(line, symbols_as_letters=False)))
    out.discard("")
    return frozenset(out)


def _in_sequence(skeleton: str) -> bool:
    return any(skeleton in seq or skeleton in seq[::-1] for seq in _SEQUENCES)


def is_common_password(password: str) -> bool:
    """True for a listed password, a listed word with digits around it, a keyboard/alphabet run or ≤ 3 distinct characters."""
    if len(set(fold(password).replace(" ", ""))) < 4:
        return True
    skeleton = _skeleton(password)
    if len(skeleton) >= 4 and _in_sequence(skeleton):
        return True
    listed = common_passwords()
    candidates: set[str] = set()
    for form in (skeleton, _skeleton(password, symbols_as_letters=False)):
        core = form.strip("0123456789")  # a listed word with digits around it is still that word
        candidates |= {form, core, form.translate(_LEET), core.translate(_LEET), core.translate(_LEET_L)}
    return any(c in listed for c in candidates if c)


def _contains_name(password: str, *names: str) -> bool:
    skeleton = _skeleton(password)
    for name in names:
        key = _skeleton(name or "")
        if len(key) >= MIN_NAME_IN_PASSWORD and key in skeleton:
            return True
    return False


def password_refusal(password: str, username: str = "", full_name: str = "") -> Refusal | None:
    """Return why ``password`` may not be used by ``username`` (None when it may)."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Refusal("ACC-004", "too_short", _("Mật khẩu phải có ít nhất {n} ký tự", n=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        return Refusal("ACC-014", "too_long", _("Mật khẩu dài tối đa {n} ký tự", n=MAX_PASSWORD_LENGTH))
    if _contains_name(password, username, full_name):
        return Refusal("ACC-013", "contains_name",
                       _("Mật khẩu không được chứa tên đăng nhập hoặc họ tên (kể cả viết hoa, bỏ dấu)"))
    if is_common_password(password):
        return Refusal("ACC-012", "common",
                       _("Mật khẩu quá phổ biến hoặc dễ đoán (có trong danh sách mật khẩu thông dụng, chỉ là một từ "
                         "thông dụng thêm số, hoặc một dãy phím liền nhau); hãy chọn mật khẩu khác"))
    return None


def pin_format_ok(pin: str) -> bool:
    """True for exactly :data:`PIN_LENGTH` ASCII digits."""
    return len(pin) == PIN_LENGTH and pin.isascii() and pin.isdigit()


def is_trivial_pin(pin: str) -> bool:
    """True for a PIN anyone would try first (see the module notes); ``pin`` must be digits."""
    digits = [int(d) for d in pin]
    steps = {(b - a) % 10 for a, b in zip(digits, digits[1:])}
    if len(steps) <= 1:  # one digit repeated, or a run up or down (wrapping: 890123)
        return True
    if any(pin == pin[:p] * (len(pin) // p) for p in (2, 3) if len(pin) % p == 0):
        return True
    if pin == pin[::-1]:
        return True
    pairs = pin[0::2]
    if pin[0::2] == pin[1::2] and len({(int(b) - int(a)) % 10 for a, b in zip(pairs, pairs[1:])}) <= 1:
        return True  # 112233, 998877
    return pin in _KNOWN_PINS


def pin_refusal(pin: str, badge_code: str = "") -> Refusal | None:
    """Return why ``pin`` may not be an agent PIN (None when it may); ``badge_code`` is the user's badge, if any."""
    pin = pin or ""
    if not pin_format_ok(pin):
        return Refusal("ACC-003", "pin_format", _("Mã PIN phải gồm đúng {n} chữ số", n=PIN_LENGTH))
    if is_trivial_pin(pin):
        return Refusal("ACC-015", "pin_trivial",
                       _("Mã PIN quá dễ đoán (một chữ số lặp lại, dãy liên tiếp như 123456 hoặc 654321, lặp theo "
                         "cặp như 121212 hoặc 123123, đối xứng như 123321); hãy chọn {n} chữ số khác", n=PIN_LENGTH))
    runs = [run for run in re.findall(r"[0-9]+", badge_code or "") if len(run) >= 4]
    if any(pin[i:i + 4] in run for run in runs for i in range(PIN_LENGTH - 3)):
        return Refusal("ACC-016", "pin_badge", _("Mã PIN không được lấy từ các chữ số của mã thẻ nhân viên"))
    return None


register_catalogue("core", {
    "Mật khẩu phải có ít nhất {n} ký tự": "The password must have at least {n} characters",
    "Mật khẩu dài tối đa {n} ký tự": "The password may have at most {n} characters",
    "Mật khẩu không được chứa tên đăng nhập hoặc họ tên (kể cả viết hoa, bỏ dấu)":
        "The password must not contain the user name or the full name (in any case, with or without diacritics)",
    "Mật khẩu quá phổ biến hoặc dễ đoán (có trong danh sách mật khẩu thông dụng, chỉ là một từ thông dụng thêm số, "
    "hoặc một dãy phím liền nhau); hãy chọn mật khẩu khác":
        "The password is too common or too easy to guess (it is on the list of common passwords, is a common word "
        "with digits added, or a run of neighbouring keys); choose another one",
    "Mã PIN phải gồm đúng {n} chữ số": "The PIN must be exactly {n} digits",
    "Mã PIN quá dễ đoán (một chữ số lặp lại, dãy liên tiếp như 123456 hoặc 654321, lặp theo cặp như 121212 hoặc "
    "123123, đối xứng như 123321); hãy chọn {n} chữ số khác":
        "The PIN is too easy to guess (one digit repeated, a run such as 123456 or 654321, a repeated group such as "
        "121212 or 123123, a mirror such as 123321); choose {n} other digits",
    "Mã PIN không được lấy từ các chữ số của mã thẻ nhân viên": "The PIN must not be taken from the staff badge's digits",
})
