"""Camera work off the UI thread: ID-card QR scanning and document page capture, as typed messages."""

from __future__ import annotations

import errno
import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
from textual.message import Message

from core.i18n import register_catalogue

log = logging.getLogger(__name__)

#: Advice code of a page that could not be stored (disk full, read-only disk, no permission): the photo was fine,
#: so the citizen is not asked to retake it but to hand the original over at the counter.
STORAGE_FAILED = "storage_failed"
#: What the citizen reads then (the log says KIO-050 disk full, KIO-051 any other write failure).
STORAGE_FAILED_TEXT = ("Máy chưa lưu được ảnh lúc này. Quý khách vui lòng chọn “Nộp bản gốc tại quầy” cho giấy tờ "
                       "này hoặc hỏi nhân viên.")
register_catalogue("kiosk", {
    STORAGE_FAILED_TEXT: "This kiosk cannot store photos right now. Please choose “Hand over the original at the "
                         "counter” for this document, or ask a member of staff.",
})
#: errno values that mean "no room": disk full, quota, file too large.
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})

#: Seconds between frames when the source gives them faster (keeps 2 cores free for the UI).
FRAME_INTERVAL_S = 0.05
#: Consecutive reads of the same QR text needed before it counts as found.
CONFIRM_READS = 2
#: Frames in a row without an image before the camera counts as lost.
MAX_EMPTY_FRAMES = 40


#: Last camera state seen by a worker: ``unknown``, ``ok``, ``demo`` or ``missing`` (for the heartbeat).
_last_state = "unknown"


class CameraMissing(Exception):
    """No camera is configured, or it cannot be opened or gives no frames."""


def camera_state(app: Any) -> str:
    """The shell's heartbeat hook: the camera state the last camera worker saw."""
    if _last_state == "unknown" and not getattr(getattr(app, "ctx", None), "camera_source", ""):
        return "missing"
    return _last_state


def note_state(state: str) -> None:
    """Record the camera state the heartbeat reports (camera workers, and ``kiosk.device_watch``'s checks)."""
    global _last_state
    _last_state = state


_note_state = note_state


# --- Messages ---------------------------------------------------------------------------------------


class ScanStatusChanged(Message):
    """The live QR scan status changed.

    Args:
        status: ``searching`` (đang tìm), ``holding`` (giữ yên) or ``found`` (đã thấy).
    """

    def __init__(self, status: str) -> None:
        super().__init__()
        self.status = status


class CodeScanned(Message):
    """A code was read steadily from the camera (or typed by a handheld scanner).

    Args:
        text: The payload text (untrusted; display literally).
        format: Symbology, e.g. ``QRCode``; ``scanner`` for a handheld scanner burst.
    """

    def __init__(self, text: str, format: str) -> None:  # noqa: A002 - the symbology's name
        super().__init__()
        self.text = text
        self.format = format


class CameraFailed(Message):
    """The camera is missing or stopped giving frames.

    Args:
        reason: Technical reason (no personal data).
    """

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class PageAnalysed(Message):
    """The live page check of the latest frame (sharpness, glare, advice).

    Args:
        found: A page was found in the frame.
        ok: Good enough to keep.
        advice: Advice codes of ``devices.capture`` joined by ``;`` (``too_blurry;glare``), "" when fine.
    """

    def __init__(self, found: bool, ok: bool, advice: str) -> None:
        super().__init__()
        self.found = found
        self.ok = ok
        self.advice = advice


class PageCaptured(Message):
    """A page was captured and saved (or rejected with advice).

    Args:
        path: Saved image, or None when the page was not good enough.
        advice: Why it was rejected: advice codes joined by ``;`` ("" when saved).
    """

    def __init__(self, path: Path | None, advice: str) -> None:
        super().__init__()
        self.path = path
        self.advice = advice


# --- Frame sources ------------------------------------------------------------------------------------


def open_camera(spec: str) -> Any:
    """Open the configured camera source.

    Args:
        spec: ``demo``, a device path or index, a video file or a folder of images; "" = none.

    Raises:
        CameraMissing: Nothing configured or the source cannot be opened.
    """
    if not spec:
        _note_state("missing")
        raise CameraMissing("no camera configured")
    from devices import camera

    try:
        source = camera.open_source(spec, loop=True)
    except Exception as exc:  # noqa: BLE001 - any open failure means "no camera" to the citizen
        _note_state("missing")
        raise CameraMissing(f"{type(exc).__name__}: {exc}") from None
    state = str(getattr(source, "state", "ok") or "ok")
    if state in ("missing", "error", "offline", "closed"):
        _close(source)
        _note_state("missing")
        raise CameraMissing(f"camera state {state}")
    _note_state("demo" if spec == "demo" else "ok")
    return source


def _close(source: Any) -> None:
    close = getattr(source, "close", None) or getattr(source, "release", None)
    if close is not None:
        try:
            close()
        except Exception:  # noqa: BLE001
            pass


def _read(source: Any) -> Any:
    """Read one frame; a finished video or folder starts again; raises CameraMissing when lost."""
    frame = source.read()
    if frame is None:
        state = getattr(source, "state", "ok")
        if state == "ended" and getattr(source, "reopen", None) is not None and source.reopen():
            frame = source.read()
        elif state in ("missing", "error"):
            _note_state("missing")
            raise CameraMissing(f"camera state {state}")
    return frame


# --- QR scanning --------------------------------------------------------------------------------------


@dataclass
class ScanTracker:
    """Turns per-frame decodes into steady statuses: searching → holding → found.

    A QR counts as found after :data:`CONFIRM_READS` consecutive frames read the same text,
    so a code passing through the view is not taken half-way.
    """

    confirm: int = CONFIRM_READS
    status: str = "searching"
    _last: str | None = None
    _count: int = 0

    def feed(self, texts: list[str]) -> tuple[str, str | None]:
        """Take the texts decoded from one frame; return ``(status, confirmed text or None)``."""
        if not texts:
            self._last, self._count, self.status = None, 0, "searching"
            return self.status, None
        text = texts[0]
        if text == self._last:
            self._count += 1
        else:
            self._last, self._count = text, 1
        if self._count >= self.confirm:
            self.status = "found"
            return self.status, text
        self.status = "holding"
        return self.status, None


LIVE_DECODE_BUDGET_MS = 40


def scan_codes(
    source: Any,
    *,
    post: Callable[[Message], object],
    is_cancelled: Callable[[], bool],
    qr_only: bool = True,
) -> str | None:
    """Read frames until a QR payload is read steadily; post status changes and the result.

    Runs in a worker thread. Posts :class:`ScanStatusChanged` on every change, then
    :class:`CodeScanned` once, or :class:`CameraFailed` when frames stop coming.

    Returns:
        The confirmed payload text, or None when cancelled or the camera failed.
    """
    from devices.codes import decode_frame

    tracker = ScanTracker()
    shown = ""
    empty = 0
    while not is_cancelled():
        frame = _read(source)
        if frame is None:
            empty += 1
            if empty >= MAX_EMPTY_FRAMES:
                post(CameraFailed("no frames"))
                return None
            time.sleep(FRAME_INTERVAL_S)
            continue
        empty = 0
        try:
            # A live camera gives another frame soon: a short retry budget keeps an empty
            # frame from costing ~150 ms of CPU while the next frame is probably better.
            codes = decode_frame(frame, formats=["QRCode"] if qr_only else None, budget_ms=LIVE_DECODE_BUDGET_MS)
        except Exception as exc:  # noqa: BLE001 - a bad frame is skipped
            log.debug("decode failed: %s", type(exc).__name__)
            codes = []
        texts = [c.text for c in codes if not qr_only or c.format in ("QRCode", "MicroQRCode")]
        status, text = tracker.feed(texts)
        if status != shown:
            shown = status
            post(ScanStatusChanged(status))
        if text is not None:
            post(CodeScanned(text, "QRCode"))
            return text
        time.sleep(FRAME_INTERVAL_S)
    return None


# --- Document capture -----------------------------------------------------------------------------------


def new_scan_folder(scans_dir: Path) -> Path:
    """Create a private folder for one session's captured pages (deleted on wipe or after hand-over)."""
    folder = Path(scans_dir) / f"s-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def storage_failed(exc: OSError) -> PageCaptured:
    """Log why a page could not be stored (KIO-050 no space, KIO-051 any other write failure; the errno name,
    never a path) and return the capture result that sends the citizen to the counter."""
    code = "KIO-050" if exc.errno in _NO_SPACE else "KIO-051"
    log.warning("%s cannot store a captured page: %s", code, errno.errorcode.get(exc.errno or 0, type(exc).__name__))
    return PageCaptured(None, STORAGE_FAILED)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a 0600 temporary file beside it, flushed, then renamed.

    A disk that fills up half-way leaves no half page behind (the temporary file is removed).

    Raises:
        OSError: The write failed (``ENOSPC`` when the disk is full).
    """
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def advice_codes(check: Any) -> str:
    """Return the advice codes of a ``devices.capture.PageCheck`` joined by ``;`` ("" when fine)."""
    advice = getattr(check, "advice", None) or []
    if isinstance(advice, str):
        return advice
    return ";".join(str(a) for a in advice if a)


def _analyse(frame: Any) -> Any:
    try:
        from devices.capture import analyse_page
    except ImportError:  # the package's __init__ may not re-export it
        from devices.capture.page import analyse_page
    return analyse_page(frame)


class PageCamera:
    """Live page analysis in a worker thread; the citizen taps to keep the current page.

    Args:
        source: An open frame source.
    """

    def __init__(self, source: Any) -> None:
        self.source = source
        self._latest: tuple[Any, Any] | None = None  # (frame, PageCheck)

    def watch(self, *, post: Callable[[Message], object], is_cancelled: Callable[[], bool]) -> None:
        """Analyse frames until cancelled; post :class:`PageAnalysed` when the verdict changes."""
        last: tuple[bool, bool, str] | None = None
        empty = 0
        while not is_cancelled():
            frame = _read(self.source)
            if frame is None:
                empty += 1
                if empty >= MAX_EMPTY_FRAMES:
                    post(CameraFailed("no frames"))
                    return
                time.sleep(FRAME_INTERVAL_S)
                continue
            empty = 0
            try:
                check = _analyse(frame)
            except Exception as exc:  # noqa: BLE001
                log.debug("analyse failed: %s", type(exc).__name__)
                continue
            self._latest = (frame, check)
            verdict = (bool(check.found), bool(check.ok), advice_codes(check))
            if verdict != last:
                last = verdict
                post(PageAnalysed(*verdict))
            time.sleep(FRAME_INTERVAL_S * 2)

    def capture(self, folder: Path, name: str) -> PageCaptured:
        """Keep the latest analysed page when it passed the checks (called from a worker).

        The straightened page (not the whole camera frame) is written as PNG under ``folder``.
        """
        latest = self._latest
        if latest is None:
            frame = _read(self.source)
            if frame is None:
                return PageCaptured(None, "no_frame")
            latest = (frame, _analyse(frame))
        _frame, check = latest
        if not check.ok or check.page is None:
            return PageCaptured(None, advice_codes(check) or "retake")
        ok, encoded = cv2.imencode(".png", check.page)  # in memory: libpng never writes to the terminal
        if not ok:
            return PageCaptured(None, "retake")
        path = Path(folder) / f"{name}.png"
        try:
            write_private(path, encoded.tobytes())
        except OSError as exc:
            return storage_failed(exc)
        return PageCaptured(path, "")

    def close(self) -> None:
        """Release the camera."""
        _close(self.source)
