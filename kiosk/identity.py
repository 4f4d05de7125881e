"""Kiosk identity: one generated id per install, one live process per kiosk.

Every install keeps a generated instance id in ``<data_dir>/kiosk-identity`` (created once, 0600). At
start the ``kiosk`` command (``kiosk.run``) claims its kiosk row with that id
(``db.services.kiosk_identity.claim_kiosk``) and keeps renewing the claim (a lease) while it runs:

- a second process of the same install (same data folder) is refused at once: the first one holds an
  exclusive ``flock`` on the identity file for its whole life (KIO-061). The lock goes with the process,
  so after a crash the next start gets it and knows no other process of this install is alive;
- another install claiming the same kiosk (same site and kiosk code, another data folder or machine)
  while the holder's lease is fresh is refused (KIO-060), with the holder's short id and machine name;
- after a holder stopped renewing for ``LEASE_S`` seconds (dead, cut off), another install may claim it.

The print worker claims jobs under this id (``db.services.outbox``), so jobs are never taken by another
install of the kiosk while this one is alive.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import uuid
from pathlib import Path
from typing import Any

from core.errors import KioskError
from db.engine import Database
from db.services import kiosk_identity as registry
from kiosk.messages import _

try:  # POSIX; elsewhere a second process of one install is caught by the database lease only
    import fcntl
except ImportError:  # pragma: no cover - the kiosk runs on Linux
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

#: The file in the data folder that holds this install's instance id.
IDENTITY_FILE = "kiosk-identity"
_ID = re.compile(r"^[0-9a-f]{32}$")


class IdentityError(KioskError):
    """The identity file cannot be read or made (KIO-062)."""

    code = "KIO-062"


class AlreadyRunning(KioskError):
    """Another process of this install runs this kiosk now (KIO-061)."""

    code = "KIO-061"


class KioskTaken(KioskError):
    """Another live install holds this kiosk (KIO-060)."""

    code = "KIO-060"


def new_instance_id() -> str:
    """A fresh random instance id (32 hex digits)."""
    return uuid.uuid4().hex


def identity_path(data_dir: str | Path) -> Path:
    """Where an install keeps its instance id."""
    return Path(data_dir) / IDENTITY_FILE


def load_or_create(data_dir: str | Path) -> str:
    """Return this install's instance id, making the identity file (0600) the first time.

    The file is written whole under a temporary name and linked into place, so two first starts at
    once agree on one id and a crash never leaves half an id behind.

    Raises:
        IdentityError: the file is damaged or cannot be read or written (KIO-062).
    """
    path = identity_path(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            _create(path)
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeError) as exc:
        raise IdentityError(_("Không đọc hoặc tạo được tệp định danh ki-ốt {path} ({reason}).",
                              path=str(path), reason=type(exc).__name__)) from exc
    if not _ID.match(text):
        raise IdentityError(_("Tệp định danh ki-ốt {path} bị hỏng. Xóa tệp này để máy nhận định danh mới "
                              "(bảng điều khiển sẽ thấy một máy mới).", path=str(path)))
    return text


def _create(path: Path) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (new_instance_id() + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temp, path)  # fails if another process made it first: its id wins
    except FileExistsError:
        pass
    finally:
        temp.unlink(missing_ok=True)


def _lock(path: Path) -> int:
    """Hold an exclusive lock on the identity file for this process's life; KIO-061 when another has it."""
    fd = os.open(path, os.O_RDONLY)
    if fcntl is None:
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise AlreadyRunning(_("Ki-ốt này đang chạy trong một tiến trình khác trên máy này (tệp {path} đang bị "
                               "giữ). Chỉ chạy một ki-ốt cho mỗi thư mục dữ liệu.", path=str(path))) from exc
    return fd


class KioskInstance:
    """This process, registered as the install running one kiosk; renews its lease until closed.

    Attributes:
        instance_id: The install's id (from the identity file).
        kiosk_id: The kiosk row it holds.
        lost: True once a renewal found another install holding the kiosk (KIO-063).
    """

    def __init__(self, database: Database, kiosk_id: int, instance_id: str, lock_fd: int | None,
                 lease_s: float = registry.LEASE_S) -> None:
        self.database = database
        self.kiosk_id = kiosk_id
        self.instance_id = instance_id
        self.lease_s = lease_s
        self.lost = False
        self._lock_fd = lock_fd
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def short(self) -> str:
        """The short form of the id (console, messages)."""
        return registry.short_id(self.instance_id)

    def renew(self) -> bool:
        """Extend the lease once; False (and ``lost``) when another install holds the kiosk now."""
        if registry.renew_claim(self.database, self.kiosk_id, self.instance_id, lease_s=self.lease_s):
            return True
        if not self.lost:
            log.error("KIO-063 another kiosk install took this kiosk after this one's lease ran out; "
                      "this one no longer prints")
        self.lost = True
        return False

    def start_renewing(self, every_s: float = registry.RENEW_S) -> KioskInstance:
        """Renew the lease every ``every_s`` seconds in a daemon thread until :meth:`close`."""

        def loop() -> None:
            while not self._stop.wait(every_s):
                try:
                    self.renew()
                except Exception as exc:  # noqa: BLE001 - a database blip: the next renewal tries again
                    log.warning("kiosk lease not renewed: %s", type(exc).__name__)

        self._thread = threading.Thread(target=loop, name="kiosk-lease", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop renewing, end the lease now (so a restart or another install need not wait), unlock."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if not self.lost:
            try:
                registry.release_claim(self.database, self.kiosk_id, self.instance_id)
            except Exception as exc:  # noqa: BLE001 - the lease then simply runs out
                log.warning("kiosk lease not released: %s", type(exc).__name__)
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def __enter__(self) -> KioskInstance:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def claim(data_dir: str | Path, database: Database, kiosk_id: int, *, kiosk_code: str = "",
          host: str | None = None, lease_s: float = registry.LEASE_S) -> KioskInstance:
    """Register this process as the install running ``kiosk_id``, or refuse with a coded error.

    Args:
        data_dir: The install's data folder (holds the identity file).
        database: The database (migrated).
        kiosk_id: This kiosk's row.
        kiosk_code: Its code, for messages.
        host: This machine's name (default: the host name), shown to an install that is refused.
        lease_s: How long the claim holds without renewal.

    Raises:
        IdentityError: KIO-062; AlreadyRunning: KIO-061; KioskTaken: KIO-060.
    """
    instance_id = load_or_create(data_dir)
    fd = _lock(identity_path(data_dir))
    try:
        result = registry.claim_kiosk(database, kiosk_id, instance_id, host=host or _hostname(), lease_s=lease_s)
    except BaseException:
        os.close(fd)
        raise
    if not result.granted:
        os.close(fd)
        holder = result.holder
        assert holder is not None
        raise KioskTaken(_("Mã ki-ốt {code} đang được một máy khác dùng (mã máy {other}, {host}, còn hoạt động). "
                           "Mỗi máy cần một mã ki-ốt riêng: đặt kiosk_code khác cho máy này (mã máy {mine}), hoặc "
                           "tắt ki-ốt ở máy kia (nếu máy kia tắt đột ngột, chờ {wait} giây).",
                           code=kiosk_code or str(kiosk_id), other=holder.short, host=holder.host or "?",
                           mine=registry.short_id(instance_id), wait=max(1, int(holder.age_s) + 1)))
    former = result.holder
    if former is not None and former.instance_id == instance_id and former.live:
        log.warning("kiosk restarted after an unclean stop (lease still held); its unfinished print jobs are held")
    return KioskInstance(database, kiosk_id, instance_id, fd, lease_s)


def _hostname() -> str:
    try:
        return socket.gethostname()[:80]
    except OSError:
        return ""
