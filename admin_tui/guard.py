"""Keep the console alive when the database goes away mid-session.

Two layers:

* :class:`ConsoleDatabase` wraps the :class:`db.engine.Database` the console uses. ``Database`` turns lock and
  connection errors into :class:`DatabaseUnavailable`, but other driver errors pass through raw — e.g. a
  deleted SQLite file is re-created empty by the next connection and every query then fails with
  ``no such table``. The wrapper turns those ``OperationalError``/``ProgrammingError``/``InternalError`` into
  the same human ``DatabaseUnavailable`` so that the modes' ``except KioskError`` handlers show them inline.
  ``IntegrityError`` (duplicates, guarded updates) still reaches the services, which translate it themselves.
* :func:`database_problem` recognises such an error (also wrapped in Textual's ``WorkerFailed``) so that
  ``AdminApp`` shows a notification instead of exiting with a traceback when a worker did not catch it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.exc import InternalError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from core.errors import KioskError
from db.engine import Database, DatabaseUnavailable, unavailable

T = TypeVar("T")
_RAW = (OperationalError, ProgrammingError, InternalError)


class ConsoleDatabase:
    """A :class:`Database` whose driver failures are always :class:`DatabaseUnavailable`.

    Every other attribute (``url``, ``dialect``, ``engine``, ``dispose``…) is the wrapped database's.
    """

    def __init__(self, database: Database) -> None:
        self.wrapped = database

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)

    def run(self, work: Callable[[Session], T], **kwargs: Any) -> T:
        """``Database.run`` with raw driver errors translated."""
        try:
            return self.wrapped.run(work, **kwargs)
        except _RAW as exc:
            raise unavailable(exc) from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """``Database.session`` with raw driver errors translated."""
        try:
            with self.wrapped.session() as session:
                yield session
        except _RAW as exc:
            raise unavailable(exc) from exc

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """``Database.read_session`` with raw driver errors translated."""
        try:
            with self.wrapped.read_session() as session:
                yield session
        except _RAW as exc:
            raise unavailable(exc) from exc


def database_problem(error: BaseException) -> KioskError | None:
    """Return the human database error behind ``error`` (a worker failure or a handler's exception), else None."""
    inner = getattr(error, "error", None)  # textual.worker.WorkerFailed keeps the worker's exception here
    for candidate in (error, inner):
        if isinstance(candidate, DatabaseUnavailable):
            return candidate
        if isinstance(candidate, _RAW):
            return unavailable(candidate)
    return None
