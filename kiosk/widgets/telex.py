"""Telex composition for the on-screen keyboard: aa→â, dd→đ, w→ă/ơ/ư, s f r x j tones, z removes."""

from __future__ import annotations

import unicodedata

TONE_KEYS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TONE_MARKS = set(TONE_KEYS.values())
_HATS = {"a": "â", "e": "ê", "o": "ô"}
_HORNS = {"a": "ă", "o": "ơ", "u": "ư"}
_MARKED = set("ăâêôơư")
VOWELS = set("aăâeêioôơuưy")


def _split(ch: str) -> tuple[str, str]:
    """Split a letter into (base letter with hat/horn/breve, tone mark or "")."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    rest = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return rest, tone


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _restore_case(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


def _tone_position(word: list[str]) -> int | None:
    """Return the index of the vowel that carries the tone in ``word`` (letters without tones)."""
    low = [c.lower() for c in word]
    idx = [i for i, c in enumerate(low) if c in VOWELS]
    if not idx:
        return None
    # the last vowel cluster
    end = idx[-1]
    start = end
    while start - 1 >= 0 and low[start - 1] in VOWELS:
        start -= 1
    cluster = list(range(start, end + 1))
    # "qu" and "gi" + vowel: the u / i belongs to the consonant
    if len(cluster) > 1 and start > 0 and (
        (low[start] == "u" and low[start - 1] == "q") or (low[start] == "i" and low[start - 1] == "g")
    ):
        cluster = cluster[1:]
    marked = [i for i in cluster if low[i] in _MARKED]
    if marked:
        return marked[-1]  # ươ → ơ; otherwise the only marked vowel
    if len(cluster) == 1:
        return cluster[0]
    if end + 1 < len(low):  # a consonant follows: oan → oán, uyên handled by marked
        return cluster[-1]
    return cluster[-2] if len(cluster) == 3 else cluster[0]  # hòa, khỏe, thủy (traditional placement)


def compose(text: str, key: str) -> str:
    """Return ``text`` after typing ``key`` with Telex rules applied to the last word.

    Args:
        text: Current content (NFC).
        key: One typed character.

    >>> compose("vie", "e")
    'viê'
    >>> compose("vieet", "j")
    'việt'
    """
    if len(key) != 1 or not key.isalpha():
        return text + key
    k = key.lower()
    start = len(text)
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    head, word = text[:start], list(text[start:])
    if not word:
        return text + key
    bases = [_split(c) for c in word]
    last_base = bases[-1][0].lower()

    if k in _HATS and last_base == k:  # aa → â (keeping the tone)
        base, tone = bases[-1]
        word[-1] = _restore_case(_with_tone(_HATS[k], tone), word[-1])
        return head + "".join(word)
    if k == "d" and last_base == "d" and all(b[0].lower() == "d" for b in bases[-1:]):
        if len(word) == 1 or word[-2].lower() not in VOWELS:
            word[-1] = _restore_case("đ", word[-1])
            return head + "".join(word)
    if k == "w":
        lows = [b[0].lower() for b in bases]
        if len(lows) >= 2 and lows[-2:] in (["u", "o"], ["ư", "o"], ["u", "ơ"]):
            word[-2] = _restore_case(_with_tone("ư", bases[-2][1]), word[-2])
            word[-1] = _restore_case(_with_tone("ơ", bases[-1][1]), word[-1])
            return head + "".join(word)
        for i in range(len(lows) - 1, -1, -1):
            if lows[i] in _HORNS:
                word[i] = _restore_case(_with_tone(_HORNS[lows[i]], bases[i][1]), word[i])
                return head + "".join(word)
            if lows[i] in VOWELS:
                break
        return text + key
    if k in TONE_KEYS or k == "z":
        pos = _tone_position([b[0] for b in bases])
        if pos is None:
            return text + key
        base, tone = bases[pos]
        new_tone = "" if k == "z" else TONE_KEYS[k]
        if k != "z" and tone == new_tone:  # typing the same tone twice undoes it
            word[pos] = _restore_case(base, word[pos])
            return head + "".join(word) + key
        if k == "z" and not tone:
            return text + key
        word[pos] = _restore_case(_with_tone(base, new_tone), word[pos])
        return head + "".join(word)
    return text + key


def compose_all(keys: str, text: str = "") -> str:
    """Type every character of ``keys`` through :func:`compose` (for tests and pasted input)."""
    for key in keys:
        text = compose(text, key)
    return text
