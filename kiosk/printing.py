"""The kiosk's print worker: drains the print outbox (claim, render, send, mark) with retries."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.message import Message

from kiosk.context import KioskContext

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

log = logging.getLogger(__name__)

#: Seconds between retries while the printer is out of paper, open or offline.
RETRY_INTERVAL_S = 1.0
#: Outcomes after which the same job is tried again later (the printer needs a person).
RETRYABLE = frozenset({"paper_out", "cover_open", "offline", "timeout", "error"})
#: The printer took the job: ``printed`` when it confirmed it, ``sent`` when it did not answer status.
DELIVERED = frozenset({"printed", "sent"})
#: Outcome of a job whose bytes may have gone out without a known result (held for staff, never resent).
MAYBE = "maybe_printed"
#: How ``devices.printing.send`` words a ``sent`` job whose printer answered status before it but not after.
QUIET_AFTER = "sent, not confirmed: the printer answered before the job but not after it"
#: Outcomes that only a printer answering status requests gives.
ANSWERED = frozenset({"printed", "paper_out", "cover_open"})


# --- Messages (past tense; posted from the worker thread to every subscriber) --------------------


class JobPrinted(Message):
    """A print job went to the printer and will not be sent again.

    Args:
        job_id: PrintJob id.
        kind: ``ticket``, ``receipt`` or ``test``.
        dossier_id: Dossier the job belongs to (None for a ticket-only job).
        confirmed: True when the printer confirmed it (``printed``); False when it took the job
            without answering status (``sent``): it may have printed, or be hung.
    """

    def __init__(self, job_id: int, kind: str, dossier_id: int | None, confirmed: bool = True) -> None:
        super().__init__()
        self.job_id = job_id
        self.kind = kind
        self.dossier_id = dossier_id
        self.confirmed = confirmed


class PrintFailed(Message):
    """A print job could not be printed now; it is retried, or (fault after the job) held for staff.

    Args:
        job_id: PrintJob id.
        kind: Job kind.
        dossier_id: Dossier of the job, if any.
        outcome: ``paper_out``, ``cover_open``, ``offline``, ``timeout`` or ``error``.
    """

    def __init__(self, job_id: int, kind: str, dossier_id: int | None, outcome: str) -> None:
        super().__init__()
        self.job_id = job_id
        self.kind = kind
        self.dossier_id = dossier_id
        self.outcome = outcome


class OutboxDrained(Message):
    """The outbox of this kiosk has no pending jobs left."""


# --- The spooler ----------------------------------------------------------------------------------


@dataclass
class SendResult:
    """What one attempt to print a job gave.

    Attributes:
        outcome: One of :data:`DELIVERED` or :data:`RETRYABLE`, or ``maybe_printed``.
        error: Technical detail for the job row (no personal data).
        permanent: The job itself is bad (cannot be rendered): retrying cannot help.
        retry: Sending again cannot print it twice (False once the printer had the whole job).
        maybe: Nobody knows whether the job is on paper: held for staff as ``maybe_printed`` (``why``).
        why: The held job's ``last_outcome``: ``send_error`` (the send itself broke unexpectedly) or
            ``unconfirmed`` (the printer answered status before the job, then went silent: hung or gone
            mid-job).
    """

    outcome: str
    error: str = ""
    permanent: bool = False
    retry: bool = True
    maybe: bool = False
    why: str = ""


def outcome_name(outcome: Any) -> str:
    """Return the plain outcome word of a ``devices.printing.PrintOutcome`` (enum, object or text)."""
    kind = getattr(outcome, "kind", outcome)
    return str(kind)


def resolve_printer_url(url: str, jobs_dir: str) -> str:
    """Turn ``virtual://`` into the loopback URL of the shared bundled virtual printer."""
    if url.startswith("virtual://"):
        from devices import virtual_printer

        return virtual_printer.shared(jobs_dir).url
    return url


class PrintSpooler:
    """Drains one kiosk's outbox in a worker thread; one job at a time, in order, never twice on paper.

    A job is claimed under this kiosk instance (state ``sending``, committed before anything is sent),
    rendered with ``devices.layouts`` and sent with ``devices.printing``. Printed or ``sent`` (taken
    without confirmation by a printer that never answers status), it is marked done and never sent
    again; ``sent`` by a printer that did answer status before (hung or gone mid-job) is held as
    ``maybe_printed`` for staff; on paper out, cover open, offline or
    a time-out before the printer had it, it goes back to pending, a staff call is raised once per fault,
    and the spooler waits and tries again until the printer is back. A fault reported after the printer
    took the whole job is held for staff (failed, no retry): part of it may be on paper.

    What the spooler learnt about a job is kept in memory until the database recorded it (``owed``): a
    database outage between the printer's answer and the update never sends the job again; the update is
    retried until it lands. At start, jobs a former process of this instance left ``sending`` become
    ``maybe_printed`` (staff check the tray); so do jobs of another instance of the kiosk whose lease ran
    out. Nothing left ``sending`` is ever sent again by itself.

    Args:
        ctx: The kiosk context (database, kiosk id, printer URL, settings, ``instance_id``).
        retry_interval_s: Seconds between retries while the printer has a fault.
        instance_id: The kiosk instance claiming jobs (default ``ctx.instance_id``; a fresh random id for a
            context without one, e.g. in tests).
    """

    def __init__(self, ctx: KioskContext, *, retry_interval_s: float = RETRY_INTERVAL_S,
                 instance_id: str | None = None) -> None:
        from kiosk.identity import new_instance_id

        self.ctx = ctx
        self.retry_interval_s = retry_interval_s
        self.instance_id = instance_id or getattr(ctx, "instance_id", "") or new_instance_id()
        self._kick = threading.Event()
        self._stop = threading.Event()
        self._subscribers: list[MessagePump] = []
        self._lock = threading.Lock()
        self._fault: str | None = None
        #: Job id -> the database write that records what happened to it (applied, retried until it lands).
        self.owed: dict[int, Callable[[], Any]] = {}
        self._in_doubt = False
        self._started = False
        self.lost = False
        self.last_outcome = ""
        self.printed_count = 0
        self.unconfirmed_count = 0
        self.maybe_printed: list[int] = []
        #: The printer answered a status request since this worker started: its silence now means trouble.
        self.printer_answers = False

    # -- subscribers --------------------------------------------------------------------------
    def subscribe(self, pump: MessagePump) -> None:
        """Post the spooler's messages to ``pump`` (a screen or the app) until it unsubscribes."""
        with self._lock:
            if pump not in self._subscribers:
                self._subscribers.append(pump)

    def unsubscribe(self, pump: MessagePump) -> None:
        """Stop posting to ``pump``."""
        with self._lock:
            if pump in self._subscribers:
                self._subscribers.remove(pump)

    def _post(self, make: Callable[[], Message]) -> None:
        with self._lock:
            pumps = list(self._subscribers)
        for pump in pumps:
            pump.post_message(make())

    # -- control ------------------------------------------------------------------------------
    @property
    def fault(self) -> str | None:
        """The current printer fault (``paper_out``, ``offline``, …) or None when printing works."""
        return self._fault

    def kick(self) -> None:
        """Wake the worker: new jobs were written to the outbox."""
        self._kick.set()

    def stop(self) -> None:
        """Ask the worker loop to end (app shutdown)."""
        self._stop.set()
        self._kick.set()

    # -- the loop (runs in a thread) ----------------------------------------------------------
    def run(self, is_cancelled: Callable[[], bool] = lambda: False) -> None:
        """Recover, then print every pending job; sleep until kicked or a retry is due.

        Args:
            is_cancelled: Returns True when the owning worker was cancelled.
        """
        from db.services import outbox

        while not (self._stop.is_set() or is_cancelled()):
            self._kick.clear()
            busy = False
            try:
                busy = self.step(is_cancelled)
            except outbox.KioskNotHeld:
                if not self.lost:
                    log.error("KIO-063 print spooler: another install holds this kiosk; nothing is printed here")
                self.lost = True
                self._sleep(30.0, is_cancelled)
                continue
            except Exception as exc:  # noqa: BLE001 - a database blip must not kill printing
                log.warning("print spooler: %s", type(exc).__name__)
                busy = self._in_doubt = True
            self._sleep(self.retry_interval_s if busy else 30.0, is_cancelled)

    def step(self, is_cancelled: Callable[[], bool] = lambda: False) -> bool:
        """One round: hold orphaned jobs, settle what the database still owes, then drain the outbox.

        Returns:
            True when jobs are still waiting (a fault or an unsettled job), False when the outbox is empty.
        """
        from db.services import outbox

        database, kiosk_id = self.ctx.database, self.ctx.kiosk_id
        held = outbox.recover_sending(database, kiosk_id, self.instance_id, own=not self._started)
        self._started = True
        if held:
            self._held(held)
        self.settle()
        if self._in_doubt:
            # Between jobs now: a job still "sending" under this instance and not owed was claimed (its
            # COMMIT in doubt) but never sent, so it may go back to pending.
            outbox.release_unsent(database, kiosk_id, self.instance_id, keep=set(self.owed))
            self._in_doubt = False
        busy = self.drain_once(is_cancelled)
        self.lost = False
        return busy

    def settle(self) -> None:
        """Apply the database writes still owed for jobs whose outcome is known; raise if the database fails."""
        for job_id in sorted(self.owed):
            self.owed[job_id]()
            del self.owed[job_id]

    def _owe(self, job_id: int, write: Callable[[], Any]) -> None:
        """Remember what to record for a job, then try to record it now (kept and retried if it fails)."""
        self.owed[job_id] = write
        self.settle()

    def _held(self, job_ids: list[int]) -> None:
        """Jobs held as maybe printed: logged (ids only), one staff call so someone checks the tray."""
        self.maybe_printed += job_ids
        log.warning("print jobs %s may have printed (interrupted mid-job): held for staff, not sent again",
                    ",".join(map(str, job_ids)))
        self._raise_staff_call("maybe_printed")

    def _sleep(self, seconds: float, is_cancelled: Callable[[], bool]) -> None:
        """Wait until kicked, stopped, cancelled or ``seconds`` passed (polling cancellation)."""
        import time

        end = time.monotonic() + seconds
        while not (self._stop.is_set() or is_cancelled()):
            left = end - time.monotonic()
            if left <= 0 or self._kick.wait(min(left, 0.2)):
                return

    def drain_once(self, is_cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Print pending jobs until the outbox is empty or the printer has a fault.

        Returns:
            True when jobs are still waiting (a fault), False when the outbox is empty.
        """
        from db.services import outbox

        database, kiosk_id, me = self.ctx.database, self.ctx.kiosk_id, self.instance_id
        while not (self._stop.is_set() or is_cancelled()):
            job = outbox.claim_next(database, kiosk_id, instance=me)
            if job is None:
                self._post(OutboxDrained)
                return False
            job_id, kind, payload = _job_fields(job)
            dossier_id = getattr(job, "dossier_id", None)
            result = self.send_job(kind, payload)
            self.last_outcome = result.outcome
            if result.outcome in DELIVERED:
                confirmed = result.outcome == "printed"
                self.printed_count += confirmed
                self.unconfirmed_count += not confirmed
                if self._fault is not None:
                    log.info("printer back after %s", self._fault)
                self._fault = None
                self._post(lambda: JobPrinted(job_id, kind, dossier_id, confirmed))
                self._owe(job_id, partial(outbox.mark_done, database, job_id, result.outcome,
                                          "" if confirmed else result.error, instance=me))
                continue
            if result.maybe:
                log.warning("print job %d: %s; held as maybe printed", job_id, result.why)
                self.maybe_printed.append(job_id)
                self._post(lambda: PrintFailed(job_id, kind, dossier_id, MAYBE))
                self._raise_staff_call(MAYBE)
                self._owe(job_id, partial(outbox.mark_maybe_printed, database, job_id, result.why, result.error,
                                          instance=me))
                continue
            if result.permanent:
                log.warning("print job %d cannot be rendered; marked failed", job_id)
                self._post(lambda: PrintFailed(job_id, kind, dossier_id, "error"))
                self._owe(job_id, partial(outbox.mark_failed, database, job_id, result.outcome, result.error, False,
                                          instance=me))
                continue
            self._owe(job_id, partial(outbox.mark_failed, database, job_id, result.outcome, result.error, result.retry,
                                      instance=me))
            if self._fault != result.outcome:
                self._fault = result.outcome
                self._raise_staff_call(result.outcome)
            self._post(lambda: PrintFailed(job_id, kind, dossier_id, result.outcome))
            if result.retry:
                return True
        return True

    def send_job(self, kind: str, payload: dict[str, Any]) -> SendResult:
        """Render ``payload`` with ``devices.layouts`` and send it to the printer once."""
        from devices import layouts, printing

        settings = self.ctx.settings
        font = settings.printer_font or None
        try:
            data = layouts.render_payload(kind, payload, settings.paper_width_mm, font,
                                          dots=getattr(settings, "printer_dots", None))
        except Exception as exc:  # noqa: BLE001 - a layout error is recorded on the job, not raised
            return SendResult("error", f"render: {type(exc).__name__}: {exc}"[:500], permanent=True)
        try:
            url = resolve_printer_url(self.ctx.printer_url, self.ctx.jobs_dir or str(settings.jobs_dir))
            printing.parse_printer_url(url)
        except Exception as exc:  # noqa: BLE001 - a bad URL (PRN-002), no virtual printer: nothing was sent
            return SendResult("error", f"send: {type(exc).__name__}: {exc}"[:500])
        try:
            outcome = printing.send(url, data)
        except Exception as exc:  # noqa: BLE001 - send() never raises for printer trouble: bytes may be out
            return SendResult(MAYBE, f"send: {type(exc).__name__}"[:500], retry=False, maybe=True, why="send_error")
        name = outcome_name(outcome)
        detail = getattr(outcome, "message", "") or ""
        if name in ANSWERED:
            self.printer_answers = True
        elif name == "sent" and (str(detail).startswith(QUIET_AFTER) or self.printer_answers):
            # It answered status before (this job, or an earlier one) and not now: hung or gone mid-job,
            # maybe half a slip. A printer that never answered (status-less, write-only) stays "sent": done.
            return SendResult(MAYBE, str(detail)[:500], retry=False, maybe=True, why="unconfirmed")
        known = name in DELIVERED or name in RETRYABLE
        nothing_sent = not getattr(outcome, "bytes_sent", 0)
        return SendResult(name if known else "error", str(detail),
                          retry=name not in DELIVERED and nothing_sent and bool(getattr(outcome, "retryable", True)))

    def _raise_staff_call(self, outcome: str) -> None:
        from db.services import devices as device_services

        try:
            device_services.raise_staff_call(
                self.ctx.database, self.ctx.site_id, self.ctx.kiosk_id, "printer", outcome
            )
        except Exception as exc:  # noqa: BLE001 - the job still retries; the heartbeat shows the fault
            log.warning("print spooler: staff call failed: %s", type(exc).__name__)


def _job_fields(job: Any) -> tuple[int, str, dict[str, Any]]:
    return int(job.id), str(job.kind), dict(job.payload)


# --- Textual glue -----------------------------------------------------------------------------------


def ensure_spooler(app: App, ctx: KioskContext) -> PrintSpooler:
    """Return the app's print spooler, starting its worker thread on first use.

    The spooler is kept on the app as ``app.print_spooler``; the worker runs in the
    ``printing`` group and ends when the app exits.
    """
    spooler: PrintSpooler | None = getattr(app, "print_spooler", None)
    if spooler is not None:
        return spooler
    spooler = PrintSpooler(ctx)
    app.print_spooler = spooler  # type: ignore[attr-defined]

    def work() -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        spooler.run(lambda: worker.is_cancelled)

    app.run_worker(work, thread=True, group="printing", name="print-spooler", exit_on_error=False)
    return spooler


def kick_printing(app: App, ctx: KioskContext) -> PrintSpooler:
    """Wake (or start) the print worker after jobs were written to the outbox."""
    spooler = ensure_spooler(app, ctx)
    spooler.kick()
    return spooler


def kick(app: App) -> None:
    """The shell's hook (``KioskApp.kick_printing``): wake or start the print worker of ``app.ctx``."""
    kick_printing(app, app.ctx)  # type: ignore[attr-defined]
