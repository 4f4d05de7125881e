"""Read a printer's real-time status (DLE EOT 1, 2, 4, 3) over an opened transport, skipping noise."""

from __future__ import annotations

import time

from devices.printing.status import PAPER_UNKNOWN, STATUS_REQUESTS, PrinterStatus, decode_status, valid_status_byte
from devices.printing.transports import Transport

NO_ANSWER = "no answer"
#: Seconds to wait for the answers to DLE EOT 2-4 once DLE EOT 1 was answered: at least this, at
#: most :data:`MAX_FOLLOW_UP_WAIT`, else four times what the first answer took (slow emulators).
MIN_FOLLOW_UP_WAIT, MAX_FOLLOW_UP_WAIT = 0.25, 1.0


def read_status(transport: Transport, timeout: float = 2.5, first_wait: float | None = None) -> PrinterStatus:
    """Ask an opened transport DLE EOT 1, 2, 4 and 3 within ``timeout`` seconds in total.

    ``first_wait`` caps the wait for the answer to DLE EOT 1 (default: the whole ``timeout``).

    A transport that cannot read reports ``online=True, paper="unknown", cover_open=None``. A
    printer that answers only some requests gets ``unknown`` for the rest; one that does not answer
    DLE EOT 1 at all is ``online=False, error="no answer"`` (on a connection the printer accepted,
    :func:`devices.printing.send` still hands it the job, as ``sent``, never ``printed``).
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
