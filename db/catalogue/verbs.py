"""What a query asks done to a paper (cắt, cấp lại, sửa, gia hạn) and whole colloquial names inside a query."""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.catalogue import matching as m

#: Score factor for a hit whose name does something else than the query's verb asks ("cắt hộ khẩu" against
#: "Đăng ký thường trú", "sửa giấy phép kinh doanh" against "Đăng ký thành lập hộ kinh doanh"): the paper is
#: the same, the procedure is not. Milder than ``distinct.DISTINCT_PENALTY``: the hit stays a suggestion.
VERB_PENALTY = 0.8
#: Without a paper the query names (``distinct.OBJECTS``), a hit doing the asked thing is on the same paper as
#: a contradicted one when it covers this share of the query's words the contradicted one covers ("kéo dài tạm
#: trú": both have "tạm trú"; "giấy phép" of a driving licence is half of "giấy phép kinh doanh").
RIVAL_SHARE = 0.7
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
CLASSES: dict[str, tuple[str, ...]] = {c: tuple(f" {' '.join(m.tokens(v))} " for v in vs)
                                       for c, vs in _CLASSES.items()}  # padded: substring tests match whole words
CREATE: tuple[tuple[str, ...], ...] = tuple(tuple(m.tokens(v)) for v in _CREATE)
_PURPOSE = tuple(m.tokens("để"))[0]
#: "đổi" and "đòi" (demand) fold alike: after one who asks ("ngân hàng đòi giấy xác nhận") it is not a verb
#: of the query's request.
_DOI = tuple(m.tokens("đổi"))[0]
_ASKERS = frozenset(m.tokens("ngân hàng công ty trường cơ quan chủ người ta bên"))
_NONE: frozenset[str] = frozenset()
_ALL_VERBS = tuple(tuple(p.split()) for ps in CLASSES.values() for p in ps) + CREATE
_FIRST = frozenset(p.split()[0] for phrases in CLASSES.values() for p in phrases)  # quick reject
_CLASS_OF = {p.strip(): c for c, phrases in CLASSES.items() for p in phrases}
#: Every verb phrase as whole words, longest first (one pass over a text instead of one test per phrase).
_VERB_RE = re.compile(r"(?<= )(?:%s)(?= )" % "|".join(sorted(map(re.escape, _CLASS_OF), key=len, reverse=True)))


@dataclass(frozen=True)
class Verbs:
    """What one procedure does, read once when the index is built.

    Attributes:
        does: Verb classes of its name (``name_classes``; empty: the name has no verb).
        uses: Verb classes of its name and colloquial names together ("cắt khẩu" for Xóa đăng ký thường trú).
        phrases: Its names and colloquial names of two content words or more that use a verb, space-padded,
            with their verb classes.
    """

    does: frozenset[str] = _NONE
    uses: frozenset[str] = _NONE
    phrases: tuple[tuple[str, frozenset[str]], ...] = ()
    words: frozenset[str] = _NONE  # every word of its names and colloquial names

    def serves(self, asked: frozenset[str]) -> bool:
        """True when the procedure's name or a colloquial name uses one of the ``asked`` verb classes."""
        return bool(asked & (self.does | self.uses))


def verb_classes(toks: list[str] | tuple[str, ...], query: bool = True) -> frozenset[str]:
    """The verb classes (``_CLASSES``) that words use.

    Args:
        toks: Folded tokens.
        query: Read as a citizen's query: words after a purpose ("để …") and "đòi" after one who asks do not
            count.

    >>> sorted(verb_classes(m.tokens("cắt hộ khẩu để chuyển đi"))), sorted(verb_classes(m.tokens("làm căn cước")))
    (['remove'], [])
    """
    if _FIRST.isdisjoint(toks):
        return _NONE
    toks = list(toks)
    if query:
        end = toks.index(_PURPOSE) if _PURPOSE in toks else len(toks)
        toks = [t for k, t in enumerate(toks[:end]) if not (t == _DOI and k > 0 and toks[k - 1] in _ASKERS)]
    return frozenset(_CLASS_OF[v] for v in _VERB_RE.findall(f" {' '.join(toks)} "))


def name_classes(name_toks: tuple[str, ...]) -> frozenset[str]:
    """What a procedure's name does: its verb classes, else "create" when it starts with a creating verb.

    >>> sorted(name_classes(tuple(m.tokens("Xóa đăng ký thường trú")))), name_classes(tuple(m.tokens("Tách hộ")))
    (['remove'], frozenset())
    >>> sorted(name_classes(tuple(m.tokens("Đăng ký thành lập hộ kinh doanh"))))
    ['create']
    """
    found = verb_classes(name_toks, query=False)
    if found:
        return found
    return frozenset({"create"}) if any(name_toks[:len(v)] == v for v in CREATE) else _NONE


def verbs_of(name_toks: tuple[str, ...], texts_toks: list[tuple[str, ...]]) -> Verbs:
    """Read what a procedure does from its name and the tokens of its names and colloquial names."""
    phrases: list[tuple[str, frozenset[str]]] = []
    uses: set[str] = set()
    for toks in texts_toks:
        found = verb_classes(toks, query=False)
        uses |= found
        if found and sum(t not in m.FILLERS for t in toks) >= 2:
            phrases.append((f" {' '.join(toks)} ", found))
    return Verbs(name_classes(name_toks), frozenset(uses), tuple(phrases), frozenset(t for x in texts_toks for t in x))


def contradicts(asked: frozenset[str], verbs: Verbs) -> bool:
    """True when the query's verbs (``verb_classes``) ask another thing than the procedure's name does.

    A name without a verb is never contradicted; a colloquial name using one of the query's verbs ("cắt khẩu"
    for "Xóa đăng ký thường trú") settles it.
    """
    return bool(asked and verbs.does and not asked & verbs.does and not asked & verbs.uses)


def paper_words(toks: list[str], weights: list[float]) -> dict[str, float]:
    """The query's words that name the paper, with their weights: not its verbs, nor a purpose ("để …").

    >>> paper_words(m.tokens("cắt hộ khẩu để chuyển đi"), [1.0] * 6)
    {'ho': 1.0, 'khau': 1.0}
    """
    end = toks.index(_PURPOSE) if _PURPOSE in toks else len(toks)
    verb = [False] * end
    for phrase in _ALL_VERBS:
        n = len(phrase)
        for k in range(end - n + 1):
            if tuple(toks[k:k + n]) == phrase:
                verb[k:k + n] = [True] * n
    out: dict[str, float] = {}
    for k in range(end):
        if not verb[k]:
            out[toks[k]] = max(out.get(toks[k], 0.0), weights[k])
    return out


def demote(scored: dict[int, tuple[float, str]], contradicted: list[int], asked: frozenset[str],
           paper: dict[str, float], objects: list[tuple[str, ...]], own_text: list[str], verbs: list[Verbs]) -> None:
    """Lower the ``contradicted`` hits (``contradicts``) that a hit doing the asked thing rivals on the paper.

    The verb decides only between procedures on the same paper: "cấp lại giấy phép kinh doanh" must not leave
    the household-business procedure for "Cấp lại giấy phép lái xe", which shares the verb and "giấy phép" only.
    A rival mentions every paper of ``distinct.OBJECTS`` the query names that the contradicted hit mentions;
    when the query names none, it covers ``RIVAL_SHARE`` of the hit's share of the query's paper words.

    Args:
        scored: Procedure index → ``(score, shown)``; updated in place.
        contradicted: The scored procedures whose name's verb the query contradicts.
        asked: ``verb_classes`` of the query.
        paper: ``paper_words`` of the query.
        objects: ``distinct.named_objects`` of the query.
        own_text: Each procedure's folded `` name | alias | … ``.
        verbs: What each procedure does (by index).
    """
    def cover(i: int) -> float:
        return sum(w for word, w in paper.items() if word in verbs[i].words)

    def papers(i: int) -> set[int]:
        return {g for g, group in enumerate(objects) if any(f" {w} " in own_text[i] for w in group)}

    rivals = [j for j in scored if j not in contradicted and verbs[j].serves(asked)]
    for i in contradicted if rivals else ():
        if any(papers(i) <= papers(j) for j in rivals) if objects else \
                max(cover(j) for j in rivals) >= RIVAL_SHARE * cover(i):
            score, shown = scored[i]
            scored[i] = (score * VERB_PENALTY, shown)


def whole_phrase(query: str, asked: frozenset[str], verbs: Verbs) -> bool:
    """True when a name or colloquial name of the procedure that uses a verb the query asks stands whole in it.

    Args:
        query: The query's tokens joined by spaces and space-padded (`` cat ho khau de chuyen di ``).
        asked: ``verb_classes`` of the query (nothing is found without one).
        verbs: What the procedure does.
    """
    return bool(asked) and any(classes & asked and text in query for text, classes in verbs.phrases)
