"""Engine and session set-up for SQLite (embedded) and PostgreSQL (shared), with bounded retries."""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.privacy import make_private

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5
PG_LOCK_TIMEOUT_MS = 15_000
RETRY_ATTEMPTS = 6
_ = translator("db")
log = logging.getLogger(__name__)
T = TypeVar("T")

register_catalogue(
    "db",
    {
        "Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau hoặc báo nhân viên kỹ thuật.": (
            "Cannot reach the database. Please try again later or call a technician."
        ),
        "Cơ sở dữ liệu đang bận. Vui lòng thử lại.": "The database is busy. Please try again.",
        "Mất kết nối cơ sở dữ liệu đúng lúc lưu; chưa rõ đã lưu hay chưa.": (
            "The database connection was lost while saving; it is not known whether it was saved."
        ),
        "Bộ nhớ của máy đã đầy nên chưa lưu được. Hãy báo nhân viên kỹ thuật.": (
            "The machine's storage is full, so nothing could be saved. Please call a technician."
        ),
        "Tệp cơ sở dữ liệu bị hỏng hoặc không phải cơ sở dữ liệu. Hãy báo nhân viên kỹ thuật.": (
            "The database file is damaged or not a database. Please call a technician."
        ),
        "Không tạo được thư mục chứa cơ sở dữ liệu: {folder}": "Cannot create the database folder: {folder}",
        "Không thấy tệp cơ sở dữ liệu {path} của bản cài đặt này. Hãy khôi phục tệp từ bản sao lưu; "
        "chỉ khi muốn bắt đầu lại với cơ sở dữ liệu trống, hãy xoá tệp {marker}.": (
            "The database file {path} of this installation is missing. Restore it from a backup; only to start "
            "again with an empty database, delete the file {marker}."
        ),
        "Tệp cơ sở dữ liệu {path} đã bị xoá hoặc thay bằng tệp khác trong khi máy đang chạy; không nhận thêm gì "
        "để không mất dữ liệu. Hãy báo nhân viên kỹ thuật: khôi phục tệp rồi khởi động lại.": (
            "The database file {path} was deleted or replaced by another file while the program was running; "
            "nothing more is accepted so that nothing is lost. Please call a technician: restore the file, then "
            "restart."
        ),
    },
)

# SQLSTATEs worth retrying on PostgreSQL: serialization failure, deadlock, connection lost/refused.
_PG_RETRY_STATES = {"40001", "40P01", "08000", "08001", "08003", "08004", "08006", "57P01", "57P03"}
_PG_BUSY_STATES = {"55P03", "57014"}  # lock_timeout / statement timeout: reported as busy, not retried


class DatabaseUnavailable(KioskError):
    """The database cannot be reached or refused the operation."""

    code = "DB-001"


class DatabaseBusy(DatabaseUnavailable):
    """The database stayed locked or in conflict through every retry."""

    code = "DB-002"


class DatabaseDamaged(DatabaseUnavailable):
    """The SQLite file is corrupt or is not a database at all (never retried)."""

    code = "DB-004"


class CommitInDoubt(DatabaseUnavailable):
    """The connection was lost after COMMIT was sent: the transaction may or may not have been saved."""

    code = "DB-006"


class DatabaseFull(DatabaseUnavailable):
    """The disk under the database is full (SQLite SQLITE_FULL, PostgreSQL 53100): nothing was written."""

    code = "DB-007"


class DatabaseMissing(DatabaseUnavailable):
    """The SQLite file of an installation that was already set up is gone (never silently re-created)."""

    code = "DB-005"


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL (None for PostgreSQL and in-memory databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return None  # URI filenames bring their own open mode
    return Path(parsed.database)


def install_marker(db_file: Path) -> Path:
    """The marker that says the database next to it was created and set up (``.<name>.installed``).

    Hidden and not named ``<name>*``, so clearing ``kiosk.db*`` by hand does not clear it too.
    """
    return db_file.with_name(f".{db_file.name}.installed")


def mark_installed(url: str) -> None:
    """Write the install marker of a SQLite database (after it was migrated and seeded); no-op otherwise."""
    db_file = sqlite_file(url)
    if db_file is None or not db_file.exists():
        return
    marker = install_marker(db_file)
    if not marker.exists():
        try:
            marker.write_text("This installation's database was created here; if it is missing, restore it.\n",
                              encoding="utf-8")
        except OSError as exc:  # a read-only folder only loses the protection, not the start
            log.warning("cannot write the database install marker: %s", type(exc).__name__)


def check_present(db_file: Path) -> None:
    """Refuse to open (and so create) a missing database file when the install marker says it existed.

    Raises:
        DatabaseMissing: DB-005.
    """
    marker = install_marker(db_file)
    if not db_file.exists() and marker.exists():
        raise DatabaseMissing(_(
            "Không thấy tệp cơ sở dữ liệu {path} của bản cài đặt này. Hãy khôi phục tệp từ bản sao lưu; "
            "chỉ khi muốn bắt đầu lại với cơ sở dữ liệu trống, hãy xoá tệp {marker}.",
            path=str(db_file), marker=str(marker)))


class FileIdentity:
    """The SQLite file a :class:`Database` opened, by device and inode, checked before every transaction.

    A file deleted under a running process stays open and writable (its connections write into a file
    nobody will ever read again), and a file replaced by another one (a restored copy, an empty file a
    new connection created) is a different database. Either way the path no longer leads to the file
    first opened: every transaction then stops with DB-005 before it reads or writes anything.

    Args:
        path: The database file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.expected: tuple[int, int] | None = None

    def current(self) -> tuple[int, int] | None:
        """``(st_dev, st_ino)`` of the file at the path now, None when it is gone."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def note_open(self) -> None:
        """Remember the file at the first connection; a later connection must find the same one."""
        now = self.current()
        if self.expected is None:
            self.expected = now
        elif now != self.expected:
            raise self.error()

    def check(self) -> None:
        """Raise DB-005 when the path no longer leads to the file first opened (one ``stat``: ~2 µs)."""
        if self.expected is not None and self.current() != self.expected:
            raise self.error()

    def error(self) -> DatabaseMissing:
        """The DB-005 error for a file deleted or replaced under this process."""
        log.error("DB-005 database file deleted or replaced while running; refusing every transaction")
        return DatabaseMissing(_(
            "Tệp cơ sở dữ liệu {path} đã bị xoá hoặc thay bằng tệp khác trong khi máy đang chạy; không nhận thêm gì "
            "để không mất dữ liệu. Hãy báo nhân viên kỹ thuật: khôi phục tệp rồi khởi động lại.", path=str(self.path)))


def _make_files_private(db_file: Path) -> None:
    """Database folder 0700 and the file with its ``-wal``/``-shm`` 0600, when this user owns them."""
    make_private(db_file.parent)
    for suffix in ("", "-wal", "-shm", "-journal"):
        make_private(db_file.with_name(db_file.name + suffix))
    make_private(install_marker(db_file))


def is_retryable(exc: BaseException) -> bool:
    """Return True when ``exc`` is a transient lock, conflict or connection error.

    Args:
        exc: An exception raised by SQLAlchemy or the DB-API driver.
    """
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _PG_RETRY_STATES:
        return True
    text = str(orig).lower()
    return isinstance(exc, OperationalError) and (
        "database is locked" in text or "database table is locked" in text or "busy" in text
    )


def is_connection_error(exc: BaseException) -> bool:
    """Return True when ``exc`` means the server cannot be reached (not a lock or conflict)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None) or ""
    if state.startswith("08") or state in {"57P01", "57P03"}:
        return True
    text = str(orig).lower()
    return isinstance(exc, OperationalError) and (
        "connection" in text or "unable to open database" in text or "could not connect" in text
    )


def is_busy(exc: BaseException) -> bool:
    """Return True when PostgreSQL gave up waiting for a lock (``lock_timeout``) or a statement timed out."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) in _PG_BUSY_STATES


def is_damaged(exc: BaseException) -> bool:
    """Return True when SQLite says the file is corrupt or not a database."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.DatabaseError):
        return False
    text = str(orig).lower()
    return "file is not a database" in text or "malformed" in text


def is_full(exc: BaseException) -> bool:
    """Return True when the database could not write because its disk is full.

    SQLite rolls the whole transaction back on SQLITE_FULL (even when it happens at COMMIT), and
    PostgreSQL refuses the statement with SQLSTATE 53100, so nothing of the transaction was saved.
    """
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == "53100":
        return True
    if isinstance(orig, sqlite3.Error):
        return getattr(orig, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "database or disk is full" in str(orig)
    return False


def unavailable(exc: BaseException) -> DatabaseUnavailable:
    """Translate a driver error into a human :class:`DatabaseUnavailable` (no SQL, no data)."""
    if is_full(exc):
        return DatabaseFull(_("Bộ nhớ của máy đã đầy nên chưa lưu được. Hãy báo nhân viên kỹ thuật."))
    if is_damaged(exc):
        return DatabaseDamaged(_("Tệp cơ sở dữ liệu bị hỏng hoặc không phải cơ sở dữ liệu. Hãy báo nhân viên kỹ thuật."))
    if is_busy(exc) or (is_retryable(exc) and not is_connection_error(exc)):
        return DatabaseBusy(_("Cơ sở dữ liệu đang bận. Vui lòng thử lại."))
    return DatabaseUnavailable(
        _("Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau hoặc báo nhân viên kỹ thuật.")
    )


def database_error(exc: BaseException) -> DatabaseUnavailable | None:
    """Map a driver error to its stable code (DB-001 unreachable, DB-002 busy, DB-004 damaged), else None.

    The one place that decides which driver errors are the database's state rather than a bug: the
    transaction helpers use it, and so do the command-line entry points (``core.cli.run_cli``), so a
    command that talks to the engine directly still reports a code instead of a raw driver error.

    Args:
        exc: Any exception; only SQLAlchemy driver errors (``DBAPIError``) are mapped.

    Returns:
        The human error to show, or None when ``exc`` is not such a database error.
    """
    if not isinstance(exc, DBAPIError):
        return None
    if is_retryable(exc) or is_connection_error(exc) or is_busy(exc) or is_damaged(exc) or is_full(exc):
        return unavailable(exc)
    return None


def _begin_immediate(conn) -> None:  # noqa: ANN001
    """``BEGIN IMMEDIATE``, polling every millisecond or two until the busy timeout.

    SQLite's own busy handler backs off to 100 ms sleeps, so a console that writes in a loop can
    starve another for seconds; short jittered polls give waiting writers a fair chance.
    """
    raw = conn.connection.dbapi_connection
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    raw.execute("PRAGMA busy_timeout=2")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if not ("locked" in text or "busy" in text) or time.monotonic() >= deadline:
                    break
                time.sleep(random.uniform(0.0002, 0.002))
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # last try; raises the wrapped driver error
    finally:
        raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def make_engine(url: str) -> Engine:
    """Create an engine: SQLite with WAL, foreign keys, a busy timeout and explicit BEGIN; PG with pre-ping.

    SQLite runs ``synchronous=FULL``: a commit is on disk before it returns, so a receipt printed after
    it cannot outlive its dossier in a power cut (``bench/durability_bench.py`` measures the cost). The
    file is checked by identity (:class:`FileIdentity`) at every connection and every transaction, so
    one deleted or replaced under a running process stops everything with DB-005. The folder is created
    0700 and the files are made 0600 (personal data).

    On SQLite, pysqlite's own transaction handling is switched off and each transaction starts with
    ``BEGIN IMMEDIATE`` (the write lock is taken up front and waits on the busy timeout, instead of
    failing at the read→write upgrade). A connection or engine with the execution option
    ``sqlite_begin="DEFERRED"`` starts read-only transactions that do not take the write lock.

    Args:
        url: SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db_file = sqlite_file(url)
        if db_file is not None:
            check_present(db_file)
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError:
                raise DatabaseUnavailable(
                    _("Không tạo được thư mục chứa cơ sở dữ liệu: {folder}", folder=str(folder))
                ) from None
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )

        identity = FileIdentity(db_file) if db_file is not None else None
        if db_file is not None:

            @event.listens_for(engine, "do_connect")
            def _refuse_recreate(*_args) -> None:  # noqa: ANN002
                # Each new connection would create an empty file in place of a deleted one.
                check_present(db_file)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()
            if identity is not None:
                _make_files_private(identity.path)
                identity.note_open()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:  # noqa: ANN001
            if conn.get_execution_options().get("sqlite_begin", "IMMEDIATE") != "IMMEDIATE":
                conn.exec_driver_sql("BEGIN")
            else:
                _begin_immediate(conn)
            if identity is not None:
                try:
                    identity.check()  # the transaction just begun must be on the file first opened
                except DatabaseMissing:
                    conn.connection.dbapi_connection.execute("ROLLBACK")
                    raise

        return engine
    # Fail fast when the server is unreachable, never wait forever on a row another client holds, and
    # end sessions a crashed client left idle inside a transaction. Values in the URL take precedence.
    defaults = {
        "connect_timeout": PG_CONNECT_TIMEOUT_S,
        "application_name": "vn-service-kiosk",
        "options": f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} -c idle_in_transaction_session_timeout=300000",
    }
    connect_args = {k: v for k, v in defaults.items() if k not in parsed.query}
    try:
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect_args)
    except ModuleNotFoundError as exc:  # driver missing: a setup problem, said plainly
        raise DatabaseUnavailable(f"database driver not installed: {exc.name}") from None


class Database:
    """An engine plus a session factory; the one object services receive.

    Args:
        url: SQLAlchemy URL.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one write transaction: commit on success, roll back on error.

        Driver errors (locked, unreachable, damaged file) surface as :class:`DatabaseUnavailable`; the
        body is not re-run. Use :meth:`run` for work that may be retried.
        """
        with _transaction(self.sessions) as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reads only (SQLite: deferred BEGIN, so it never waits for writers)."""
        with _transaction(self._read_sessions) as session:
            yield session

    def run(self, work: Callable[[Session], T], *, attempts: int = RETRY_ATTEMPTS, read_only: bool = False) -> T:
        """Run ``work(session)`` in one transaction, retrying transient lock/conflict/connection errors.

        ``work`` must be safe to re-run from the start (it only touches the database). Lock waits,
        serialization failures and deadlocks are retried; a lost connection is retried only before
        COMMIT was sent (after it, the outcome is unknown, so it is reported, not repeated).

        Args:
            work: Callable receiving the session; its return value is returned.
            attempts: Total tries before giving up.
            read_only: Use a read transaction.

        Raises:
            DatabaseUnavailable: when every attempt failed on a transient error.
        """
        factory = self._read_sessions if read_only else self.sessions
        delay = 0.05
        for attempt in range(1, attempts + 1):
            committing = False
            try:
                with factory() as session:
                    with session.begin():
                        result = work(session)
                        committing = True  # the block's exit sends COMMIT
                    return result
            except DBAPIError as exc:
                if is_busy(exc) or is_damaged(exc) or is_full(exc):
                    raise unavailable(exc) from exc
                if not (is_retryable(exc) or is_connection_error(exc)):
                    raise
                # A connection lost during COMMIT leaves the outcome unknown: never run the work twice.
                if committing and is_connection_error(exc):
                    raise CommitInDoubt(_("Mất kết nối cơ sở dữ liệu đúng lúc lưu; chưa rõ đã lưu hay chưa.")) from exc
                if attempt == attempts:
                    raise unavailable(exc) from exc
                log.warning("database transient error (attempt %d/%d): %s", attempt, attempts, type(exc.orig).__name__)
                time.sleep(delay + random.uniform(0, delay))
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()


@contextmanager
def _transaction(factory: sessionmaker) -> Iterator[Session]:
    """One transaction from ``factory``; transient, connection and damaged-file errors become human errors."""
    try:
        with factory() as session:
            with session.begin():
                yield session
    except DBAPIError as exc:
        mapped = database_error(exc)
        if mapped is None:
            raise
        raise mapped from exc
