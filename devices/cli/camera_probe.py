"""``kiosk-devices camera-probe --source SRC [--json]``: resolution, measured fps and a decode attempt."""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from devices.camera import CameraError, FrameSource, open_source
from devices.camera.health import error_code
from devices.cli.masking import shown_text

MAX_SECONDS = 5.0
DECODE_BUDGET_MS = 40.0


def _decode(frame: np.ndarray) -> list[tuple[str, str]]:
    """(format, text) of the codes in ``frame``: devices.codes when present, else zxing-cpp directly."""
    try:
        from devices.codes import decode_frame
    except ImportError:
        import zxingcpp

        return [(r.format.name, r.text) for r in zxingcpp.read_barcodes(frame)]
    return [(c.format, c.text) for c in decode_frame(frame, budget_ms=DECODE_BUDGET_MS)]


def probe(spec: str, seconds: float = 1.5, *, show_text: bool = False) -> tuple[dict[str, object], FrameSource]:
    """Open ``spec``, read frames for up to ``seconds`` (bounded), try decoding; returns (report, source)."""
    seconds = max(0.2, min(seconds, MAX_SECONDS))
    src = open_source(spec)
    report: dict[str, object] = {"source": spec, "kind": type(src).__name__, "state": src.state,
                                 "message": src.message, "resolution": None, "frames": 0, "fps": 0.0,
                                 "decode": {"codes": [], "ms": None}, "error": None}
    try:
        frames, first, last, sample = 0, None, None, None
        deadline = time.monotonic() + MAX_SECONDS  # until the first frame (a camera may take a while)
        while time.monotonic() < deadline and src.state == "ok":
            frame = src.read()
            if frame is None:
                continue
            last = time.monotonic()
            if first is None:  # measure from the first frame: warm-up is not the frame rate
                first, deadline = last, last + seconds
            frames += 1
            sample = frame if sample is None else sample
            report["resolution"] = [int(frame.shape[1]), int(frame.shape[0])]
        report["frames"] = frames
        if frames > 1 and last and first and last > first:
            report["fps"] = round((frames - 1) / (last - first), 1)
        if sample is not None:
            start = time.perf_counter()
            codes = _decode(sample)
            ms = round((time.perf_counter() - start) * 1000, 1)
            items = []
            for fmt, text in codes:
                shown, is_id = shown_text(text, show_text)
                items.append({"format": fmt, "text": shown, "id_card": is_id})
            report["decode"] = {"codes": items, "ms": ms}
        if frames == 0 and src.state == "ok":
            report["state"] = "error"
        else:
            report["state"] = "ok" if frames else src.state
        report["message"] = src.message
        if not frames:
            report["error"] = error_code(src)
    finally:
        src.close()
    return report, src


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add the ``camera-probe`` sub-command."""
    p = subparsers.add_parser(name, help=help, description=help)
    p.add_argument("--source", default="demo", metavar="SRC",
                   help="/dev/video0, 0, a video file, a folder of images, demo, demo:idcard (default: demo)")
    p.add_argument("--seconds", type=float, default=1.5, help="how long to measure the frame rate (max 5)")
    p.add_argument("--show-text", action="store_true", help="print ID card payloads in full (personal data)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Probe the source; a missing or broken source prints the report and exits non-zero (CAM-0xx)."""
    report, _src = probe(args.source, args.seconds, show_text=args.show_text)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        res = report["resolution"]
        print(f"source      {report['source']} ({report['kind']})")
        print(f"state       {report['state']}: {report['message']}")
        print(f"resolution  {f'{res[0]}x{res[1]}' if res else '-'}")
        print(f"frames      {report['frames']} ({report['fps']} fps)")
        dec = report["decode"]
        if dec["ms"] is not None:
            found = ", ".join(f"{c['format']}: {c['text']}" for c in dec["codes"]) or "no code"
            print(f"decode      {found} ({dec['ms']} ms)")
    if report["frames"] == 0:
        sys.stdout.flush()
        raise CameraError(str(report["message"]), code=str(report["error"]))
    return 0
