"""Open printers from URLs, read their status and send jobs with typed outcomes."""

from __future__ import annotations

import logging
import time

from core.i18n import translator

from devices.printing import outcome as oc
from devices.printing.errors import PrinterError
from devices.printing.outcome import PrintOutcome
from devices.printing.reading import NO_ANSWER, NOT_A_PRINTER, read_status
from devices.printing.status import NO_STATUS_ANSWER, PAPER_OUT, PAPER_UNKNOWN, PrinterStatus
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


#: Status of a printer that accepted the connection (TCP, USB) but answers no status request. It may
#: be hung (prints nothing) or merely status-less (many emulators and some clones print anyway); from
#: here the two look the same, so it is not online-and-healthy: nothing sent to it is confirmed.
SILENT = PrinterStatus(online=False, paper=PAPER_UNKNOWN, cover_open=None, error=NO_STATUS_ANSWER)
SILENT_MESSAGE = "sent, not confirmed: the printer did not answer DLE EOT"
QUIET_AFTER_MESSAGE = "sent, not confirmed: the printer answered before the job but not after it"
WRITE_ONLY_MESSAGE = "sent, not confirmed: this connection cannot read the printer's status"
#: Once a printer URL gave no status answer, later jobs wait only this long for one, so a kiosk
#: with a status-less printer does not pay the whole timeout on every ticket. Forgotten as soon as
#: the printer answers again.
SILENT_REPEAT_WAIT = 0.5
_silent_urls: set[str] = set()

def printer_status(url: str, timeout: float = 2.5) -> PrinterStatus:
    """Return the status of the printer at ``url``, answering within about ``timeout`` seconds.

    Never raises for an unreachable printer: it reports ``online=False`` with a reason. A write-only
    transport (file, cups, lp) reports paper ``unknown`` and is never reported offline because of it.
    A TCP/USB printer that accepts the connection but answers no status request is :data:`SILENT`
    (``online=False``, error ``no status answer``, ``.unconfirmed``).

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


#: At most this many late status bytes are dropped before the request after the job (a printer sends a few).
MAX_LATE_BYTES = 16


def _confirm(transport: Transport, wait: float) -> tuple[str, str, PrinterStatus | None]:
    """Ask for the real-time status once the job is written; return ``(kind, message, status)``.

    Real-time requests are answered on receipt, so a working printer answers within ``wait`` seconds
    even while it still prints. No answer (or a broken connection) after the printer took the whole
    job is ``sent``: it may well have printed, so sending again could print it twice. A fault it
    reports now (paper ran out, cover opened, offline, error) keeps its own kind, but the job is not
    retryable (``bytes_sent`` > 0): part of it may be on paper, so a person decides on a reprint.
    """
    try:
        if transport.unanswered:
            # A request before the job went unanswered; its late answer must not pass for the one asked now.
            for _late in range(MAX_LATE_BYTES):
                if transport.read_byte(0.0) is None:
                    break
        after = read_status(transport, wait)
    except Exception as exc:  # noqa: BLE001 - the job is written; whatever breaks now, it was sent
        return oc.SENT, f"{QUIET_AFTER_MESSAGE} ({type(exc).__name__})", None
    if not after.online and after.error in (NO_ANSWER, NOT_A_PRINTER):
        return oc.SENT, QUIET_AFTER_MESSAGE, None
    fault = _outcome_for_status(after)
    if fault is not None:
        return fault, f"after the job: {after.error or fault}", after
    return oc.PRINTED, "", after


def send(url: str, data: bytes, *, timeout: float = 3.0) -> PrintOutcome:
    """Send one rendered job to the printer at ``url`` and say what happened; ``printed`` only when confirmed.

    Where the transport can read, the status is checked first on the same connection and nothing
    is sent unless the printer is ready, so a failed attempt never prints half a job. After the
    write, the printer is asked for its real-time status again (waiting up to ``timeout`` s): the
    job is ``printed`` only when it answers without a fault (see :func:`_confirm` for a fault or
    silence then). A printer that accepted a TCP or USB connection but answers no status request
    still gets the job, which is ``sent`` (PRN-016, message :data:`SILENT_MESSAGE`), never
    ``printed``: a hung printer and a status-less one look the same. A write-only transport (file,
    cups) cannot confirm either: ``sent``. On a serial line, where an open port proves nothing, no
    answer is a ``timeout`` and nothing is sent. A job is written at most once per call.

    Args:
        url: Printer URL.
        data: ESC/POS bytes (from :mod:`devices.layouts`).
        timeout: Seconds for connecting, each status check and the write.

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
        silent = status.error == NO_ANSWER and transport.alive_when_open
        if silent:
            status = SILENT
            _silent_urls.add(url)
        else:
            _silent_urls.discard(url)
            kind = _outcome_for_status(status)
            if kind is not None:
                return done(kind, status.error or kind)
        transport.write(data)
        # From here on nothing raises: the printer has the whole job, so every answer is final.
        if silent or not transport.can_read:
            return done(oc.SENT, SILENT_MESSAGE if silent else WRITE_ONLY_MESSAGE, len(data))
        kind, message, after = _confirm(transport, timeout)
        status = after or status
        return done(kind, message, len(data))
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
