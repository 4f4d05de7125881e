"""Device files and plain files (``file:///dev/usb/lp0``) through python-escpos' File class (write only).

A ``file://`` target is a printer device (character device, or a named pipe a spooler reads), or a job file:
a new file is created owner-only (0600) and an existing one is appended to, never truncated, and only when it
is empty or holds print jobs already (starts with ``ESC @``, as every job of ours does). Any other regular file
(a document, a database, a configuration file named by mistake) and block devices, sockets or folders are refused
with PRN-004 before anything is opened for writing.
"""

from __future__ import annotations

import errno
import os
import stat

from escpos.printer import File

from core.i18n import translator
from devices.printing.errors import PrinterError
from devices.printing.transports.base import Transport

_ = translator("devices")

#: Every job of ours starts with ESC @ (initialise): a file that does is a job file we may append to.
JOB_START = b"\x1b@"
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _refuse_other(path: str) -> PrinterError:
    return PrinterError(_("Không in vào {path}: đó là một tệp có sẵn, không phải tệp lệnh in; tệp không bị ghi đè.",
                          path=path), code="PRN-004")


def _refuse_kind(path: str) -> PrinterError:
    return PrinterError(_("Không in vào {path}: đó không phải thiết bị máy in hay tệp lệnh in.", path=path),
                        code="PRN-004")


def _is_job_file(path: str) -> bool:
    """An existing regular file that is empty or starts like a print job."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(JOB_START))
    except OSError:
        return False
    return head in (b"", JOB_START)


def check_target(path: str) -> os.stat_result | None:
    """Say whether ``path`` may receive print jobs; its ``stat`` (None when it does not exist yet).

    Raises:
        PrinterError: PRN-004 for a regular file that is no job file, a link to one, a block device, socket or folder.
        FileNotFoundError: Neither the file nor its folder exists.
        PermissionError: Not writable.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not os.path.isdir(os.path.dirname(path) or "."):
            raise FileNotFoundError(path) from None
        return None
    if stat.S_ISREG(st.st_mode):
        if os.path.islink(path) or not _is_job_file(path):
            raise _refuse_other(path)
    elif not (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise _refuse_kind(path)
    if not os.access(path, os.W_OK):
        raise PermissionError(f"not writable: {path}")
    return st


def open_target(path: str) -> int:
    """Open ``path`` for writing print jobs (see the module) and return the descriptor.

    Raises:
        PrinterError: PRN-004 (see :func:`check_target`).
        FileNotFoundError, PermissionError: As the OS says; ``ConnectionRefusedError`` for a pipe nobody reads.
    """
    st = check_target(path)
    if st is None:  # a new job file, made by us: never follows a link planted meanwhile
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | _NOFOLLOW | _CLOEXEC, 0o600)
    if stat.S_ISREG(st.st_mode):
        return os.open(path, os.O_WRONLY | os.O_APPEND | _NOFOLLOW | _CLOEXEC)
    if stat.S_ISFIFO(st.st_mode):
        try:  # non-blocking, so a pipe without a reader is "offline" at once instead of a hang
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | _CLOEXEC)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                raise ConnectionRefusedError(errno.ECONNREFUSED, "nobody reads the pipe") from None
            raise
        os.set_blocking(fd, True)
        return fd
    return os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | _CLOEXEC)  # character device: no truncation


class FileTransport(Transport):
    """A character device such as ``/dev/usb/lp0``, a named pipe, or a job file; status cannot be read back."""

    can_read = False

    def open(self) -> None:
        """Open for writing; raises PrinterError (PRN-004), FileNotFoundError / PermissionError."""
        path = self.address.path
        fd = open_target(path)
        printer = File(path, auto_flush=False)
        printer.device = os.fdopen(fd, "wb")
        self.printer = printer

    def write(self, data: bytes) -> None:
        """Write and flush."""
        self.printer._raw(data)
        self.printer.flush()

    def check(self) -> None:
        """Raise if the target cannot take jobs (used by status checks, writes nothing)."""
        check_target(self.address.path)


TRANSPORT = FileTransport
