"""What a query asks done to a paper (cắt, cấp lại, sửa, gia hạn) and whole colloquial names inside a query."""

from __future__ import annotations

from db.catalogue import matching as m

#: Score factor for a hit whose name does something else than the query's verb asks ("cắt hộ khẩu" against
#: "Đăng ký thường trú", "sửa giấy phép kinh doanh" against "Đăng ký thành lập hộ kinh doanh"): the paper is
#: the same, the procedure is not. Milder than ``distinct.DISTINCT_PENALTY``: the hit stays a suggestion.
VERB_PENALTY = 0.8
#: Lift for a hit one of whose names or colloquial names (two words or more) stands whole and in order in the
#: query and holds one of the query's verbs ("cắt hộ khẩu" in "cắt hộ khẩu để chuyển đi"), times the share of
#: the query that name leaves uncovered: hits that only share loose words ("chuyển … hộ khẩu") fall behind it,
#: an exact colloquial name is not lifted past 1. Names without such a verb are not lifted: "đăng ký kết hôn"
#: inside "chồng tôi là người Mỹ muốn đăng ký kết hôn" must not beat the foreign-marriage procedure.
PHRASE_BONUS = 0.1

#: Verbs that set procedures on the same paper apart, by what they do. A query verb of a class counts against
#: a procedure whose name has a verb of another class and whose names never use a verb of the query's class.
#: "Creating" verbs (đăng ký, cấp, làm, mở) are not listed for queries: people say them for every procedure.
_CLASSES = {
    "remove": ("cắt", "rút", "xóa", "hủy", "chấm dứt"),
    "again": ("cấp lại", "làm lại", "đăng ký lại", "đánh rơi", "thất lạc", "đánh mất", "khôi phục"),
    "change": ("sửa", "thay đổi", "cải chính", "điều chỉnh", "cấp đổi", "đổi", "ghi sai", "bị sai", "sai thông tin"),
    "extend": ("gia hạn", "kéo dài"),
}
#: Verbs a procedure's name starts with when it creates the paper (only read from names).
_CREATE = ("đăng ký", "cấp", "thành lập")
CLASSES: dict[str, tuple[tuple[str, ...], ...]] = {c: tuple(tuple(m.tokens(v)) for v in vs)
                                                    for c, vs in _CLASSES.items()}
CREATE: tuple[tuple[str, ...], ...] = tuple(tuple(m.tokens(v)) for v in _CREATE)
_PURPOSE = tuple(m.tokens("để"))[0]
#: "đổi" and "đòi" (demand) fold alike: after one who asks ("ngân hàng đòi giấy xác nhận") it is not a verb
#: of the query's request.
_DOI = tuple(m.tokens("đổi"))
_ASKERS = frozenset(m.tokens("ngân hàng công ty trường cơ quan chủ người ta bên"))


def _has(toks: tuple[str, ...] | list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(toks[k:k + n]) == phrase for k in range(len(toks) - n + 1))


def verb_classes(toks: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The verb classes (``_CLASSES``) that words before any purpose ("để …") use.

    >>> sorted(verb_classes(m.tokens("cắt hộ khẩu để chuyển đi"))), sorted(verb_classes(m.tokens("làm căn cước")))
    (['remove'], [])
    """
    toks = list(toks)
    end = toks.index(_PURPOSE) if _PURPOSE in toks else len(toks)
    toks = [t for k, t in enumerate(toks[:end]) if not ((t,) == _DOI and k > 0 and toks[k - 1] in _ASKERS)]
    return frozenset(c for c, phrases in CLASSES.items() if any(_has(toks, p) for p in phrases))


def name_classes(name_toks: tuple[str, ...]) -> frozenset[str]:
    """What a procedure's name does: its verb classes, else "create" when it starts with a creating verb.

    >>> sorted(name_classes(tuple(m.tokens("Xóa đăng ký thường trú")))), name_classes(tuple(m.tokens("Tách hộ")))
    (['remove'], frozenset())
    >>> sorted(name_classes(tuple(m.tokens("Đăng ký thành lập hộ kinh doanh"))))
    ['create']
    """
    found = verb_classes(name_toks)
    if found:
        return found
    return frozenset({"create"}) if any(name_toks[:len(v)] == v for v in CREATE) else frozenset()


def contradicts(asked: frozenset[str], name: frozenset[str], own_text: str) -> bool:
    """True when the query's verbs ask another thing than the procedure's name does.

    Args:
        asked: ``verb_classes`` of the query.
        name: ``name_classes`` of the procedure (empty: its name has no verb, never contradicted).
        own_text: The procedure's folded name and colloquial names, `` name | alias | … ``: a colloquial name
            using one of the query's verbs ("cắt khẩu" for "Xóa đăng ký thường trú") settles it.
    """
    if not asked or not name or asked & name:
        return False
    toks = own_text.split()
    return not any(_has(toks, p) for c in asked for p in CLASSES[c])


def whole_phrase(query: str, asked: frozenset[str], texts_toks: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest of ``texts_toks`` that stands whole and in order in ``query`` and uses a verb it asks.

    Args:
        query: The query's tokens joined by spaces and space-padded (`` cat ho khau de chuyen di ``).
        asked: ``verb_classes`` of the query (nothing is found without one).
        texts_toks: The tokens of a procedure's name and colloquial names; only those of two content words or
            more count.
    """
    best: tuple[str, ...] | None = None
    if not asked:
        return None
    for toks in texts_toks:
        if (best is None or len(toks) > len(best)) and sum(t not in m.FILLERS for t in toks) >= 2 \
                and f" {' '.join(toks)} " in query and verb_classes(toks) & asked:
            best = toks
    return best
