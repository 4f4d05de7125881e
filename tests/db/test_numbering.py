"""Numbering: formats, business day around Vietnam midnight, atomic counters, ticket prefixes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from db.engine import Database
from db.numbering import (
    SECRET_ALPHABET,
    NumberingError,
    business_day,
    format_reference,
    format_ticket,
    lookup_secret,
    new_dossier_reference,
    next_value,
)

UTC = timezone.utc


def test_business_day_turns_at_vietnam_midnight() -> None:
    assert business_day(datetime(2026, 1, 1, 16, 59, 59, tzinfo=UTC)) == date(2026, 1, 1)
    assert business_day(datetime(2026, 1, 1, 17, 0, 0, tzinfo=UTC)) == date(2026, 1, 2)
    ict = timezone(timedelta(hours=7))
    assert business_day(datetime(2026, 1, 2, 0, 5, tzinfo=ict)) == date(2026, 1, 2)


def test_business_day_rejects_naive_time() -> None:
    with pytest.raises(NumberingError) as err:
        business_day(datetime(2026, 1, 1, 12, 0))
    assert err.value.code == "NUM-001"


def test_formats() -> None:
    assert format_ticket("HT", 12) == "HT-012"
    assert format_ticket("CTR", 999) == "CTR-999"
    assert format_ticket("HT", 1000) == "HT-1000"
    assert format_reference("000.00.16.H36", date(2023, 11, 21), 1) == "000.00.16.H36-231121-0001"


def test_lookup_secret_alphabet_has_no_look_alikes() -> None:
    for bad in "0O1IL2Z5S8BUV":
        assert bad not in SECRET_ALPHABET
    secrets_seen = {lookup_secret() for _ in range(200)}
    assert all(len(s) == 4 and set(s) <= set(SECRET_ALPHABET) for s in secrets_seen)
    assert len(secrets_seen) > 150


def test_next_value_counts_per_scope_and_day(database: Database) -> None:
    day = date(2026, 3, 2)
    with database.session() as s:
        assert [next_value(s, "ticket", "1:HT", day) for _ in range(3)] == [1, 2, 3]
        assert next_value(s, "ticket", "1:CT", day) == 1
        assert next_value(s, "ticket", "1:HT", day + timedelta(days=1)) == 1
        assert next_value(s, "dossier", "1:HT", day) == 1


def test_rolled_back_number_is_reused_so_no_gap(database: Database) -> None:
    day = date(2026, 3, 2)
    with pytest.raises(RuntimeError):
        with database.session() as s:
            assert next_value(s, "ticket", "x", day) == 1
            raise RuntimeError("dossier failed")
    with database.session() as s:
        assert next_value(s, "ticket", "x", day) == 1


def test_dossier_reference_uses_vietnam_date(database: Database) -> None:
    late = datetime(2023, 11, 20, 17, 30, tzinfo=UTC)  # 00:30 on 21/11 in Hà Nội
    with database.session() as s:
        ref1, secret = new_dossier_reference(s, "000.00.16.H36", late)
        ref2, _ = new_dossier_reference(s, "000.00.16.H36", late)
    assert ref1 == "000.00.16.H36-231121-0001"
    assert ref2 == "000.00.16.H36-231121-0002"
    assert len(secret) == 4


def test_empty_unit_code_is_refused(database: Database) -> None:
    with database.session() as s, pytest.raises(NumberingError) as err:
        new_dossier_reference(s, "  ", datetime.now(UTC))
    assert err.value.code == "NUM-002"
