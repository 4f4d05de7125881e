"""Pure text matching for catalogue search: tokens, spelling variants, typos, joined words, acronyms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from core.text import fold

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
_NON_WORD = re.compile(r"[^a-z0-9]+")
#: Filler words citizens add around a procedure name ("làm", "xin", "cho", "ở đâu", "thủ tục").
FILLERS = frozenset({"lam", "xin", "muon", "toi", "cho", "o", "dau", "nhu", "nao", "gi", "va", "cua", "de",
                     "ve", "cac", "nhung", "thu", "tuc", "phai", "nhieu",
                     # sentence words of questions typed whole: "mất cccd thì làm sao", "cần giấy tờ gì", ...
                     # (not words that are also content once folded: thẻ/thế, bản sao, báo/bảo, hết hạn, bị mất)
                     "can", "khong", "co", "duoc", "thi", "la", "em", "anh", "minh", "oi", "giup", "viec", "lau",
                     "nay", "roi", "ai", "ah", "nhe", "vay"})
FILLER_WEIGHT = 0.3
#: Phrases that only frame a question ("cần giấy tờ gì", "bao lâu", "gửi qua bưu điện được không"); their
#: words weigh like fillers where they appear together, and keep their weight elsewhere (bản sao, báo tử).
_FILLER_PHRASES = ("giấy tờ gì", "cần giấy tờ", "hồ sơ gì", "cần hồ sơ", "hồ sơ", "bưu điện", "bao nhiêu", "bao lâu",
                   "thế nào", "làm sao", "ở đâu", "có thể", "được không", "những gì", "muốn hỏi", "gửi qua",
                   "qua bưu", "mất bao", "mấy ngày", "hết bao")
_NUMBER_WORDS = {"mot": "1"}  # "BHXH 1 lần" = "một lần"
NUMBER_WEIGHT = 0.3  # "cccd hết hạn 25 tuổi", "cho con 14 tuổi": a number rarely names the procedure
#: Abbreviations people type at the counter (folded, i→y unified), with what they stand for. Used when the
#: abbreviation is not itself a catalogue word, or next to other words (``đăng ký HKD``) so the words around
#: it can meet the full name.
_ABBREVIATIONS = {
    "dk": "đăng ký", "đk": "đăng ký", "dky": "đăng ký", "hk": "hộ khẩu", "shk": "sổ hộ khẩu",
    "hkd": "hộ kinh doanh", "gcn": "giấy chứng nhận", "qsdd": "quyền sử dụng đất",
    "gcnqsdd": "giấy chứng nhận quyền sử dụng đất", "tthn": "tình trạng hôn nhân", "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội", "cccd": "căn cước", "cmnd": "chứng minh", "cmt": "chứng minh",
    "gplx": "giấy phép lái xe", "lltp": "lý lịch tư pháp", "gpxd": "giấy phép xây dựng",
    "gpkd": "giấy phép kinh doanh", "ks": "khai sinh", "gks": "giấy khai sinh", "hc": "hộ chiếu",
    "dkkh": "đăng ký kết hôn", "dkkd": "đăng ký kinh doanh",
}
ABBREVIATIONS: dict[str, tuple[str, ...]] = {}  # filled below, once tokens() exists
_TONE_KEYS = "sfrxj"
_VOWELS = set("aeiouy")


def variant(token: str) -> str:
    """Unify spelling variants in a folded token: ``y`` → ``i`` (kí/ký, lí/lý), telex ``dd`` → ``d``.

    >>> variant("ky"), variant("ddang")
    ('ki', 'dang')
    """
    if token.startswith("dd"):
        token = token[1:]
    token = token.replace("y", "i")
    return _NUMBER_WORDS.get(token, token)


def telex(token: str) -> list[str]:
    """Readings of a word typed with Telex but without the input method (``hooj`` → ho, ``chieeus`` → chieu).

    Removes a tone key (s f r x j) that follows a vowel, the ``w`` of ă/ơ/ư and the doubled vowel of â/ê/ô.
    Only worth trying on words that are not catalogue words: the caller checks the readings.

    >>> telex("chieeus"), telex("lamf"), telex("cawn")
    (['chieu', 'chieus'], ['lam'], ['can'])
    """
    found: list[str] = []
    for k in range(1, len(token)):
        if token[k] in _TONE_KEYS and (token[k - 1] in _VOWELS or k == len(token) - 1):
            found.append(token[:k] + token[k + 1:])
    found.append(token)
    out: list[str] = []
    for t in found:
        t = re.sub(r"([aou])w", r"\1", t).replace("w", "u")
        t = re.sub(r"(aa|ee|oo)", lambda g: g.group(1)[0], t)
        if t != token and t not in out and _VOWELS.intersection(t):
            out.append(t)
    return out


def tokens(text: str) -> list[str]:
    """Split text into folded, variant-unified tokens (diacritics, case and punctuation ignored).

    >>> tokens("Đăng ký Khai-sinh (bản sao)")
    ['dang', 'ki', 'khai', 'sinh', 'ban', 'sao']
    """
    out: list[str] = []
    for word in text.split():
        out.extend(_word_tokens(word))
    return out


@lru_cache(maxsize=65536)
def _word_tokens(word: str) -> tuple[str, ...]:
    """Tokens of one whitespace-separated word (cached: a catalogue repeats a few thousand words)."""
    return tuple(variant(t) for t in _NON_WORD.split(fold(word)) if t)


#: Fillers that are also content words once folded (cần/căn, thì/thi): full weight where they start a pair
#: of words the catalogue uses ("căn cước", "thi bằng lái").
AMBIGUOUS_FILLERS = frozenset({"can", "thi"})
#: Countries and nationalities: "lấy chồng Mỹ", "vợ người Hàn Quốc" mean "người nước ngoài". Two-word names
#: always; one-word names only after người/nước/chồng/vợ (alone "Nhật", "Pháp", "Đức" are too ambiguous).
_COUNTRIES_2 = ("hàn quốc", "trung quốc", "đài loan", "nhật bản", "thái lan", "hoa kỳ", "việt kiều", "nước ngoài",
                "ấn độ", "hồng kông", "ma cao", "triều tiên", "hà lan", "thụy điển", "na uy", "đan mạch")
_COUNTRIES_1 = ("mỹ", "nhật", "hàn", "pháp", "đức", "úc", "nga", "lào", "campuchia", "singapore", "malaysia",
                "indonesia", "philippines", "canada", "anh", "ý", "tây", "tàu", "ba lan", "séc")
_COUNTRY_CONTEXT = ("người", "nước", "chồng", "vợ")
COUNTRIES_2 = frozenset(tuple(tokens(c)) for c in _COUNTRIES_2)
COUNTRIES_1 = frozenset(tokens(c)[0] for c in _COUNTRIES_1 if len(tokens(c)) == 1)
COUNTRY_CONTEXT = frozenset(tokens(c)[0] for c in _COUNTRY_CONTEXT)
FOREIGN = tuple(tokens("nước ngoài"))


def foreign_spans(toks: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` spans of ``toks`` that name a country or nationality (see ``COUNTRIES_2``)."""
    spans: list[tuple[int, int]] = []
    for k in range(len(toks)):
        if tuple(toks[k:k + 2]) in COUNTRIES_2 and tuple(toks[k:k + 2]) != FOREIGN:
            spans.append((k, k + 2))
        elif toks[k] in COUNTRIES_1 and k > 0 and toks[k - 1] in COUNTRY_CONTEXT:
            spans.append((k, k + 1))
    return spans


FILLER_PHRASES: tuple[tuple[str, ...], ...] = tuple(tuple(tokens(p)) for p in _FILLER_PHRASES)
ABBREVIATIONS.update({tokens(k)[0]: tuple(tokens(v)) for k, v in _ABBREVIATIONS.items()})


def acronym(toks: list[str]) -> str | None:
    """Return the initials of a 2–6 token phrase (``giay phep lai xe`` → ``gplx``), else None."""
    if not 2 <= len(toks) <= 6 or any(t.isdigit() for t in toks):
        return None
    return "".join(t[0] for t in toks)


def osa_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours), capped at ``limit+1``.

    >>> osa_distance("kahi", "khai"), osa_distance("sinh", "sihn"), osa_distance("abc", "xyz", 1)
    (1, 1, 2)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def within_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one edit (insert, delete, substitute, neighbour swap).

    Linear-time equivalent of ``osa_distance(a, b, 1) <= 1``.

    >>> within_one("kahi", "khai"), within_one("sinh", "sin"), within_one("dat", "dau"), within_one("ab", "ba c")
    (True, True, True, False)
    """
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True  # one substitution
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    return a[i + 1:] == b[i:] if la > lb else a[i:] == b[i + 1:]


def deletes(token: str) -> set[str]:
    """Return ``token`` and every string made by deleting one character (symmetric-delete typo index)."""
    return {token} | {token[:i] + token[i + 1:] for i in range(len(token))}


def segment(token: str, known: Callable[[str], bool], max_parts: int = 4) -> list[str] | None:
    """Split a run-together word into known tokens (``khaisinh`` → ``khai sinh``), fewest parts first.

    Args:
        token: A token not found as such.
        known: Predicate telling whether a piece is a known token.
        max_parts: Give up beyond this many pieces.

    Returns:
        The pieces (at least two, each of 2+ characters), or None.
    """
    best: dict[int, list[str] | None] = {len(token): []}

    def solve(start: int) -> list[str] | None:
        if start in best:
            return best[start]
        found: list[str] | None = None
        for end in range(len(token), start + 1, -1):
            piece = token[start:end]
            if len(piece) >= 2 and known(piece):
                rest = solve(end)
                if rest is not None and (found is None or 1 + len(rest) < len(found)):
                    found = [piece, *rest]
        best[start] = found if found is None or len(found) <= max_parts else None
        return best[start]

    parts = solve(0) if len(token) >= 4 else None
    return parts if parts and len(parts) >= 2 else None


def splits(token: str, known: Callable[[str], bool]) -> list[list[str]]:
    """Return every split of ``token`` into two known pieces of 2+ characters (``hochieu`` → ho+chieu, ...)."""
    return [[token[:k], token[k:]] for k in range(2, len(token) - 1) if known(token[:k]) and known(token[k:])]


def clean_query(query: object) -> tuple[list[str], bool]:
    """Turn any input into query tokens and whether the last one is still being typed.

    Never raises: non-text becomes empty; markup, control characters and very long input are tamed.

    Returns:
        ``(tokens, typing)``: ``typing`` is True when the text does not end with a space, so the last
        token may be a partial word.
    """
    if not isinstance(query, str):
        return [], False
    text = query[:MAX_QUERY_CHARS]
    toks = tokens(text)[:MAX_QUERY_TOKENS]
    typing = bool(text) and not text[-1].isspace()
    return toks, typing


def token_weight(token: str) -> float:
    """Weight of a query token in coverage: filler words count for little."""
    return FILLER_WEIGHT if token in FILLERS else NUMBER_WEIGHT if token.isdigit() else 1.0


def filler_spans(toks: list[str]) -> set[int]:
    """Positions of ``toks`` inside a question-framing phrase (see ``FILLER_PHRASES``)."""
    found: set[int] = set()
    for phrase in FILLER_PHRASES:
        n = len(phrase)
        for k in range(len(toks) - n + 1):
            if tuple(toks[k:k + n]) == phrase:
                found.update(range(k, k + n))
    return found


def unique(items: Iterable[str]) -> list[str]:
    """Return items without duplicates, keeping the first occurrence's order."""
    return list(dict.fromkeys(items))
