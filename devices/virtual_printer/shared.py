"""The process-wide virtual printer behind ``virtual://`` URLs, started lazily."""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from devices.virtual_printer.server import VirtualPrinter

_lock = threading.Lock()
_instance: VirtualPrinter | None = None


def shared(jobs_dir: str | Path | None = None) -> VirtualPrinter:
    """Return the process-wide virtual printer, starting it on first use.

    Args:
        jobs_dir: Folder for its jobs; used when it is started (the first call that passes one wins).
            Without it, a temporary folder is used.
    """
    global _instance
    with _lock:
        if _instance is None or not _instance.running:
            _instance = VirtualPrinter(jobs_dir=jobs_dir).start()
            atexit.register(_instance.stop)
        return _instance


def stop_shared() -> None:
    """Stop the shared instance (the next :func:`shared` call starts a new one)."""
    global _instance
    with _lock:
        if _instance is not None:
            _instance.stop()
            _instance = None
