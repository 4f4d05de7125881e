"""The virtual printer behind a pseudo-terminal, so ``serial://`` printing can be tested without hardware."""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from typing import TYPE_CHECKING

from devices.virtual_printer.session import Session

if TYPE_CHECKING:
    from devices.virtual_printer.server import VirtualPrinter


class SerialPort:
    """Serves a :class:`VirtualPrinter` on a pty; ``path`` is the device to open (``/dev/pts/N``).

    A serial line has no connections, so a job ends when the line has been idle for ``idle`` seconds
    after job bytes arrived. In the ``offline`` and ``no_answer`` states nothing is answered (a
    switched-off serial printer is silent).

    Args:
        printer: The virtual printer (state, job storage).
        idle: Seconds of silence that end a job.
    """

    def __init__(self, printer: "VirtualPrinter", idle: float = 0.3) -> None:
        self.printer = printer
        self.idle = idle
        self.path = ""
        self._master = self._slave = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "SerialPort":
        """Open the pty pair and serve it in a background thread."""
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no CR/LF translation: bytes pass through untouched
        self.path = os.ttyname(self._slave)
        self._thread = threading.Thread(target=self._serve, name=f"virtual-printer-{self.path}", daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        session = Session(self.printer)
        last = 0.0
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                if session.job and time.monotonic() - last >= self.idle:
                    session.finish()
                continue
            try:
                data = os.read(self._master, 65536)
            except OSError:  # the other side closed; keep serving the next open
                time.sleep(0.05)
                continue
            last = time.monotonic()
            if self.printer.state == "offline":
                continue
            reply = session.feed(data)
            if reply:
                os.write(self._master, reply)
        session.finish()

    def stop(self) -> None:
        """Stop serving and close the pty."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)
        for fd in (self._master, self._slave):
            if fd >= 0:
                os.close(fd)
        self._master = self._slave = -1
