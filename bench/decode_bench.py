"""Decode benchmark: success rate (correct text) and p50/p95 ms per backend and condition on the hard set.

Run: ``.venv/bin/python -m bench.decode_bench [--per-condition 40] [--seed 2026] [--backends auto,zxing,zbar]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.hardset import CONDITIONS, generate  # noqa: E402
from devices.codes import decode_frame  # noqa: E402


def _pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


Results = dict[tuple[str, str], tuple[int, int, list[float]]]


def run(backends: Sequence[str], per_condition: int, seed: int, conditions: Sequence[str],
        verbose: bool = False, clock: str = "wall", budget_ms: float | None = None) -> Results:
    """Decode every frame with every backend; return {(backend, condition): (ok, total, ms list)}.

    ``clock="cpu"`` times with the process CPU clock: on a busy shared machine wall time
    measures the other tenants as much as the decoder.
    """
    timer = time.process_time if clock == "cpu" else time.perf_counter
    results: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, []])
    samples = list(generate(seed=seed, per_condition=per_condition, conditions=tuple(conditions)))
    for backend in backends:
        decode_frame(samples[0].frame, backend)  # warm-up (library loading, caches)
    for sample in samples:
        for backend in backends:
            start = timer()
            codes = decode_frame(sample.frame, backend, budget_ms=budget_ms if backend == "auto" else None)
            ms = (timer() - start) * 1000
            ok = any(code.text == sample.text for code in codes)
            for key in ((backend, sample.condition), (backend, "ALL")):
                entry = results[key]
                entry[0] += ok
                entry[1] += 1
                entry[2].append(ms)
            if verbose and not ok:
                print(f"miss {backend:5} {sample.name} {sample.format} {[c.text[:30] for c in codes]}",
                      file=sys.stderr)
    return {key: (v[0], v[1], v[2]) for key, v in results.items()}


def format_table(results: dict, backends: Sequence[str], conditions: Sequence[str]) -> str:
    """A plain-text table: one row per condition, ``rate p50/p95`` per backend."""
    header = f"{'condition':<13}" + "".join(f"{b + ' ok%':>10}{'p50':>7}{'p95':>7}" for b in backends)
    lines = [header, "-" * len(header)]
    for condition in [*conditions, "ALL"]:
        row = f"{condition:<13}"
        for backend in backends:
            ok, total, ms = results[(backend, condition)]
            row += f"{100.0 * ok / total:>10.1f}{statistics.median(ms):>7.1f}{_pct(ms, 95):>7.1f}"
        lines.append(row)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-condition", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--backends", default="zxing,zbar,auto")
    parser.add_argument("--conditions", default=",".join(CONDITIONS))
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time with the wall clock or the process CPU clock (busy machines)")
    parser.add_argument("--budget-ms", type=float, default=None, help="auto's retry budget (default: library's)")
    parser.add_argument("--verbose", action="store_true", help="list the misses on stderr")
    args = parser.parse_args(argv)
    backends = [b for b in args.backends.split(",") if b]
    conditions = [c for c in args.conditions.split(",") if c]
    results = run(backends, args.per_condition, args.seed, conditions, args.verbose, args.clock, args.budget_ms)
    print(f"hard set: {args.per_condition} frames x {len(conditions)} conditions, 1280x720, seed {args.seed}, "
          f"{args.clock} clock ms, auto budget {args.budget_ms or 'default'}")
    print(format_table(results, backends, conditions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
