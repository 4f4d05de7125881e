"""The shipped catalogue file: valid, real, generous with colloquial names, consistent rules."""

from __future__ import annotations

from collections import Counter

from core.text import fold
from db.catalogue.schema import national_part
from db.catalogue.seed import COMMON, shipped_records


def test_size_and_unique_codes() -> None:
    records = shipped_records()
    assert len(records) >= 50
    assert len({r["code"] for r in records}) == len(records)
    assert set(COMMON) <= {r["code"] for r in records}


def test_codes_and_national_codes() -> None:
    for r in shipped_records():
        assert r["national_code"] == national_part(r["code"])
        if r["national_code"] is None:
            assert r["code"].startswith("DP."), r["code"]


def test_every_procedure_has_colloquial_names_and_sources() -> None:
    for r in shipped_records():
        assert len(r["aliases"]) >= 5, r["code"]
        assert r["sources"] and r["documents"] and r["result"], r["code"]
        folded = Counter(fold(a) for a in r["aliases"])
        assert max(folded.values()) == 1, (r["code"], folded.most_common(1))  # search folds; no duplicates


def test_presence_cutoff_and_conditions() -> None:
    by_code = {r["code"]: r for r in shipped_records()}
    for r in shipped_records():
        if r["personal_presence"]:
            assert not r["postal_allowed"] and r["postal_note"], r["code"]
        if r["cutoff_time"]:
            assert r["processing_days"] == 0 and r["cutoff_time"] == "15:00"
        for d in r["documents"]:
            assert d["required"] == (not d["condition"])
            assert "(nếu" not in d["name"], d["name"]
    assert by_code["2.000200"]["personal_presence"] and by_code["2.000884"]["personal_presence"]
    assert by_code["2.000815"]["cutoff_time"] == "15:00"
    assert by_code["1.004222"]["channels"]["online"]["fee_vnd"] == 10000
    levels = {r["level"] for r in shipped_records()}
    assert levels <= {"trung ương", "tỉnh", "xã"}
