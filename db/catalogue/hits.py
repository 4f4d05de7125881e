"""What the search index stores and returns: entries, hits, indexed texts, and how one text scores."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """What the index needs to know about one procedure."""

    procedure_id: int
    code: str
    name: str
    field: str
    aliases: tuple[str, ...] = ()
    national_code: str | None = None
    popularity: int = 0


@dataclass(frozen=True)
class SearchHit:
    """One search result, best first.

    Attributes:
        code: Procedure code.
        name: Official name (current version).
        field: Lĩnh vực.
        score: Relevance, about 0–1 (higher is better; an exact code 1.5). About 0.9–1.0: the query is
            a name or colloquial name; 0.6–0.9: most of the query matches; under 0.6: a guess from a word
            or two, often for a procedure the catalogue does not have.
        procedure_id: Database id.
        matched: The name or colloquial name that matched best (empty for an empty query).
        confident: The kiosk can present the hit as the answer (``SearchIndex._confident``): the score
            reaches ``CONFIDENT_SCORE`` (or ``NAMED_SCORE`` when the query holds a whole colloquial name), and
            the query names no paper the procedure never mentions (``distinct.OBJECTS``). A hit lacking a
            distinct term of the query ("ô tô", "con nuôi", "bị mất"; ``distinct.TERMS``) scores less instead.
            When the top hit is not confident no hit is: show them as suggestions ("Có phải bạn muốn…") and
            offer staff help rather than presenting a procedure the citizen may not have asked for. True for
            the empty query.
    """

    code: str
    name: str
    field: str
    score: float
    procedure_id: int
    matched: str = ""
    confident: bool = True

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict (the CLI's ``--json`` output)."""
        return {"code": self.code, "name": self.name, "field": self.field, "score": round(self.score, 4),
                "procedure_id": self.procedure_id, "matched": self.matched, "confident": self.confident}


@dataclass
class Text:
    weight: float
    toks: tuple[str, ...]
    shown: str


def score_text(text: Text, inverse: dict[str, list[tuple[int, float]]], weights: list[float],
                total: float, union: dict[int, float] | None = None) -> tuple[float, float]:
    """Score one name/alias against the query: coverage of the query, of the text, and word order.

    Args:
        text: The name or alias.
        inverse: Token → ``(query position, quality)`` pairs it satisfies.
        weights: Weight of each query token.
        total: Sum of ``weights``.
        union: When given, updated with the best quality per query position (over several texts).

    Returns:
        ``(score, covered)``: the score and the share of the query (by weight) this text covers.
    """
    best: dict[int, tuple[float, int]] = {}
    for j, tok in enumerate(text.toks):
        hits = inverse.get(tok)
        if hits:
            for qi, q in hits:
                cur = best.get(qi)
                if cur is None or q > cur[0]:
                    best[qi] = (q, j)
    if not best:
        return 0.0, 0.0
    covered = 0.0
    used: dict[int, float] = {}
    in_order = 0
    for qi, (q, j) in best.items():
        covered += q * weights[qi]
        if q > used.get(j, 0.0):
            used[j] = q
        nxt = best.get(qi + 1)
        if nxt is not None and nxt[1] == j + 1:
            in_order += 1
        if union is not None and q > union.get(qi, 0.0):
            union[qi] = q
    n = len(weights)
    order = in_order / (n - 1) if n > 1 else 1.0
    return (text.weight * (0.7 * covered / total + 0.2 * sum(used.values()) / len(text.toks) + 0.1 * order),
            covered / total)
