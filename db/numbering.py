"""Race-free numbering: one atomic upsert ... RETURNING per number (tickets, dossier references).

On SQLite a number is also never issued twice across the life of the database *file*: every number
committed is written to a high-water file beside the database (``.kiosk.db.numbers``), and a counter
found at or below its mark (the database was deleted and started empty, or restored from an older
copy) is raised above it before the number is used. Deleting the install marker, or the database
with it, no longer restarts the day's references at 0001.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import bindparam, event, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from db.models import Counter

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux: writers in one process are still serialised
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

_ = translator("db")
register_catalogue(
    "db",
    {
        "Thời điểm phải có múi giờ.": "The time must carry a time zone.",
        "Mã đơn vị tiếp nhận đang trống.": "The receiving unit code is empty.",
    },
)

try:
    from zoneinfo import ZoneInfo

    VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # noqa: BLE001 - no tz database: Vietnam has had no DST since 1975
    VN_TZ = timezone(timedelta(hours=7), "ICT")  # type: ignore[assignment]

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: readable on thermal paper and when spoken on the phone.
SECRET_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
SECRET_LENGTH = 4


class NumberingError(KioskError):
    """A number could not be produced from the given inputs."""

    code = "NUM-001"


def business_day(at: datetime) -> date:
    """Return the business day (Asia/Ho_Chi_Minh calendar date) of an aware instant.

    Args:
        at: A timezone-aware datetime.

    Raises:
        NumberingError: for a naive datetime.
    """
    if at.tzinfo is None:
        raise NumberingError(_("Thời điểm phải có múi giờ."))
    return at.astimezone(VN_TZ).date()


def local_time(at: datetime) -> datetime:
    """Return ``at`` in Vietnam time (for printing: ISO with +07:00)."""
    return at.astimezone(VN_TZ)


def next_value(session: Session, kind: str, scope: str, day: date) -> int:
    """Advance the counter ``(kind, scope, day)`` by one and return the new value, in one statement.

    ``INSERT ... ON CONFLICT (kind, scope, day) DO UPDATE SET value = counters.value + 1 RETURNING
    value`` — atomic on PostgreSQL and SQLite ≥ 3.35; the row stays locked until the caller's
    transaction ends, so a rolled-back number is reused rather than lost (no gaps). On a SQLite file
    the value is also kept above the high-water mark of numbers already committed (see the module),
    and the mark is raised once the caller's transaction commits.

    Args:
        session: Session in the caller's transaction.
        kind: ``ticket`` or ``dossier``.
        scope: Sequence scope (``<site id>:<prefix>`` or a unit code).
        day: Business day.
    """
    stmt = _upsert_statement(session.get_bind().dialect.name)
    value = int(session.execute(stmt, {"kind": kind, "scope": scope, "day": day}).scalar_one())
    return _above_high_water(session, kind, scope, day, value)


@lru_cache(maxsize=4)
def _upsert_statement(dialect: str):  # noqa: ANN202 - a dialect-specific Insert
    """Build the counter upsert once per dialect (parameters are bound at execution)."""
    table = Counter.__table__
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(kind=bindparam("kind"), scope=bindparam("scope"), day=bindparam("day"), value=1)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.kind, table.c.scope, table.c.day], set_={"value": table.c.value + 1}
    ).returning(table.c.value)


def lookup_secret(length: int = SECRET_LENGTH) -> str:
    """Return a random lookup secret from :data:`SECRET_ALPHABET` (``secrets``, not ``random``)."""
    return "".join(secrets.choice(SECRET_ALPHABET) for _i in range(length))


def format_reference(unit_code: str, day: date, seq: int) -> str:
    """Return ``<unit>-<YYMMDD>-<NNNN>`` (a fifth digit appears past 9999)."""
    return f"{unit_code}-{day:%y%m%d}-{seq:04d}"


def format_ticket(prefix: str, seq: int) -> str:
    """Return ``<prefix>-<NNN>`` (``HT-012``; past 999 the sequence keeps going: ``HT-1000``)."""
    return f"{prefix}-{seq:03d}"


def new_dossier_reference(session: Session, unit_code: str, received_at: datetime) -> tuple[str, str]:
    """Return a new dossier reference and its lookup secret.

    Args:
        session: Session in the dossier's transaction.
        unit_code: The receiving unit's document-exchange code (``000.00.16.H36``).
        received_at: Aware receipt time; its Vietnam date is the reference date and sequence day.

    Returns:
        ``("000.00.16.H36-231121-0001", "7KQM")``.
    """
    unit = unit_code.strip()
    if not unit:
        raise NumberingError(_("Mã đơn vị tiếp nhận đang trống."), code="NUM-002")
    day = business_day(received_at)
    seq = next_value(session, "dossier", unit, day)
    return format_reference(unit, day, seq), lookup_secret()


def new_ticket_number(session: Session, site_id: int, prefix: str, day: date) -> tuple[int, str]:
    """Return ``(seq, number)`` for the next ticket of a queue prefix at a site on a business day."""
    seq = next_value(session, "ticket", f"{site_id}:{prefix}", day)
    return seq, format_ticket(prefix, seq)


# --- High-water mark (SQLite) ---------------------------------------------------------------------------

#: Days of marks kept before the newest day in the file (a reference carries its day, so only a number of
#: the same day can collide; two months cover a clock set back by weeks).
HIGH_WATER_DAYS = 62
_PENDING = "numbering.high_water"
_LISTENING = "numbering.high_water_listening"
_FORMAT = "vn-kiosk-numbers"


def high_water_file(db_file: Path) -> Path:
    """The high-water file of a SQLite database file (``.<name>.numbers`` beside it).

    Hidden and not named ``<name>*``, like the install marker, so clearing ``kiosk.db*`` leaves it.
    """
    return db_file.with_name(f".{db_file.name}.numbers")


class HighWater:
    """The highest number committed per counter ``(kind, scope, day)``, kept in a small JSON file.

    Written atomically (temporary file, ``fsync``, rename, ``fsync`` of the folder) under an advisory
    lock, merged with what is there (maximum per key), so several processes on one database file only
    ever raise it.

    Args:
        path: The file (:func:`high_water_file`).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._cache: tuple[tuple[int, int, int], dict[str, int]] | None = None

    def marks(self) -> dict[str, int]:
        """Every mark in the file (empty when there is none yet; an unreadable file is logged, NUM-011)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return {}
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached = self._cache
        if cached is not None and cached[0] == key:
            return cached[1]
        marks = self._read()
        self._cache = (key, marks)
        return marks

    def floor(self, key: str) -> int:
        """The highest number committed for ``key`` (0 when none)."""
        return self.marks().get(key, 0)

    def _read(self) -> dict[str, int]:
        try:
            doc = json.loads(self.path.read_bytes())
            high = doc["high"] if isinstance(doc, dict) and doc.get("format") == _FORMAT else None
            if not isinstance(high, dict):
                raise ValueError("not a numbers file")
            return {str(k): int(v) for k, v in high.items() if isinstance(v, int) and not isinstance(v, bool)}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError):
            log.warning("NUM-011 the numbering high-water file %s is unreadable; it will be written again",
                        self.path.name)
            return {}

    def record(self, values: dict[str, int]) -> None:
        """Raise the marks of ``values`` (never lowers one) and write the file durably."""
        with self._lock, self._file_lock():
            self._cache = None
            merged = dict(self._read())
            for key, value in values.items():
                if value > merged.get(key, 0):
                    merged[key] = value
            days = [k.rsplit("|", 1)[-1] for k in merged]
            newest = max(days, default="")
            if newest:
                oldest = (date.fromisoformat(newest) - timedelta(days=HIGH_WATER_DAYS)).isoformat()
                merged = {k: v for k, v in merged.items() if k.rsplit("|", 1)[-1] >= oldest}
            data = json.dumps({"format": _FORMAT, "version": 1, "high": dict(sorted(merged.items()))},
                              separators=(",", ":")).encode()
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
            _fsync_folder(self.path.parent)

    def _file_lock(self):  # noqa: ANN202 - a context manager
        return _FlockFile(self.path.with_name(self.path.name + ".lock"))


class _FlockFile:
    """An exclusive ``flock`` on a lock file for the block (no-op where ``fcntl`` is missing)."""

    def __init__(self, path: Path) -> None:
        self.path, self.fd = path, -1

    def __enter__(self) -> "_FlockFile":
        if fcntl is not None:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing releases the lock
            self.fd = -1


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_high_waters: dict[str, HighWater] = {}
_high_waters_lock = threading.Lock()


def high_water_for(session: Session) -> HighWater | None:
    """The high-water mark of the session's database (None unless it is a SQLite file)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" or (
            url.database.startswith("file:")):
        return None
    path = high_water_file(Path(url.database))
    key = str(path)
    with _high_waters_lock:
        found = _high_waters.get(key)
        if found is None:
            found = _high_waters[key] = HighWater(path)
        return found


def _mark_key(kind: str, scope: str, day: date) -> str:
    return f"{kind}|{scope}|{day.isoformat()}"


def _above_high_water(session: Session, kind: str, scope: str, day: date, value: int) -> int:
    """``value`` checked against the high-water mark; remembered for the file once the transaction commits."""
    marks = high_water_for(session)
    if marks is None:
        return value
    key = _mark_key(kind, scope, day)
    floor = marks.floor(key)
    if value <= floor:
        # The database is younger than numbers already printed: never issue one of them again.
        log.error("NUM-010 %s counter for %s below its high-water mark (%d <= %d): raised above it",
                  kind, day.isoformat(), value, floor)
        value = floor + 1
        table = Counter.__table__
        session.execute(update(table).where(table.c.kind == kind, table.c.scope == scope, table.c.day == day)
                        .values(value=value))
    if not session.info.get(_LISTENING):
        session.info[_LISTENING] = True  # once per session; the listeners go with it
        event.listen(session, "after_commit", _write_high_water)
        event.listen(session, "after_transaction_end", _forget_high_water)
    pending = session.info.setdefault(_PENDING, {})
    pending[key] = max(value, pending.get(key, 0))
    return value


def _write_high_water(session: Session) -> None:
    """After COMMIT: write the numbers this transaction issued (a failure is logged: the numbers stand)."""
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    try:
        marks = high_water_for(session)
        if marks is not None:
            marks.record(pending)
    except OSError as exc:
        log.warning("NUM-012 cannot write the numbering high-water file: %s", type(exc).__name__)


def _forget_high_water(session: Session, transaction: object) -> None:
    """The outermost transaction ended without COMMIT (it would have written them): nothing was issued."""
    if getattr(transaction, "parent", None) is None:
        session.info.pop(_PENDING, None)
