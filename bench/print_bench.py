"""Print benchmark: bytes and ms per ticket and receipt, 80/58 mm and a 512-dot head, native vs raster QR."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.layouts import render_receipt, render_ticket  # noqa: E402
from devices.printing import send  # noqa: E402
from devices.virtual_printer import VirtualPrinter  # noqa: E402
from tests.printing.conftest import RECEIPT, TICKET  # noqa: E402

SERIAL_BPS = 115_200 / 10  # bytes per second on a 115200-baud serial link (8N1)


def measure(kind: str, width_mm: int, native: bool, runs: int, dots: int | None = None) -> dict:
    """Render one layout ``runs`` times; return bytes, median/p95 ms and serial transfer time."""
    render = render_ticket if kind == "ticket" else render_receipt
    payload = TICKET if kind == "ticket" else RECEIPT
    render(payload, width_mm, native_qr=native, dots=dots)  # warm fonts
    times, data = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        data = render(payload, width_mm, native_qr=native, dots=dots)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"kind": kind, "width_mm": width_mm, "dots": dots or (576 if width_mm == 80 else 384),
            "qr": "native" if native else "raster", "bytes": len(data),
            "render_ms_p50": round(statistics.median(times), 1),
            "render_ms_p95": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
            "serial_115200_s": round(len(data) / SERIAL_BPS, 2), "data": data}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (or JSON lines with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--send", action="store_true", help="also send each job to a virtual printer over TCP")
    args = parser.parse_args(argv)
    rows = [measure(k, w, n, args.runs) for k in ("ticket", "receipt") for w in (80, 58) for n in (True, False)]
    rows += [measure(k, 80, True, args.runs, dots=512) for k in ("ticket", "receipt")]
    if args.send:
        with VirtualPrinter() as vp:
            for row in rows:
                outcome = send(vp.url, row["data"])
                row["send_ms"] = round(outcome.ms, 1)
                row["sent"] = outcome.kind
    for row in rows:
        row.pop("data")
        if args.json:
            print(json.dumps(row))
    if not args.json:
        cols = [c for c in rows[0] if c != "sent"]
        print("  ".join(f"{c:>15}" for c in cols))
        for row in rows:
            print("  ".join(f"{row[c]!s:>15}" for c in cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
