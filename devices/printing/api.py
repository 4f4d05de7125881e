"""Open printers from URLs, read their status and send jobs with typed outcomes."""

from __future__ import annotations

import logging
import time

from core.i18n import translator

from devices.printing import outcome as oc
from devices.printing.errors import PrinterError
from devices.printing.outcome import PrintOutcome
from devices.printing.status import (
    PAPER_OUT,
    PAPER_UNKNOWN,
    STATUS_REQUESTS,
    PrinterStatus,
    decode_status,
    valid_status_byte,
)
from devices.printing.transports import Transport, transport_for
from devices.printing.url import PrinterAddress, parse_printer_url

_ = translator("devices")
log = logging.getLogger(__name__)


def open_transport(url: str | PrinterAddress, timeout: float = 3.0) -> Transport:
    """Return an opened transport for ``url`` (use it as a context manager or call ``close()``).

    Its ``printer`` attribute is the python-escpos printer object, for callers that want to print
    with python-escpos directly.

    Raises:
        PrinterUrlError: Bad URL (PRN-002).
        TransportUnavailable: Missing package for the transport (PRN-003).
        OSError / TimeoutError: The printer cannot be reached.
    """
    address = parse_printer_url(url) if isinstance(url, str) else url
    transport = transport_for(address, timeout)
    transport.open()
    return transport


NO_ANSWER = "no answer"
#: Status of a printer that accepted the connection (TCP, USB) but answers no status request: many
#: emulators and some clones never answer DLE EOT, yet print. Nothing is known, nothing is wrong.
SILENT = PrinterStatus(online=True, paper=PAPER_UNKNOWN, cover_open=None, error=None)
SILENT_MESSAGE = "sent without status: the printer did not answer DLE EOT"
#: Once a printer URL gave no status answer, later jobs wait only this long for one, so a kiosk
#: with a status-less printer does not pay the whole timeout on every ticket. Forgotten as soon as
#: the printer answers again.
SILENT_REPEAT_WAIT = 0.5
_silent_urls: set[str] = set()
#: Seconds to wait for the answers to DLE EOT 2-4 once DLE EOT 1 was answered: at least this, at
#: most :data:`MAX_FOLLOW_UP_WAIT`, else four times what the first answer took (slow emulators).
MIN_FOLLOW_UP_WAIT, MAX_FOLLOW_UP_WAIT = 0.25, 1.0


def read_status(transport: Transport, timeout: float = 2.5, first_wait: float | None = None) -> PrinterStatus:
    """Ask an opened transport DLE EOT 1, 2, 4 and 3 within ``timeout`` seconds in total.

    ``first_wait`` caps the wait for the answer to DLE EOT 1 (default: the whole ``timeout``).

    A transport that cannot read reports ``online=True, paper="unknown", cover_open=None``. A
    printer that answers only some requests gets ``unknown`` for the rest; one that does not answer
    DLE EOT 1 at all is ``online=False, error="no answer"`` (:func:`send` still prints on a
    connection the printer accepted, see there).
    """
    if not transport.can_read:
        return PrinterStatus(online=True, paper=PAPER_UNKNOWN, cover_open=None, error=None)
    started = time.monotonic()
    deadline = started + timeout
    answers: dict[int, int | None] = {1: None, 2: None, 3: None, 4: None}
    noise = [0]
    wait = timeout if first_wait is None else min(timeout, first_wait)
    for n in (1, 2, 4, 3):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        transport.write(STATUS_REQUESTS[n])
        try:
            answers[n] = _answer(transport, min(left, wait), noise)
        except _NotAPrinter:
            return PrinterStatus(online=False, paper=PAPER_UNKNOWN, error=NOT_A_PRINTER)
        if answers[n] is None:
            # Stop asking: a late answer to this request would be taken for the next one's.
            transport.unanswered = True
            break
        if n == 1:
            wait = min(MAX_FOLLOW_UP_WAIT, max(MIN_FOLLOW_UP_WAIT, 4 * (time.monotonic() - started)))
    if answers[1] is None:
        return PrinterStatus(online=False, paper=PAPER_UNKNOWN, error=NO_ANSWER)
    return decode_status(answers[1], answers[2], answers[3], answers[4])


# Automatic status back sends 4-byte packets; a few of those may precede an answer. Anything
# chattier (an HTTP server or proxy on the port, a terminal server banner) is not a printer, and
# its text would otherwise sooner or later contain a byte that looks like a status answer.
MAX_NOISE_BYTES = 16
#: After a byte that is no status answer, wait at most this long for a real one: an emulator that
#: answers with a byte of its own must not cost the whole timeout on every job.
NOISE_SETTLE = 0.3
NOT_A_PRINTER = "unexpected reply: not an ESC/POS printer"


class _NotAPrinter(Exception):
    """The peer sent more non-status bytes than a printer would."""


def _answer(transport: Transport, wait: float, noise: list[int] | None = None) -> int | None:
    """Read the answer to one DLE EOT, skipping bytes that cannot be one (automatic status back, noise).

    Args:
        transport: Opened transport.
        wait: Seconds to wait for the answer.
        noise: One-element counter of bytes skipped so far in this status exchange.

    Raises:
        _NotAPrinter: More than ``MAX_NOISE_BYTES`` were skipped.
    """
    noise = noise if noise is not None else [0]
    deadline = time.monotonic() + wait
    while True:
        value = transport.read_byte(max(deadline - time.monotonic(), 0.0))
        if value is None or valid_status_byte(value):
            return value
        noise[0] += 1
        if noise[0] > MAX_NOISE_BYTES:
            raise _NotAPrinter
        deadline = min(deadline, time.monotonic() + NOISE_SETTLE)
        if time.monotonic() >= deadline:
            return None


def printer_status(url: str, timeout: float = 2.5) -> PrinterStatus:
    """Return the status of the printer at ``url``, answering within about ``timeout`` seconds.

    Never raises for an unreachable printer: it reports ``online=False`` with a reason. A write-only
    transport (file, cups, lp) reports paper ``unknown`` and is never reported offline because of it.

    Raises:
        PrinterUrlError: The URL itself is invalid (PRN-002).
    """
    address = parse_printer_url(url)
    transport = transport_for(address, timeout)
    try:
        if not transport.can_read and hasattr(transport, "check"):
            transport.check()
            return PrinterStatus(online=True, paper=PAPER_UNKNOWN)
        transport.open()
        status = read_status(transport, timeout)
        if status.error == NO_ANSWER and transport.alive_when_open:
            return SILENT
        return status
    except PrinterError as exc:
        return PrinterStatus(online=False, paper=PAPER_UNKNOWN, error=exc.message)
    except TimeoutError:
        return PrinterStatus(online=False, paper=PAPER_UNKNOWN, error="timeout")
    except ConnectionRefusedError:
        return PrinterStatus(online=False, paper=PAPER_UNKNOWN, error="connection refused")
    except OSError as exc:
        return PrinterStatus(online=False, paper=PAPER_UNKNOWN, error=exc.strerror or str(exc) or type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a driver bug must not take the heartbeat down
        return PrinterStatus(online=False, paper=PAPER_UNKNOWN, error=f"{type(exc).__name__}: {exc}")
    finally:
        transport.close()


def _outcome_for_status(status: PrinterStatus) -> str | None:
    if not status.online:
        return oc.TIMEOUT if status.error == NO_ANSWER else oc.OFFLINE
    if status.cover_open:
        return oc.COVER_OPEN
    if status.paper == PAPER_OUT:
        return oc.PAPER_OUT
    if status.error:
        return oc.ERROR if status.error != "offline" else oc.OFFLINE
    return None


def send(url: str, data: bytes, *, timeout: float = 3.0) -> PrintOutcome:
    """Send one rendered job to the printer at ``url`` and say what happened.

    Where the transport can read, the status is checked first on the same connection and nothing
    is sent unless the printer is ready, so a failed attempt never prints half a job. A printer
    that accepted a TCP or USB connection but answers no status request gets the job anyway
    (outcome ``printed``, status paper ``unknown``, message :data:`SILENT_MESSAGE`); on a serial
    line, where an open port proves nothing, no answer is a ``timeout``.

    Args:
        url: Printer URL.
        data: ESC/POS bytes (from :mod:`devices.layouts`).
        timeout: Seconds for connecting, the status check and the write.

    Returns:
        A :class:`PrintOutcome`; never raises for printer trouble (only for a bad URL, PRN-002).
    """
    started = time.monotonic()
    address = parse_printer_url(url)
    transport = transport_for(address, timeout)
    status: PrinterStatus | None = None

    def done(kind: str, message: str = "", sent: int = 0) -> PrintOutcome:
        result = PrintOutcome(kind, message, status, sent, (time.monotonic() - started) * 1000)
        log.info("print %s %s %s bytes=%d", address.scheme, result.code, message, sent)
        return result

    try:
        transport.open()
        status = read_status(transport, timeout, SILENT_REPEAT_WAIT if url in _silent_urls else None)
        message = ""
        if status.error == NO_ANSWER and transport.alive_when_open:
            status, message = SILENT, SILENT_MESSAGE
            _silent_urls.add(url)
        else:
            _silent_urls.discard(url)
        kind = _outcome_for_status(status)
        if kind is not None:
            return done(kind, status.error or kind)
        transport.write(data)
        transport.close()
        return done(oc.PRINTED, message, len(data))
    except PrinterError as exc:
        return done(oc.ERROR, str(exc))
    except TimeoutError:
        return done(oc.TIMEOUT, "timeout")
    except (ConnectionRefusedError, FileNotFoundError) as exc:
        return done(oc.OFFLINE, type(exc).__name__)
    except ConnectionError as exc:
        return done(oc.OFFLINE, type(exc).__name__)
    except OSError as exc:
        return done(oc.OFFLINE, exc.strerror or type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - the outbox needs an outcome, not a crash
        return done(oc.ERROR, f"{type(exc).__name__}: {exc}")
    finally:
        transport.close()
