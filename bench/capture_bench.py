"""Capture benchmark: page-check success rate and p50/p95 ms per realistic camera condition.

A frame counts as a success when the check gives the expected verdict: for ``ok`` conditions the page is
found within 1.5 % of the frame width of its true corners and kept without advice; for the others the
expected advice (``cut_off``, ``too_dark``, ``too_blurry``) is given and the page is not kept.

Run: ``.venv/bin/python -m bench.capture_bench [--per-condition 12] [--seed 7] [--conditions wood,fingers]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.camera.scenes import PAGE_CONDITIONS, PageScene, page_scene  # noqa: E402
from devices.capture import PageCheck, analyse_page  # noqa: E402

CORNER_TOLERANCE = 0.015  # of the frame width


def verdict(scene: PageScene, check: PageCheck) -> tuple[bool, str]:
    """Return (success, short reason) for one analysed scene."""
    if scene.expect == "ok":
        if not check.found:
            return False, "no page"
        error = float(np.abs(check.corners - scene.quad).max()) / scene.frame.shape[1]
        if error > CORNER_TOLERANCE:
            return False, f"corners off {error:.3f}"
        return check.ok, ";".join(check.advice) or "ok"
    return (scene.expect in check.advice and not check.ok), ";".join(check.advice) or "ok"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-condition", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--conditions", default=",".join(PAGE_CONDITIONS))
    parser.add_argument("--verbose", action="store_true", help="list the failures on stderr")
    args = parser.parse_args(argv)
    conditions = [c for c in args.conditions.split(",") if c]
    analyse_page(page_scene("dark_desk", 0).frame)  # warm-up
    print(f"capture bench: {args.per_condition} frames per condition, seed {args.seed}, wall ms")
    print(f"{'condition':<14}{'expect':>11}{'ok%':>7}{'p50':>7}{'p95':>7}")
    total_ok = total = 0
    all_ms: list[float] = []
    for condition in conditions:
        ok, times = 0, []
        for i in range(args.per_condition):
            scene = page_scene(condition, args.seed * 1000 + i)
            start = time.perf_counter()
            check = analyse_page(scene.frame)
            times.append((time.perf_counter() - start) * 1000)
            success, reason = verdict(scene, check)
            ok += success
            if args.verbose and not success:
                print(f"fail {condition} #{i}: {reason} (sharp {check.sharpness:.0f}, glare {check.glare:.3f})",
                      file=sys.stderr)
        total_ok += ok
        total += args.per_condition
        all_ms += times
        print(f"{condition:<14}{scene.expect:>11}{100 * ok / args.per_condition:>7.1f}"
              f"{statistics.median(times):>7.1f}{np.percentile(times, 95):>7.1f}")
    print(f"{'ALL':<14}{'':>11}{100 * total_ok / total:>7.1f}{statistics.median(all_ms):>7.1f}"
          f"{np.percentile(all_ms, 95):>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
