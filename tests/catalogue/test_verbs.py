"""The query's verb decides among procedures on one paper (cắt/rút vs đăng ký, cấp lại vs cấp, sửa vs thành lập)."""

from __future__ import annotations

import doctest
from dataclasses import replace

import pytest

from db.catalogue import matching as m
from db.catalogue import verbs
from db.catalogue.search import CatalogueSearch
from tests.catalogue.conftest import shipped_entries

#: Colloquial names added with the verb rule; the rule must rank right without them too.
NEW_ALIASES = {"rút hộ khẩu", "rút khẩu", "hủy hộ khẩu", "đánh rơi căn cước", "thất lạc căn cước", "đánh rơi CCCD",
               "thất lạc CCCD", "đánh mất căn cước", "kéo dài tạm trú", "kéo dài thời hạn tạm trú",
               "gia hạn thời hạn tạm trú", "khai sinh ghi sai", "giấy khai sinh ghi sai", "giấy khai sinh bị sai",
               "sửa sai quê quán", "sửa giấy phép kinh doanh hộ cá thể", "điều chỉnh giấy phép kinh doanh"}


@pytest.mark.parametrize(("query", "code"), [
    ("cắt hộ khẩu để chuyển đi", "1.003197"), ("rut ho khau", "1.003197"), ("rút hộ khẩu cho con", "1.003197"),
    ("đánh rơi căn cước", "2.001194"), ("thất lạc cccd", "2.001194"),
    ("sửa giấy phép kinh doanh hộ cá thể", "DP.HKD.001"), ("điều chỉnh giấy phép kinh doanh", "DP.HKD.001"),
    ("kéo dài tạm trú", "1.002755"), ("kéo dài thời gian tạm trú", "1.002755"),
    ("giấy khai sinh ghi sai quê quán", "DP.HT.001"),
    # the creating procedure is still the answer when the query asks to create
    ("đăng ký thường trú", "1.004222"), ("làm căn cước", "2.000200"), ("mở hộ kinh doanh", "1.001612"),
    ("đăng ký tạm trú", "1.004194"), ("làm giấy khai sinh", "1.001193"),
    # "đòi" folds like "đổi": the bank asking is no change of the paper
    ("ngan hang doi giay xac nhan cmnd cu va cccd", "2.001178"),
])
def test_the_verb_decides(shipped_search: CatalogueSearch, query: str, code: str) -> None:
    hits = shipped_search.search(query, limit=3)
    assert (hits[0].code, hits[0].confident) == (code, True), [(h.code, round(h.score, 3)) for h in hits]


def test_the_verb_only_decides_on_the_same_paper(shipped_search: CatalogueSearch) -> None:
    # "Cấp lại giấy phép lái xe" shares the verb and "giấy phép", not the paper: the household business stays
    hits = shipped_search.search("cap lai giay phep kinh doanh", limit=3)
    assert hits[0].code == "1.001612" and "3.000348" not in [h.code for h in hits[:1]]
    # "giấy tờ nhà" is the land certificate: its renewal beats first registration
    assert shipped_search.search("giay to nha bi hu cap doi", limit=1)[0].code == "DP.DD.003"


@pytest.fixture(scope="module")
def without_new_aliases() -> CatalogueSearch:
    entries = [replace(e, aliases=tuple(a for a in e.aliases if a not in NEW_ALIASES)) for e in shipped_entries()]
    return CatalogueSearch.from_entries(entries)


@pytest.mark.parametrize(("query", "code", "over"), [
    # a whole colloquial name with the query's verb ("cắt hộ khẩu") beats loose shared words ("chuyển … hộ khẩu")
    ("cắt hộ khẩu để chuyển đi", "1.003197", "1.004222"),
    # the query's verb contradicts "thành lập" though "giấy phép kinh doanh hộ cá thể" is a name of it
    ("sửa giấy phép kinh doanh hộ cá thể", "DP.HKD.001", "1.001612"),
    ("kéo dài tạm trú", "1.002755", "1.004194"), ("đánh rơi căn cước", "2.001194", "2.000200"),
    ("giấy khai sinh ghi sai quê quán", "DP.HT.001", "1.001193"), ("xóa hộ khẩu để chuyển đi", "1.003197", "1.004222"),
])
def test_the_rule_ranks_without_the_new_aliases(without_new_aliases: CatalogueSearch, query: str, code: str,
                                                over: str) -> None:
    ranked = [h.code for h in without_new_aliases.search(query, limit=5)]
    assert ranked[0] == code and over in ranked[1:], ranked


def test_verb_classes() -> None:
    assert verbs.verb_classes(m.tokens("ngân hàng đòi giấy")) == frozenset()
    assert verbs.verb_classes(m.tokens("đổi tên cho con")) == {"change"}
    assert verbs.verb_classes(m.tokens("làm căn cước để đổi sổ")) == frozenset()  # a purpose does not count
    assert verbs.name_classes(tuple(m.tokens("Cấp lại thẻ căn cước"))) == {"again"}
    assert verbs.name_classes(tuple(m.tokens("Cấp thẻ căn cước"))) == {"create"}
    # a colloquial name with the query's verb settles it ("cắt khẩu" for Xóa đăng ký thường trú)
    remove = frozenset({"remove"})
    register = verbs.verbs_of(tuple(m.tokens("Đăng ký thường trú")), [tuple(m.tokens("nhập khẩu"))])
    assert verbs.contradicts(remove, register)
    assert not verbs.contradicts(remove, replace(register, uses=frozenset({"remove"})))
    assert not verbs.contradicts(remove, verbs.verbs_of(tuple(m.tokens("Tách hộ")), []))  # a name without a verb
    removal = verbs.verbs_of(tuple(m.tokens("Xóa đăng ký thường trú")), [tuple(m.tokens("cắt hộ khẩu"))])
    assert verbs.whole_phrase(" cat ho khau de chuyen di ", remove, removal)
    assert not verbs.whole_phrase(" cat ho khau de chuyen di ", frozenset(), removal)
    assert verbs.paper_words(m.tokens("rút hộ khẩu để chuyển đi"), [1.0] * 7) == {"ho": 1.0, "khau": 1.0}
    assert doctest.testmod(verbs).failed == 0
