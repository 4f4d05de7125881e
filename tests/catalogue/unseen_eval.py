"""Independent search evaluation on unseen citizen queries (tests/catalogue/data/unseen_queries.json).

Run ``python -m tests.catalogue.unseen_eval [-v] [--round2 | --round3 [--half=tune|held] | --round4]`` for a
report: top-1 / top-3 accuracy on in-catalogue queries and how the top score separates them from
out-of-catalogue ("none") queries.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from db.catalogue.search import CatalogueSearch

DATA = Path(__file__).parent / "data" / "unseen_queries.json"
#: Written after the fixes the first set prompted, measured once before any further change.
ROUND_2 = Path(__file__).parent / "data" / "unseen_queries_round2.json"
#: Round 3: written without reading the aliases; its "tune" half guided fixes, the "held" half is only measured.
ROUND_3 = Path(__file__).parent / "data" / "citizen_queries_2.json"
#: Round 4: written after the round-3 fixes, measured once (all held out).
ROUND_4 = Path(__file__).parent / "data" / "citizen_queries_3.json"


def load_queries(path: Path = DATA, half: str | None = None) -> list[dict]:
    """The evaluation queries: ``{"query", "expected": [codes], "note"}``; empty expected = not in the catalogue.

    Args:
        path: The query file.
        half: Only the queries of this ``half`` ("tune" or "held"; round 3 has them).
    """
    queries = json.loads(path.read_text(encoding="utf-8"))["queries"]
    return [q for q in queries if half is None or q.get("half") == half]


@dataclass
class Report:
    """Outcome of one evaluation run."""

    total: int = 0
    top1: int = 0
    top3: int = 0
    misses: list[tuple[str, list[str], list[tuple[str, float]]]] = field(default_factory=list)
    known_scores: list[float] = field(default_factory=list)  # top score of in-catalogue queries
    none_scores: list[tuple[str, float]] = field(default_factory=list)  # top score of out-of-catalogue ones
    confident_wrong: list[str] = field(default_factory=list)  # top hit confident but wrong (or none expected)
    confident_right: int = 0

    def summary(self) -> str:
        none_conf = sum(1 for q in self.confident_wrong if q in {n for n, _s in self.none_scores})
        return (f"top-1 {self.top1}/{self.total} ({100 * self.top1 / self.total:.1f}%)  "
                f"top-3 {self.top3}/{self.total} ({100 * self.top3 / self.total:.1f}%)  "
                f"confident&right {self.confident_right}/{self.total}  "
                f"none: {len(self.none_scores)} queries, {none_conf} answered confidently  "
                f"confident-wrong total {len(self.confident_wrong)}")


def evaluate(search: CatalogueSearch, path: Path = DATA, half: str | None = None) -> Report:
    """Run every query of ``path`` (or of one ``half`` of it) through ``search`` and score it."""
    report = Report()
    for item in load_queries(path, half):
        query, expected = item["query"], item["expected"]
        hits = search.search(query, limit=3)
        top = hits[0].score if hits else 0.0
        confident = bool(hits) and getattr(hits[0], "confident", True)
        if not expected:
            report.none_scores.append((query, top))
            if confident:
                report.confident_wrong.append(query)
            continue
        report.total += 1
        report.known_scores.append(top)
        codes = [h.code for h in hits]
        if codes[:1] and codes[0] in expected:
            report.top1 += 1
            report.confident_right += confident
        elif confident:
            report.confident_wrong.append(query)
        if set(codes) & set(expected):
            report.top3 += 1
        if not codes[:1] or codes[0] not in expected:
            report.misses.append((query, expected, [(h.code, round(h.score, 3)) for h in hits]))
    return report


def main(argv: list[str]) -> int:
    from tests.catalogue.conftest import shipped_entries

    rounds = {"--round2": ROUND_2, "--round3": ROUND_3, "--round4": ROUND_4}
    path = next((rounds[a] for a in argv if a in rounds), DATA)
    half = next((a.split("=", 1)[1] for a in argv if a.startswith("--half=")), None)
    report = evaluate(CatalogueSearch.from_entries(shipped_entries()), path, half)
    print(report.summary())
    if "-v" in argv:
        for query, expected, got in report.misses:
            print(f"MISS {query!r:55} want {expected} got {got}")
        for query, score in sorted(report.none_scores, key=lambda x: -x[1]):
            print(f"NONE {query!r:55} top score {score:.3f}")
        known = sorted(report.known_scores)
        print("known top-score percentiles:", [round(known[int(p * (len(known) - 1))], 3) for p in (0, .05, .1, .25, .5)])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
