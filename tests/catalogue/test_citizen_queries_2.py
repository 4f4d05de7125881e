"""Round 3 of unseen citizen queries (data/citizen_queries_2.json) and the confidence rule it shaped.

The set was written without reading the alias lists and committed before any change. Its "tune" half guided
the fixes; the "held" half was only measured. Floors are the measured levels (see data/README.md), so a change
that lowers them loses real queries. ``python -m tests.catalogue.unseen_eval -v --round3 --half=tune`` lists misses.
"""

from __future__ import annotations

import doctest
from dataclasses import replace

import pytest

from db.catalogue import distinct
from db.catalogue.search import CatalogueSearch
from db.catalogue.seed import shipped_records
from tests.catalogue.conftest import shipped_entries
from tests.catalogue.unseen_eval import ROUND_3, ROUND_4, Report, evaluate, load_queries


@pytest.fixture(scope="module")
def halves(shipped_search: CatalogueSearch) -> dict[str, Report]:
    return {half: evaluate(shipped_search, ROUND_3, half) for half in ("tune", "held")}


def _answered(report: Report) -> list[str]:
    none = {q for q, _s in report.none_scores}
    return [q for q in report.confident_wrong if q in none]


def test_the_set_is_big_varied_and_labelled_with_real_codes() -> None:
    queries = load_queries(ROUND_3)
    codes = {r["code"] for r in shipped_records()}
    assert len(queries) >= 300 and sum(not q["expected"] for q in queries) >= 50
    assert len({q["query"] for q in queries}) == len(queries)
    assert all(set(q["expected"]) <= codes for q in queries)
    assert {q["half"] for q in queries} == {"tune", "held"}
    assert abs(sum(q["half"] == "tune" for q in queries) * 2 - len(queries)) <= 1


def test_tuned_half(halves: dict[str, Report]) -> None:
    # before the changes: top-1 98.5%, top-3 99.2%, 9 of 30 out-of-catalogue queries answered confidently
    tune = halves["tune"]
    assert tune.top1 / tune.total >= 0.98, tune.misses
    assert tune.top3 / tune.total >= 0.99, tune.misses
    assert len(_answered(tune)) <= 1, _answered(tune)


def test_held_out_half(halves: dict[str, Report]) -> None:
    # measured, not tuned on: top-1 92.4% → 93.9%, top-3 97.7% → 98.5%, 0 of 30 answered confidently (was 9);
    # the verb rule (db/catalogue/verbs.py) then took it to 98.5% / 99.2%, its aliases to 99.2% (partly tuned)
    held = halves["held"]
    assert held.top1 / held.total >= 0.98, held.misses
    assert held.top3 / held.total >= 0.98, held.misses
    assert len(_answered(held)) <= 1
    assert len(held.none_scores) >= 25


def test_out_of_catalogue_requests_are_rarely_answered(halves: dict[str, Report]) -> None:
    none_total = sum(len(r.none_scores) for r in halves.values())
    answered = sum(len(_answered(r)) for r in halves.values())
    assert none_total >= 50
    assert 1 - answered / none_total >= 0.95  # measured 60 of 60; 42 of 60 before


def test_right_answers_stay_confident(halves: dict[str, Report]) -> None:
    # the kiosk shows a confident top hit as the answer; suggestions for a right hit cost a tap, not a wrong desk
    right = sum(r.confident_right for r in halves.values())
    total = sum(r.total for r in halves.values())
    assert right / total >= 0.96  # measured 249 of 262; 255 after the verb rule


@pytest.mark.parametrize("query", ["đăng ký xe ô tô", "sổ đỏ bị mất", "xin việc", "đóng tiền điện",
                                   "dang ky nhan con nuoi", "lam lai so hong bi mat", "mat the atm",
                                   "cong chung hop dong mua ban nha", "xin giay xac nhan cu tru"])
def test_near_misses_are_only_suggestions(shipped_search: CatalogueSearch, query: str) -> None:
    hits = shipped_search.search(query)
    assert not any(h.confident for h in hits), [(h.code, round(h.score, 3)) for h in hits[:3]]


@pytest.mark.parametrize(("query", "code"), [
    # a child's passport is the same procedure (the parent files it); a child's căn cước under 14 is not
    ("làm hộ chiếu cho con", "1.001456"), ("khai tu cho ong noi", "1.000656"),
    ("ong toi moi mat lam giay chung tu", "1.000656"),  # "mất" after "mới" means died, not lost
    ("xac nhan doc than de vay ngan hang", "1.004873"),  # a purpose clause does not count
    ("cai dat vn eid", "1.011411"), ("lam giay chu quyen nha", "DP.DD.002"), ("dang ky xe honda", "1.010914"),
    ("cap lai HC bi mat", "1.010386"),
])
def test_confident_answers(shipped_search: CatalogueSearch, query: str, code: str) -> None:
    hit = shipped_search.search(query, limit=1)[0]
    assert (hit.code, hit.confident) == (code, True)


def test_a_procedure_that_mentions_the_term_is_the_answer() -> None:
    # the terms never hide a procedure: once a province adds car registration, "ô tô" finds it confidently
    entries = shipped_entries()
    car = replace(entries[0], procedure_id=999, code="DP.XE.001", name="Đăng ký xe ô tô", field="Phương tiện",
                  aliases=("đăng ký ô tô",), national_code=None, popularity=0)
    search = CatalogueSearch.from_entries([*entries, car])
    hit = search.search("dang ky xe o to", limit=1)[0]
    assert (hit.code, hit.confident) == ("DP.XE.001", True)


def test_distinct_terms() -> None:
    assert distinct.distinct_terms(["so", "do", "bi", "mat"]) == [("mat",)]
    assert distinct.distinct_terms(["mat", "bao", "lau"]) == []  # "mất bao lâu": takes, not lost
    assert distinct.distinct_terms(["ngan", "hang", "doi", "giai"]) == []  # the bank is the one asking
    assert distinct.lacks(" dang ki xe mo to ", [("o", "to")]) == 1
    assert distinct.lacks(" dang ki xe o to ", [("o", "to")]) == 0
    assert doctest.testmod(distinct).failed == 0


def test_round_4(shipped_search: CatalogueSearch) -> None:
    # written after the round-3 fixes; measured once: top-1 96.7%, top-3 100%, 1 of 32 answered confidently
    report = evaluate(shipped_search, ROUND_4)
    assert report.total >= 55 and len(report.none_scores) >= 30
    assert report.top1 / report.total >= 0.96, report.misses
    assert report.top3 / report.total >= 0.98, report.misses
    assert len(_answered(report)) <= 2, _answered(report)


@pytest.mark.parametrize(("query", "confident"), [
    ("lam can cuoc cho con 10 tuoi", False), ("cccd cho tre duoi 14 tuoi", False),  # under 14: another procedure
    ("lam can cuoc cho con 14 tuoi", True), ("the bhyt cho tre duoi 6 tuoi", True),
])
def test_ages_the_procedure_name_excludes(shipped_search: CatalogueSearch, query: str, confident: bool) -> None:
    assert shipped_search.search(query, limit=1)[0].confident is confident
