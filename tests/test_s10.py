"""UPU S10 tracking numbers: check digits worked by hand, validation with codes, serial series."""

from __future__ import annotations

import pytest

from core import s10
from core.errors import ERROR_CODES
from core.s10 import S10Error, SerialRange

# Worked by hand with the S10 weights 8 6 4 2 3 5 9 7; check = 11 - (sum mod 11), 10 -> 0, 11 -> 5.
HAND_WORKED = [
    # 4*8 + 7*6 + 3*4 + 1*2 + 2*3 + 4*5 + 8*9 + 2*7 = 32+42+12+2+6+20+72+14 = 200; 200 = 18*11 + 2;
    # 11 - 2 = 9. (The usual published example, RR473124829GB.)
    ("RR", "47312482", "GB", 9, "RR473124829GB"),
    # 1*8 + 2*6 + 3*4 + 4*2 + 5*3 + 6*5 + 7*9 + 8*7 = 8+12+12+8+15+30+63+56 = 204; 204 = 18*11 + 6; 11 - 6 = 5.
    ("RR", "12345678", "VN", 5, "RR123456785VN"),
    # 8*7 = 56; 56 = 5*11 + 1; 11 - 1 = 10 -> written 0.
    ("EE", "00000008", "VN", 0, "EE000000080VN"),
    # 1*5 + 1*7 = 12; 12 = 11 + 1; 11 - 1 = 10 -> 0.
    ("CP", "00000101", "VN", 0, "CP000001010VN"),
    # 1*9 + 5*7 = 9+35 = 44; 44 = 4*11 + 0; 11 - 0 = 11 -> written 5.
    ("RR", "00000015", "VN", 5, "RR000000155VN"),
    # all zeros: sum 0; 11 - 0 = 11 -> 5.
    ("RR", "00000000", "VN", 5, "RR000000005VN"),
    # 1*9 + 3*7 = 9+21 = 30; 30 = 2*11 + 8; 11 - 8 = 3.
    ("CP", "00000013", "VN", 3, "CP000000133VN"),
    # 9*8 + 9*6 + 9*4 + 9*2 + 9*3 + 9*5 + 9*9 + 9*7 = 9*44 = 396 = 36*11 + 0 -> 11 -> 5.
    ("LA", "99999999", "VN", 5, "LA999999995VN"),
]


@pytest.mark.parametrize(("prefix", "serial", "country", "check", "number"), HAND_WORKED)
def test_check_digits_worked_by_hand(prefix, serial, country, check, number):
    assert s10.check_digit(serial) == check
    assert s10.check_digit(int(serial)) == check
    assert s10.make(prefix, serial, country) == number
    assert s10.make(prefix.lower(), int(serial), country.lower()) == number
    assert s10.validate(number) == number


def test_check_digit_by_an_independent_formula():
    """Every serial in a spread of the space agrees with the rule written out plainly here."""
    for serial in range(0, 100_000_000, 999_983):
        digits = f"{serial:08d}"
        total = 0
        for digit, weight in zip(digits, [8, 6, 4, 2, 3, 5, 9, 7], strict=True):
            total += int(digit) * weight
        expected = 11 - total % 11
        if expected == 10:
            expected = 0
        elif expected == 11:
            expected = 5
        assert s10.check_digit(digits) == expected, digits


@pytest.mark.parametrize("typed", ["rr473124829gb", " RR 473 124 829 GB ", "Rr473124829Gb\n", "RR\t47312482 9GB"])
def test_validate_normalises_spaces_and_case(typed):
    assert s10.validate(typed) == "RR473124829GB"
    assert s10.is_valid(typed)


@pytest.mark.parametrize(("typed", "code", "words"), [
    ("RR473124828GB", "S10-005", "9"),   # last digit mistyped
    ("RR473124289GB", "S10-005", ""),    # two digits swapped: 47312428 sums to 188 = 17*11 + 1, check 0
    ("RR47312482XGB", "S10-005", "X"),
    ("RR47312482", "S10-001", "13"),
    ("RR4731248299GB", "S10-001", "14"),
    ("", "S10-001", "0"),
    ("R1473124829GB", "S10-002", "R1"),
    ("ÀR473124829GB", "S10-002", ""),
    ("RR4731248A9GB", "S10-003", "4731248A"),
    ("RR473124829G1", "S10-004", "G1"),
])
def test_a_mistyped_number_is_rejected_with_a_code(typed, code, words):
    with pytest.raises(S10Error) as err:
        s10.validate(typed)
    assert err.value.code == code
    assert words in err.value.message
    assert not s10.is_valid(typed)


def test_validate_can_require_the_country():
    assert s10.validate("RR123456785VN", country="VN") == "RR123456785VN"
    with pytest.raises(S10Error) as err:
        s10.validate("RR473124829GB", country="vn")
    assert err.value.code == "S10-004" and "VN" in err.value.message


@pytest.mark.parametrize(("args", "code"), [
    (("R", 1), "S10-002"), (("R9", 1), "S10-002"), (("RR", 100_000_000), "S10-003"), (("RR", -1), "S10-003"),
    (("RR", "1234567"), "S10-003"), (("RR", 1, "V"), "S10-004"),
])
def test_make_refuses_bad_parts(args, code):
    with pytest.raises(S10Error) as err:
        s10.make(*args)
    assert err.value.code == code


def test_spaced_groups_for_reading():
    assert s10.spaced("rr473124829gb") == "RR 473 124 829 GB"
    assert s10.spaced("short") == "SHORT"


def test_series_draws_in_order_and_warns_from_90_percent():
    series = SerialRange("rr", 1000, 1009)
    assert series.prefix == "RR" and series.size == 10
    assert series.used_fraction(None) == 0 and series.next_after(None) == 1000
    first = series.allocate(None)
    # 00001000: 1*3 = 3; 11 - 3 = 8.
    assert (first.serial, first.number, first.used_fraction, first.warning) == (1000, "RR000010008VN", 0.1, False)
    assert s10.validate(first.number) == first.number
    assert series.allocate(1006).warning is False  # 1007: 8 of 10 used
    ninth = series.allocate(1007)  # 1008: 9 of 10 used -> 90 %
    assert ninth.serial == 1008 and ninth.used_fraction == pytest.approx(0.9) and ninth.warning
    assert series.nearly_exhausted(1008) and not series.nearly_exhausted(1007)
    assert series.remaining(1008) == 1 and not series.exhausted(1008)
    last = series.allocate(1008)
    assert last.serial == 1009 and last.used_fraction == 1.0 and last.warning
    assert series.exhausted(1009)


def test_series_used_up_is_a_clear_error_before_a_number_is_made():
    series = SerialRange("RR", 5, 5)
    assert series.next_after(None) == 5
    with pytest.raises(S10Error) as err:
        series.next_after(5)
    assert err.value.code == "S10-011"
    assert "RR" in err.value.message and "00000005" in err.value.message


def test_warning_flag_at_exactly_90_percent_of_a_large_series():
    series = SerialRange("RR", 0, 999_999)
    assert not series.allocate(899_997).warning  # serial 899,998: 899,999 of 1,000,000 used
    assert series.allocate(899_998).warning  # serial 899,999: 900,000 used = 90 %
    assert series.used_fraction(899_999) == 0.9 and series.nearly_exhausted(899_999)
    assert not series.nearly_exhausted(899_998)


@pytest.mark.parametrize(("first", "last"), [(10, 9), (-1, 5), (0, 100_000_000), (1.5, 3), (True, 3)])
def test_bad_series_are_refused(first, last):
    with pytest.raises(S10Error) as err:
        SerialRange("RR", first, last)
    assert err.value.code == "S10-010"


def test_serial_outside_the_series():
    series = SerialRange("RR", 100, 200)
    for call in (lambda: series.next_after(99), lambda: series.used_fraction(201), lambda: series.number(5)):
        with pytest.raises(S10Error) as err:
            call()
        assert err.value.code == "S10-012"
    assert series.number(100) == s10.make("RR", 100)


def test_messages_translate_and_codes_are_in_the_table():
    from core.i18n import missing

    with pytest.raises(S10Error) as err:
        s10.validate("RR473124828GB")
    assert str(err.value).startswith("[S10-005] ")
    import re
    from pathlib import Path

    source = Path(s10.__file__).read_text(encoding="utf-8")
    labels = re.findall(r"""\b_\(\s*["']([^"']+)["']""", source)
    assert labels and missing("core.s10", labels) == []
    codes = set(re.findall(r"S10-\d{3}", source))
    assert codes and codes <= set(ERROR_CODES)
