"""``kiosk-devices virtual-printer --port N --jobs DIR``: run the bundled virtual ESC/POS printer."""

from __future__ import annotations

import argparse
import sys
import threading

from core.settings import load_settings

from devices.virtual_printer import STATES, VirtualPrinter


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add the ``virtual-printer`` sub-command."""
    p = subparsers.add_parser(
        name, help=help,
        description=help + ". Type a state name and Enter to switch state: " + ", ".join(STATES) + ".")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=9100, help="TCP port, 0 for a free one (default 9100)")
    p.add_argument("--jobs", metavar="DIR", help="folder for job-NNNN.bin/.png (default: the data dir)")
    p.add_argument("--state", choices=STATES, default="ok", help="initial state (default ok)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted (Ctrl+C); one line per stored job."""
    jobs = args.jobs or load_settings().jobs_dir
    printer = VirtualPrinter(args.host, args.port, jobs)
    printer.set_state(args.state)
    printer.start()
    print(f"virtual printer listening on {printer.url} (state {printer.state}), jobs in {printer.jobs_dir}",
          flush=True)
    threading.Thread(target=_read_states, args=(printer,), daemon=True).start()
    seen = 0
    try:
        while True:
            try:
                jobs = printer.wait_for_jobs(seen + 1, timeout=3600)
            except Exception:  # noqa: BLE001 - VPR-003 after an hour without jobs: keep waiting
                continue
            for job in jobs[seen:]:
                qr = f" qr={job.qr_texts}" if job.qr_texts else ""
                print(f"job {job.index}: {len(job.data)} bytes -> {job.png_path}{qr}", flush=True)
            seen = len(jobs)
    finally:
        printer.stop()


def _read_states(printer: VirtualPrinter) -> None:
    for line in sys.stdin:
        state = line.strip()
        if state in STATES:
            printer.set_state(state)
            print(f"state {state}", flush=True)
        elif state:
            print(f"unknown state {state!r}; one of {', '.join(STATES)}", flush=True)
