"""In-memory search index over procedures: inverted token index, typo and prefix expansion, ranking."""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from db.catalogue import matching as m
from db.catalogue.distinct import (DISTINCT_PENALTY, age_outside, ages_asked, distinct_terms, lacks, named_objects,
                                   other_object)
from db.catalogue.hits import Entry, SearchHit, Text, score_text
from db.catalogue.verbs import (PHRASE_BONUS, VERB_PENALTY, Verbs, contradicts, demote, paper_words, verb_classes,
                                verbs_of, whole_phrase)

__all__ = ["CONFIDENT_SCORE", "Entry", "SearchHit", "SearchIndex"]

NAME, ALIAS, ACRONYM, FIELD = 1.0, 0.97, 0.9, 0.45
EXACT, PREFIX_TYPING, PREFIX_SHORT, PREFIX_WORD, TYPO, TYPO_SHORT = 1.0, 0.85, 0.6, 0.7, 0.72, 0.55
CANDIDATES = 24
POPULARITY_BONUS = 0.03
PAIR_BOOST = 1.5
MAX_EXPANSION = 400
MIN_SCORE = 0.4
SENTENCE_MIN_SCORE = 0.3  # a whole sentence spreads over many words: keep its best guesses as suggestions
SENTENCE_WORDS = 4.0  # content weight from which a query counts as a sentence
_CODE_PREFIX = re.compile(r"^\d\.\d{3,}")
UNION_BONUS = 0.35  # share of the query covered by other names/aliases of the same procedure
RELATIVE_CUTOFF = 0.45  # drop hits scoring under this share of the best hit (noise from one stray token)
#: Score from which a hit is taken as the answer (``SearchHit.confident``). Measured on the unseen-query set
#: (tests/catalogue/data/unseen_queries.json): in-catalogue queries score 0.45–1.0 (96% of correct top hits
#: ≥ 0.6); queries for procedures the catalogue lacks mostly score 0 or 0.4–0.6 ("xin visa", "tách thửa").
CONFIDENT_SCORE = 0.6
#: A query that contains a whole name or colloquial name (two words or more) plus other words ("khai tử cho ông
#: nội", "tách hộ khi lấy vợ") is confident from this score: the extra words only say who or why.
NAMED_SCORE = 0.5


@dataclass
class SearchIndex:
    """Immutable-after-build index; ``search`` is pure and thread-safe."""

    entries: list[Entry]
    texts: list[list[Text]] = field(default_factory=list)
    vocab: dict[str, int] = field(default_factory=dict)
    sorted_vocab: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    post_idx: list[np.ndarray] = field(default_factory=list)
    post_w: list[np.ndarray] = field(default_factory=list)
    typo: dict[str, list[int]] = field(default_factory=dict)
    codes: dict[str, list[int]] = field(default_factory=dict)
    folded_fields: np.ndarray | None = None
    popularity: np.ndarray | None = None
    by_popularity: list[int] | None = None
    pairs: dict[str, np.ndarray] = field(default_factory=dict)
    acronyms: list[dict[str, Text]] = field(default_factory=list)
    own_text: list[str] = field(default_factory=list)  # " name | alias | … " (folded) for phrase checks
    sorted_pairs: list[str] = field(default_factory=list)
    sorted_codes: list[str] = field(default_factory=list)
    verbs: list[Verbs] = field(default_factory=list)  # what each procedure does (cắt, cấp lại, sửa…)

    @classmethod
    def build(cls, entries: list[Entry]) -> SearchIndex:
        """Index ``entries`` (name, colloquial names, their initials, field and codes)."""
        index = cls(entries=list(entries))
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        pairs: dict[str, set[int]] = defaultdict(set)
        for i, e in enumerate(index.entries):
            texts = [Text(NAME, tuple(m.tokens(e.name)), e.name)]
            texts += [Text(ALIAS, tuple(m.tokens(a)), a) for a in e.aliases]
            acronyms = [Text(ACRONYM, (acr,), t.shown) for t in texts if (acr := m.acronym(list(t.toks)))]
            texts.append(Text(FIELD, tuple(m.tokens(e.field)), e.field))
            texts = [t for t in texts if t.toks]
            index.texts.append(texts)
            index.acronyms.append({t.toks[0]: t for t in reversed(acronyms)})
            index.verbs.append(verbs_of(texts[0].toks, [t.toks for t in texts if t.weight >= ALIAS]))
            index.own_text.append(f" {' | '.join(' '.join(t.toks) for t in texts if t.weight >= ALIAS)} ")
            for t in texts + acronyms:
                for tok in t.toks:
                    slot = postings[tok]
                    if slot.get(i, 0.0) < t.weight:
                        slot[i] = t.weight
                if t.weight >= ALIAS:
                    for a, b in zip(t.toks, t.toks[1:]):
                        pairs[f"{a} {b}"].add(i)
            for code in {e.code.lower(), (e.national_code or "").lower()} - {""}:
                index.codes.setdefault(code, []).append(i)
        for tok, slot in postings.items():
            index.vocab[tok] = len(index.post_idx)
            index.post_idx.append(np.fromiter(slot.keys(), dtype=np.int32, count=len(slot)))
            index.post_w.append(np.fromiter(slot.values(), dtype=np.float32, count=len(slot)))
        index.pairs = {k: np.fromiter(v, dtype=np.int32, count=len(v)) for k, v in pairs.items()}
        index.sorted_pairs = sorted(index.pairs)
        index.sorted_vocab = sorted(index.vocab)
        index.sorted_codes = sorted(index.codes)
        index.words = list(index.vocab)
        for tok, vid in index.vocab.items():
            if len(tok) >= 3:
                for d in m.deletes(tok):
                    index.typo.setdefault(d, []).append(vid)
        index.folded_fields = np.array([" ".join(m.tokens(e.field)) for e in index.entries], dtype=object)
        index.popularity = np.array([e.popularity for e in index.entries], dtype=np.float64)
        return index

    def __len__(self) -> int:
        return len(self.entries)

    # --- query side ------------------------------------------------------------------------------

    def expand(self, token: str, *, typing: bool) -> dict[int, float]:
        """Return vocabulary ids matching a query token with a quality in (0, 1]."""
        found: dict[int, float] = {}
        vid = self.vocab.get(token)
        if vid is not None:
            found[vid] = EXACT
        if (vid is not None or token in m.FILLERS) and not typing:
            return found  # a finished, known word: no guessing (keeps "han" from matching hanh/hang/ban…)
        if typing or len(token) >= 3:
            quality = PREFIX_WORD if not typing else (PREFIX_TYPING if len(token) >= 2 else PREFIX_SHORT)
            if typing and vid is not None:  # "cha" is a whole word already: "cháu" is the less likely reading
                quality = min(quality, PREFIX_SHORT)
            start = bisect.bisect_left(self.sorted_vocab, token)
            for word in self.sorted_vocab[start:start + MAX_EXPANSION]:
                if not word.startswith(token):
                    break
                found.setdefault(self.vocab[word], quality)
        if len(token) >= 3 and vid is None:
            for d in m.deletes(token):
                for vid in self.typo.get(d, ()):
                    if vid not in found:
                        word = self.words[vid]
                        if len(word) >= 3 and m.within_one(token, word):
                            found[vid] = TYPO if len(token) >= 4 else TYPO_SHORT
        return found

    def prepare(self, toks: list[str], typing: bool) -> list[str]:
        """Split run-together words into known tokens (``hochieu`` → ho chieu; while typing ``khaisi`` → khai si)."""
        return self.prepare_weighted(toks, typing)[0]

    def prepare_weighted(self, toks: list[str], typing: bool) -> tuple[list[str], list[float]]:
        """Rewrite query tokens into catalogue words, with the weight each carries in coverage.

        Run-together words are split (``hochieu`` → ho chieu; while typing ``khaisi`` → khai si), Telex typed
        without the input method is read back (``hooj chieeus`` → ho chieu), and abbreviations are spelled
        out (``dk`` → dang ki; ``HKD`` next to other words also adds ho kinh doanh, at a shared weight); a word
        typed in two pieces is joined first (``vn eid`` → vneid).
        """
        out: dict[str, float] = {}

        def add(tok: str, weight: float) -> None:
            out[tok] = max(out.get(tok, 0.0), weight)

        toks = self._join_split_words(toks)
        for k, tok in enumerate(toks):
            last_typing = typing and k == len(toks) - 1
            known = tok in self.vocab
            expansion = m.ABBREVIATIONS.get(tok)
            if expansion and not (known and len(toks) == 1):
                if known:
                    add(tok, m.token_weight(tok))
                for part in expansion:
                    add(part, 1.0 / len(expansion) if known else m.token_weight(part))
                continue
            if not known and not tok.isdigit():
                reading = next((t for t in m.telex(tok) if t in self.vocab or (last_typing and self._is_prefix(t))),
                               None)
                if reading:
                    add(reading, m.token_weight(reading))
                    continue
                found = [p for p in m.splits(tok, self.vocab.__contains__) if " ".join(p) in self.pairs]
                if not found and last_typing:  # "khaisi|": khai + the start of sinh
                    found = [p for p in m.splits(tok, self._is_prefix) if p[0] in self.vocab
                             and self._pair_prefix(f"{p[0]} {p[1]}")]
                parts = max(found, key=lambda p: len(self.pairs.get(" ".join(p), ()))) if found else \
                    m.segment(tok, self.vocab.__contains__)
                if parts:
                    for part in parts:
                        add(part, m.token_weight(part))
                    continue
            add(tok, m.token_weight(tok))
        words = list(out)
        for k in m.filler_spans(words):
            out[words[k]] = min(out[words[k]], m.FILLER_WEIGHT)
        for k, tok in enumerate(words[:-1]):
            if tok in m.AMBIGUOUS_FILLERS and f"{tok} {words[k + 1]}" in self.pairs and k not in m.filler_spans(words):
                out[tok] = 1.0
        for start, end in m.foreign_spans(words):  # "lấy chồng Mỹ": also "nước ngoài", at a shared weight
            for part in m.FOREIGN:
                if part not in out:
                    out[part] = 0.5
        return list(out), list(out.values())

    def _join_split_words(self, toks: list[str]) -> list[str]:
        """Join a word typed in two pieces when one piece is unknown (``vn eid`` → vneid, ``ca vet`` → cavet)."""
        out: list[str] = []
        for tok in toks:
            if out and (joined := out[-1] + tok) in self.vocab and not (out[-1] in self.vocab and tok in self.vocab):
                out[-1] = joined
            else:
                out.append(tok)
        return out

    def _is_prefix(self, piece: str) -> bool:
        i = bisect.bisect_left(self.sorted_vocab, piece)
        return i < len(self.sorted_vocab) and self.sorted_vocab[i].startswith(piece)

    def _pair_prefix(self, piece: str) -> bool:
        i = bisect.bisect_left(self.sorted_pairs, piece)
        return i < len(self.sorted_pairs) and self.sorted_pairs[i].startswith(piece)

    def search(self, query: object, limit: int = 20, field: str | None = None) -> list[SearchHit]:
        """Rank procedures for a citizen's query (see ``CatalogueSearch.search``)."""
        limit = max(0, min(int(limit) if isinstance(limit, int) else 20, 500))
        mask = self._field_mask(field)
        raw, typing = m.clean_query(query)
        if not raw or not self.entries or limit == 0:
            return [] if raw or not self.entries else self._popular(limit, mask)
        code_hits = self._code_hits(query, mask)
        toks, weights = self.prepare_weighted(raw, typing)
        last = len(toks) - 1
        matches = [self.expand(t, typing=typing and k == last) for k, t in enumerate(toks)]
        rough, selective = self._rough(matches, weights)
        self._boost_pairs(toks, weights, selective, typing)
        if mask is not None:
            rough[~mask] = 0.0
            selective[~mask] = 0.0
        if not rough.any() and not code_hits:
            return []
        terms = list(dict.fromkeys(distinct_terms(raw) + distinct_terms(toks)))
        scored = self._rank(rough, selective, matches, weights, limit, code_hits, terms, toks)
        pop = self.popularity
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1][0], -pop[kv[0]], self.entries[kv[0]].name))
        if ranked:
            floor = min(ranked[0][1][0], 1.0) * RELATIVE_CUTOFF
            ranked = [kv for kv in ranked if kv[1][0] >= floor]
        objects = named_objects(toks)
        hits: list[SearchHit] = []
        for i, (score, shown) in ranked[:limit]:
            # an unsure top hit makes the whole list suggestions
            sure = (not hits or hits[0].confident) and self._confident(i, score, shown, toks, terms, objects)
            hits.append(self._hit(i, score, shown, sure))
        return hits

    def _confident(self, i: int, score: float, shown: str, toks: list[str], terms: list[tuple[str, ...]],
                   objects: list[tuple[str, ...]]) -> bool:
        """Whether a hit is the answer (see ``SearchHit.confident``).

        From ``CONFIDENT_SCORE``; or from ``NAMED_SCORE`` when the query holds a whole name or colloquial name of
        two or more words and nothing the procedure lacks: "khai tử cho ông nội" is "khai tử" plus who it is for.
        """
        if score < NAMED_SCORE or other_object(objects, self.own_text[i]) or \
                age_outside(ages_asked(toks), self.texts[i][0].toks):
            return False
        if score >= CONFIDENT_SCORE:
            return True
        if terms and lacks(self.own_text[i], terms):
            return False
        words = m.tokens(shown)
        return sum(w not in m.FILLERS for w in words) >= 2 and set(words).issubset(toks)

    def _rough(self, matches: list[dict[int, float]], weights: list[float]) -> tuple[np.ndarray, np.ndarray]:
        """Phase 1: per procedure, sum over query tokens of the best (text weight × match quality).

        Returns:
            ``(rough, selective)``: the plain sum (an upper bound used for pruning) and the same sum
            weighted by how rare each query token's matches are (used to pick candidates, so "giấy" or
            "cấp" do not crowd out "lái xe").
        """
        n = len(self.entries)
        rough, selective = np.zeros(n), np.zeros(n)
        for found, weight in zip(matches, weights):
            if not found:
                continue
            best = np.zeros(n)
            spread = 0
            for vid, quality in found.items():
                idx = self.post_idx[vid]  # unique per token, so fancy assignment is safe
                best[idx] = np.maximum(best[idx], self.post_w[vid] * quality)
                spread += len(idx)
            rough += best * weight
            selective += best * (weight * (1.0 + math.log(n / min(max(spread, 1), n))))
        return rough, selective

    def _boost_pairs(self, toks: list[str], weights: list[float], selective: np.ndarray, typing: bool) -> None:
        """Favour procedures whose name or a colloquial name has the query's adjacent word pairs."""
        n = len(self.entries)
        for k in range(len(toks) - 1):
            key = f"{toks[k]} {toks[k + 1]}"
            if typing and k == len(toks) - 2:  # "ho chi|" while typing: every pair that starts so
                start = bisect.bisect_left(self.sorted_pairs, key)
                keys = [p for p in self.sorted_pairs[start:start + 50] if p.startswith(key)]
            else:
                keys = [key] if key in self.pairs else []
            for found in keys:
                idx = self.pairs[found]
                selective[idx] += PAIR_BOOST * min(weights[k], weights[k + 1]) * (1.0 + math.log(n / len(idx)))

    def _rank(self, rough: np.ndarray, selective: np.ndarray, matches: list[dict[int, float]],
              weights: list[float], limit: int, code_hits: list[int], terms: list[tuple[str, ...]],
              toks: list[str]) -> dict[int, tuple[float, str]]:
        """Phase 2: score the best candidates text by text, stopping when no candidate can get in.

        ``terms`` are the query's distinct terms (``distinct.TERMS``): a candidate lacking one scores less; the
        query's verbs (``toks``) lift or lower candidates (``verbs``).
        """
        query, asked, contradicted = f" {' '.join(toks)} ", verb_classes(toks), []
        count = min(max(CANDIDATES, limit + 8), int(np.count_nonzero(rough)))
        top = np.argpartition(-selective, count - 1)[:count] if count else np.array([], dtype=int)
        top = top[np.argsort(-rough[top], kind="stable")]
        inverse: dict[str, list[tuple[int, float]]] = {}
        for qi, found in enumerate(matches):
            for v, q in found.items():
                inverse.setdefault(self.words[v], []).append((qi, q))
        total = sum(weights)
        pop = self.popularity
        top_pop = math.log1p(float(pop.max())) if len(pop) and pop.max() > 0 else 1.0
        scored: dict[int, tuple[float, str]] = {i: (1.5, self.entries[i].code) for i in code_hits}
        kept: list[float] = []  # min-heap of the best `limit` scores so far
        for i in top.tolist():
            bound = 0.7 * rough[i] / total + 0.3 + POPULARITY_BONUS + (PHRASE_BONUS if asked else 0.0)
            if len(kept) >= limit and bound < kept[0]:
                break
            if i in scored:
                continue
            score, shown, own = 0.0, "", 0.0
            union: dict[int, float] = {}  # query token → best quality over all names and aliases
            for t in self.texts[i]:
                if t.weight < ALIAS and t.weight <= score:
                    continue  # the field text cannot beat a name or alias match
                value, covered = score_text(t, inverse, weights, total, union if t.weight >= ALIAS else None)
                if value > score:
                    score, shown, own = value, t.shown, covered
            for acr, t in self.acronyms[i].items():
                if acr in inverse:
                    value, covered = score_text(t, inverse, weights, total, union)
                    if value > score:
                        score, shown, own = value, t.shown, covered
            # a sentence can name two facets that sit in different colloquial names ("lấy chồng" + "Hàn Quốc")
            spread = sum(q * weights[qi] for qi, q in union.items()) / total - own
            if spread > 0:
                score += UNION_BONUS * spread
            if score >= (SENTENCE_MIN_SCORE if total >= SENTENCE_WORDS else MIN_SCORE):
                if terms and (missing := lacks(self.own_text[i], terms)):
                    score *= DISTINCT_PENALTY ** missing  # still a suggestion, no longer the answer
                if whole_phrase(query, asked, self.verbs[i]):
                    score += PHRASE_BONUS * max(0.0, 1.0 - own)
                if contradicts(asked, self.verbs[i]):
                    contradicted.append(i)
                score += POPULARITY_BONUS * math.log1p(pop[i]) / top_pop
                scored[i] = (score, shown)
                sure = score * VERB_PENALTY if contradicted[-1:] == [i] else score  # ``demote`` may lower it
                heapq.heappush(kept, sure) if len(kept) < limit else heapq.heappushpop(kept, sure)
        if contradicted:  # after all candidates: whether a rival on the same paper does the asked thing
            demote(scored, contradicted, asked, paper_words(toks, weights), named_objects(toks), self.own_text,
                   self.verbs)
        return scored

    def _hit(self, i: int, score: float, matched: str, confident: bool = True) -> SearchHit:
        e = self.entries[i]
        return SearchHit(e.code, e.name, e.field, float(score), e.procedure_id, matched, confident)

    def _popular(self, limit: int, mask: np.ndarray | None) -> list[SearchHit]:
        if self.by_popularity is None:
            self.by_popularity = sorted(range(len(self.entries)),
                                        key=lambda i: (-self.popularity[i], self.entries[i].name))
        hits: list[SearchHit] = []
        for i in self.by_popularity:
            if len(hits) >= limit:
                break
            if mask is None or mask[i]:
                hits.append(self._hit(i, 0.0, ""))
        return hits

    def _field_mask(self, field: str | None) -> np.ndarray | None:
        if not field or not isinstance(field, str):
            return None
        return self.folded_fields == " ".join(m.tokens(field))

    def _code_hits(self, query: object, mask: np.ndarray | None) -> list[int]:
        key = query.strip().lower()[:100] if isinstance(query, str) else ""
        if len(key) < 3:
            return []
        found = list(self.codes.get(key, ()))
        if not found and _CODE_PREFIX.match(key):  # "1.0011" while typing a code
            start = bisect.bisect_left(self.sorted_codes, key)
            for code in self.sorted_codes[start:start + 20]:
                if not code.startswith(key):
                    break
                found.extend(self.codes[code])
        return [i for i in dict.fromkeys(found) if mask is None or mask[i]]

    def set_popularity(self, by_id: dict[int, int]) -> None:
        """Update popularity counts in place (no rebuild)."""
        for i, e in enumerate(self.entries):
            if e.procedure_id in by_id:
                self.popularity[i] = by_id[e.procedure_id]
        self.by_popularity = None
