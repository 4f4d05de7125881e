"""A throw-away PostgreSQL cluster on its own loopback port, for tests that stop and restart the server.

``initdb`` in a temporary folder, ``pg_ctl start`` on a free port (loopback only, socket in the same
folder, trust authentication), ``restart``/``stop`` on demand, the folder removed afterwards. Run as
root, the server commands run as the ``postgres`` user (``runuser``), as initdb refuses root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

#: Durability settings irrelevant to a restart test (a clean or crashed server process, not the OS).
FAST = "-c fsync=off -c full_page_writes=off -c synchronous_commit=on"


def find_bindir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl`` (PATH first, then the newest /usr/lib/postgresql/*/bin)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unavailable_reason() -> str | None:
    """Why no private cluster can be made here (None when it can)."""
    if find_bindir() is None:
        return "initdb/pg_ctl not installed (PostgreSQL server binaries)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a 'postgres' user to run initdb as"
        if shutil.which("runuser") is None:
            return "running as root without runuser"
    return None


class PgCluster:
    """One private cluster: :meth:`start`, :meth:`restart`, :meth:`stop`, :meth:`remove`; :attr:`url`."""

    def __init__(self) -> None:
        bindir = find_bindir()
        assert bindir is not None
        self.bindir = bindir
        self.base = Path(tempfile.mkdtemp(prefix="kiosk-faults-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = free_port()
        self._owner: tuple[int, int] | None = None
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            self._owner = (user.pw_uid, user.pw_gid)
            os.chown(self.base, *self._owner)
        self.restarts = 0

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the cluster's ``postgres`` database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self._owner is not None:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.base)
        if result.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed ({result.returncode}): {result.stderr.strip()}\n{tail}")
        return result

    def init(self) -> "PgCluster":
        """``initdb`` (trust, UTF-8, C locale, no fsync)."""
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
                  "--no-sync", "--no-instructions")
        return self

    def start(self) -> "PgCluster":
        """Start on :attr:`port` and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 {FAST}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        return self

    def restart(self, mode: str = "fast") -> float:
        """``pg_ctl restart -m mode`` (same options); returns the seconds it took."""
        started = time.monotonic()
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", mode, "-w", "-t", "60", "restart")
        self.restarts += 1
        return time.monotonic() - started

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (no error when it is not running)."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")
        except RuntimeError:
            pass

    def remove(self) -> None:
        """Stop it and delete its folder."""
        self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)
