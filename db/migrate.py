"""Alembic migrations inside the package: upgrade, autogenerate the next revision, ensure a ready database."""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.settings import Settings
from db.engine import Database, is_connection_error, is_damaged, is_retryable, mark_installed, unavailable

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
INITIAL_REVISION = "0001"
_PG_LOCK_KEY = 0x4B494F534B  # "KIOSK": one advisory lock for migrate + seed
log = logging.getLogger(__name__)
_ = translator("db")
register_catalogue("db", {
    "Cơ sở dữ liệu thuộc phiên bản phần mềm mới hơn ({revision}). Hãy cập nhật phần mềm.": (
        "The database belongs to a newer version of the software ({revision}). Please update the software."
    ),
})


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """Return an Alembic config pointing at ``db/migrations``.

    Args:
        url: Database URL, used when no connection is given.
        connection: An open connection to migrate on (its transaction is used as is).
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """Return the head revision id of the shipped migrations."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migration revisions found")
    return head


def current_revision(connection: Connection) -> str | None:
    """Return the revision the database is at (None when never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(url: str) -> None:
    """Upgrade the database at ``url`` to head (no seeding).

    Args:
        url: SQLAlchemy URL.
    """
    database = Database(url)
    try:
        with database.engine.connect() as conn:
            with conn.begin():
                _lock(conn)
                command.upgrade(alembic_config(connection=conn), "head")
    finally:
        database.dispose()


def _lock(conn: Connection) -> None:
    """Serialise migrate+seed across processes (PG advisory lock; SQLite: BEGIN IMMEDIATE already holds it)."""
    if conn.dialect.name == "postgresql":
        # Another process may be migrating and seeding: wait longer than the usual lock timeout.
        conn.execute(text("SET LOCAL lock_timeout = '300s'"))
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


class DatabaseTooNew(KioskError):
    """The database was migrated by a newer version of the software than this one."""

    code = "DB-003"


def _check_known(revision: str | None) -> None:
    """Raise :class:`DatabaseTooNew` when ``revision`` is not one of ours (a newer release migrated it)."""
    if revision is None:
        return
    try:
        known = ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise DatabaseTooNew(
            _("Cơ sở dữ liệu thuộc phiên bản phần mềm mới hơn ({revision}). Hãy cập nhật phần mềm.", revision=revision)
        )


def ensure_ready(database: Database | str, settings: Settings | None = None) -> dict[str, int | str]:
    """Upgrade to head and seed defaults in one transaction; idempotent and safe to run concurrently.

    Two processes starting on a fresh database serialise on a PostgreSQL advisory lock (SQLite: the
    ``BEGIN IMMEDIATE`` write lock); the second finds the work done.

    Args:
        database: A :class:`Database` or a URL.
        settings: Settings for the seed (site and kiosk codes); defaults when None.

    Returns:
        What was done: ``from``/``to`` revisions and counts of seeded rows.

    Raises:
        DatabaseUnavailable: when the database cannot be reached.
    """
    from db.seed import seed_defaults

    own = isinstance(database, str)
    db = Database(database) if own else database
    settings = settings or Settings()
    try:
        for attempt in range(1, 4):
            try:
                with db.engine.connect() as conn:
                    with conn.begin():
                        _lock(conn)
                        before = current_revision(conn)
                        _check_known(before)
                        if before != head_revision():
                            command.upgrade(alembic_config(connection=conn), "head")
                        with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
                            seeded = seed_defaults(session, settings)
                            session.commit()  # releases the savepoint; the outer transaction commits below
                        summary: dict[str, int | str] = {"from": before or "empty", "to": head_revision()}
                        summary.update(seeded)
                log.info("database ready: %s", summary)
                mark_installed(db.url)  # from now on a missing file is an error (DB-005), not a fresh start
                return summary
            except DBAPIError as exc:
                if is_damaged(exc):
                    raise unavailable(exc) from exc
                if not (is_retryable(exc) or is_connection_error(exc)):
                    raise
                if attempt == 3:
                    raise unavailable(exc) from exc
                time.sleep(0.2 * attempt)
        raise AssertionError("unreachable")
    finally:
        if own:
            db.dispose()


def new_revision(message: str) -> Path:
    """Autogenerate the next revision from the difference between :mod:`db.models` and head.

    Revisions that have shipped are never rewritten: databases in service upgrade through them.
    The new file is generated in a scratch copy of the migrations folder against an empty database
    upgraded to head, then moved into ``db/migrations/versions``; if generation fails, nothing there
    changes. Triggers and data moves are still written by hand on top (see ``0002``).

    Args:
        message: Short description, used in the file name.

    Returns:
        Path of the new revision file.
    """
    versions = MIGRATIONS_DIR / "versions"
    head = head_revision()
    rev_id = f"{int(head) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "migrations"
        shutil.copytree(MIGRATIONS_DIR, scratch, ignore=shutil.ignore_patterns("__pycache__"))
        database = Database(f"sqlite:///{Path(tmp) / 'head.db'}")
        try:
            with database.engine.connect() as conn:
                with conn.begin():
                    cfg = alembic_config(connection=conn)
                    cfg.set_main_option("script_location", str(scratch))
                    command.upgrade(cfg, "head")
                    script = command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        finally:
            database.dispose()
        generated = Path(script.path)  # type: ignore[union-attr]
        source = generated.read_text(encoding="utf-8")
    target = versions / generated.name
    partial = target.with_name(target.name + ".tmp")
    partial.write_text(source, encoding="utf-8")
    os.replace(partial, target)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m db.migrate revision MESSAGE | upgrade URL``."""
    parser = argparse.ArgumentParser(prog="python -m db.migrate", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision", help="autogenerate the next revision from db.models")
    rev.add_argument("message")
    up = sub.add_parser("upgrade", help="upgrade a database to head")
    up.add_argument("url")
    args = parser.parse_args(argv)
    if args.cmd == "revision":
        print(f"wrote {new_revision(args.message)}")
    else:
        upgrade(args.url)
        print(f"upgraded to {head_revision()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
