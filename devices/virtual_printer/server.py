"""The virtual ESC/POS printer: a threaded TCP server on loopback that answers status and stores jobs."""

from __future__ import annotations

import logging
import socket
import socketserver
import struct
import tempfile
import threading
import time
from pathlib import Path

from core.i18n import translator

from devices.printing.status import PAPER_NEAR_END, PAPER_OK, PAPER_OUT, encode_status
from devices.virtual_printer.check import job_problems
from devices.virtual_printer.errors import VirtualPrinterError
from devices.virtual_printer.jobs import Job, next_index, store_job
from devices.virtual_printer.parser import parse
from devices.virtual_printer.session import Session

_ = translator("devices")
log = logging.getLogger(__name__)

#: States the virtual printer can be switched to. ``no_answer``: hung (accepts, answers and prints
#: nothing); ``silent``: prints but never answers a status request (like many emulators).
STATES = ("ok", "near_end", "paper_out", "cover_open", "offline", "no_answer", "silent")
_PAPER = {"near_end": PAPER_NEAR_END, "paper_out": PAPER_OUT}


class _Handler(socketserver.BaseRequestHandler):
    """One connection = at most one job (a connection that only asks for status is not a job)."""

    server: "_Server"

    def handle(self) -> None:
        printer = self.server.printer
        sock: socket.socket = self.request
        if printer.state == "offline":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return  # closing with linger 0 resets the connection, like a printer that is off
        sock.settimeout(0.2)
        session = Session(printer)
        while not printer.stopping:
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            reply = session.feed(data)
            if reply:
                sock.sendall(reply)
        session.finish()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    printer: "VirtualPrinter"


class VirtualPrinter:
    """A printer you can talk to with python-escpos over a real socket.

    Example:
        >>> vp = VirtualPrinter(jobs_dir=tmp_path).start()   # doctest: +SKIP
        >>> send(vp.url, render_ticket(payload))               # doctest: +SKIP
        >>> vp.wait_for_jobs(1)[0].qr_texts                    # doctest: +SKIP

    Args:
        host: Interface to listen on (loopback).
        port: TCP port, 0 for a free one.
        jobs_dir: Folder for ``job-NNNN.bin`` and ``.png`` (default: a new temporary folder).
        width: Print head width in dots: rasters wider than this are problems, and pictures are this
            wide (None: any width, pictures as wide as the job says).
        strict: Reject a job with problems (unknown commands, bad parameters or lengths, too wide)
            into :attr:`rejected` as ``("malformed", data)`` instead of printing it. Problems are
            logged and kept in :attr:`problems` either way.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, jobs_dir: str | Path | None = None, *,
                 width: int | None = None, strict: bool = True) -> None:
        self.host = host
        self._port = port
        self.jobs_dir = Path(jobs_dir) if jobs_dir else Path(tempfile.mkdtemp(prefix="virtual-printer-"))
        self.state = "ok"
        self.jobs: list[Job] = []
        self.rejected: list[tuple[str, bytes]] = []
        self.problems: list[str] = []
        self.width = width
        self.strict = strict
        self.stopping = False
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._serial = None

    @property
    def port(self) -> int:
        """The port it listens on (known after :meth:`start`)."""
        return self._server.server_address[1] if self._server else self._port

    @property
    def url(self) -> str:
        """``tcp://127.0.0.1:PORT`` for :func:`devices.printing.send`."""
        return f"tcp://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._server is not None

    def start(self) -> "VirtualPrinter":
        """Listen and serve in a background thread; returns self."""
        if self._server:
            return self
        self.jobs_dir.mkdir(parents=True, exist_ok=True)
        try:
            server = _Server((self.host, self._port), _Handler)
        except (OSError, OverflowError) as exc:  # OverflowError: a port outside 0-65535
            why = getattr(exc, "strerror", None) or exc
            raise VirtualPrinterError(
                _("Không mở được cổng {port} cho máy in ảo: {why}", port=self._port, why=why)
            ) from None
        server.printer = self
        self.stopping = False
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"virtual-printer-{self.port}", daemon=True)
        self._thread.start()
        log.info("virtual printer on %s, jobs in %s", self.url, self.jobs_dir)
        return self

    def start_serial(self, idle: float = 0.3) -> str:
        """Also serve on a pseudo-terminal; returns its device path for ``serial://PATH``.

        Args:
            idle: Seconds of silence that end a job on the serial line.
        """
        from devices.virtual_printer.serial_port import SerialPort

        if self._serial is None:
            self._serial = SerialPort(self, idle).start()
        return self._serial.path

    @property
    def serial_url(self) -> str:
        """``serial:///dev/pts/N?baudrate=115200`` once :meth:`start_serial` was called, else empty."""
        return f"serial://{self._serial.path}?baudrate=115200" if self._serial else ""

    def stop(self) -> None:
        """Stop serving and close the socket (open connections end within ~0.2 s) and the pty."""
        if self._serial is not None:
            self._serial.stop()
            self._serial = None
        if not self._server:
            return
        self.stopping = True
        self._server.shutdown()
        self._server.server_close()
        self._port = self.port
        self._server = None

    def set_state(self, state: str) -> None:
        """Switch to ``ok``, ``near_end``, ``paper_out``, ``cover_open``, ``offline``, ``no_answer`` or ``silent``."""
        if state not in STATES:
            raise VirtualPrinterError(_("Trạng thái không hợp lệ {state}", state=repr(state)), code="VPR-002")
        self.state = state

    def status_bytes(self) -> dict[int, int]:
        """What the printer answers to DLE EOT 1-4 in its current state."""
        return encode_status(cover_open=self.state == "cover_open", paper=_PAPER.get(self.state, PAPER_OK))

    def answer(self, cmd) -> bytes:
        """Reply to a real-time or transmit command (nothing in the ``no_answer`` and ``silent`` states)."""
        if self.state in ("no_answer", "silent"):
            return b""
        if cmd.name == "EOT" and cmd.params and cmd.params[0] in (1, 2, 3, 4):
            return bytes((self.status_bytes()[cmd.params[0]],))
        if cmd.name == "I":  # GS I n: printer ID
            return b"_VIRTUAL\x00" if cmd.params[0] in (66, 67) else b"\x20"
        if cmd.name == "r":  # GS r 1: paper sensor status
            s4 = self.status_bytes()[4]
            return bytes(((0x0C if s4 & 0x60 else 0) | (0x03 if s4 & 0x0C else 0),))
        return b""

    def finish_job(self, data: bytes, state: str) -> None:
        """Store a completed job, or keep it in :attr:`rejected` if the printer could not print it."""
        if state in ("paper_out", "cover_open", "no_answer") or self.state in ("paper_out", "cover_open"):
            self.rejected.append((state, data))
            return
        problems = job_problems(parse(data), self.width)
        for problem in problems:
            log.warning("virtual printer: %s", problem)
        if problems:
            self.problems.extend(problems)
            if self.strict:
                self.rejected.append(("malformed", data))
                return
        with self._cond:
            index = next_index(self.jobs_dir)
            try:
                job = store_job(self.jobs_dir, index, data, self.width, problems)
            except Exception:  # noqa: BLE001 - a broken job must not kill the printer
                log.exception("virtual printer could not render job %d", index)
                return
            self.jobs.append(job)
            self._cond.notify_all()

    def wait_for_jobs(self, n: int, timeout: float = 5.0) -> list[Job]:
        """Block until at least ``n`` jobs are stored; raises VirtualPrinterError (VPR-003) on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.jobs) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise VirtualPrinterError(
                        _("Máy in ảo chỉ nhận {got}/{want} lệnh in", got=len(self.jobs), want=n), code="VPR-003")
                self._cond.wait(left)
            return list(self.jobs)

    def clear(self) -> None:
        """Forget stored jobs (files stay on disk)."""
        with self._cond:
            self.jobs.clear()
            self.rejected.clear()
            self.problems.clear()

    def __enter__(self) -> "VirtualPrinter":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
