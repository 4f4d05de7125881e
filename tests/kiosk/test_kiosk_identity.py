"""Kiosk identity: one generated id per install, one live process per kiosk; a second one is refused at start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from admin_tui.modes.devices_data import kiosk_health
from db.engine import Database
from db.models import Kiosk
from db.services import kiosk_identity as registry
from db.types import utcnow
from kiosk import identity
from tests.kiosk._spool_worker import kiosk_ids


def _kiosk_id(database: Database, code: str = "K01") -> int:
    return kiosk_ids(database, code)[1]


def _die(instance: identity.KioskInstance) -> None:
    """The process holding ``instance`` is gone (kill -9): its lock goes, its lease stays in the database."""
    os.close(instance._lock_fd)  # noqa: SLF001 - what the kernel does for a dead process
    instance._lock_fd = None  # noqa: SLF001


def test_the_identity_file_is_made_once_private_and_kept(tmp_path: Path) -> None:
    first = identity.load_or_create(tmp_path / "data")
    path = identity.identity_path(tmp_path / "data")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert identity.load_or_create(tmp_path / "data") == first
    assert len(first) == 32 and first != identity.load_or_create(tmp_path / "other")
    assert [p.name for p in path.parent.iterdir()] == ["kiosk-identity"]  # no temporary file left behind


def test_a_damaged_identity_file_is_kio_062(tmp_path: Path) -> None:
    identity.identity_path(tmp_path).write_text("not an id\n", encoding="ascii")
    with pytest.raises(identity.IdentityError) as err:
        identity.load_or_create(tmp_path)
    assert err.value.code == "KIO-062" and "kiosk-identity" in err.value.message


def test_a_second_install_with_the_same_kiosk_code_is_refused_while_the_first_lives(database: Database,
                                                                                   tmp_path: Path) -> None:
    kiosk_id = _kiosk_id(database)
    first = identity.claim(tmp_path / "a", database, kiosk_id, kiosk_code="K01", host="quay-1")
    with pytest.raises(identity.KioskTaken) as err:
        identity.claim(tmp_path / "b", database, kiosk_id, kiosk_code="K01", host="quay-2")
    assert err.value.code == "KIO-060"
    assert f"mã máy {first.short}" in err.value.message and "quay-1" in err.value.message
    assert "\n" not in err.value.message
    # Another kiosk code on the same database is another kiosk: no conflict.
    other = identity.claim(tmp_path / "b", database, _kiosk_id(database, "K02"), host="quay-2")
    other.close()
    # A clean exit ends the lease at once: the second install may now take the kiosk.
    first.close()
    second = identity.claim(tmp_path / "b", database, kiosk_id, host="quay-2")
    second.close()


def test_a_second_process_of_the_same_install_is_refused_kio_061(database: Database, tmp_path: Path) -> None:
    kiosk_id = _kiosk_id(database)
    first = identity.claim(tmp_path, database, kiosk_id)
    try:
        with pytest.raises(identity.AlreadyRunning) as err:
            identity.claim(tmp_path, database, kiosk_id)
        assert err.value.code == "KIO-061"
    finally:
        first.close()


def test_a_restart_after_a_crash_takes_over_at_once_and_a_dead_lease_frees_the_kiosk(database: Database,
                                                                                      tmp_path: Path) -> None:
    kiosk_id = _kiosk_id(database)
    first = identity.claim(tmp_path / "a", database, kiosk_id, lease_s=600)
    _die(first)
    # The same install restarts at once: its lock is free, so no other process of it lives.
    again = identity.claim(tmp_path / "a", database, kiosk_id, lease_s=600)
    assert again.instance_id == first.instance_id
    _die(again)
    with pytest.raises(identity.KioskTaken):
        identity.claim(tmp_path / "b", database, kiosk_id)
    # It stays dead: once its lease runs out, another install may run as the kiosk; the dead one lost it.
    database.run(lambda s: s.execute(update(Kiosk).where(Kiosk.id == kiosk_id)
                                     .values(instance_lease_until=utcnow() - timedelta(seconds=1))))
    other = identity.claim(tmp_path / "b", database, kiosk_id)
    assert again.renew() is False and again.lost
    assert other.renew() is True
    other.close()


def test_the_lease_is_renewed_while_the_kiosk_runs(database: Database, tmp_path: Path) -> None:
    kiosk_id = _kiosk_id(database)
    running = identity.claim(tmp_path, database, kiosk_id, lease_s=5).start_renewing(every_s=0.05)
    try:
        with database.read_session() as s:
            before = s.get(Kiosk, kiosk_id).instance_lease_until
        import time

        time.sleep(0.3)
        with database.read_session() as s:
            assert s.get(Kiosk, kiosk_id).instance_lease_until > before
    finally:
        running.close()
    with database.read_session() as s:
        holder = registry.kiosk_holder(s, kiosk_id)
    assert holder is not None and holder.instance_id == running.instance_id and not holder.live


def test_the_console_shows_the_machine_id_of_each_kiosk(database: Database, tmp_path: Path) -> None:
    kiosk_id = _kiosk_id(database)
    running = identity.claim(tmp_path, database, kiosk_id)
    try:
        with database.read_session() as s:
            health = {h.kiosk.id: h for h in kiosk_health(s, utcnow(), 5.0)}
        assert health[kiosk_id].instance == running.short and len(running.short) == 8
    finally:
        running.close()


def _kiosk_command(data_dir: Path, url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir), "KIOSK_DATABASE_URL": url, "KIOSK_CONFIG": str(config),
           "KIOSK_KIOSK_CODE": "K01"}
    env.pop("KIOSK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "kiosk"], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_the_kiosk_command_refuses_a_second_live_process_in_one_coded_line(database: Database,
                                                                          tmp_path: Path) -> None:
    """Two processes, same kiosk code: the second ``kiosk`` exits non-zero with one line, never a traceback."""
    kiosk_id = _kiosk_id(database)
    live = identity.claim(tmp_path / "a", database, kiosk_id, host="quay-1")  # this test process is kiosk K01
    try:
        other_install = _kiosk_command(tmp_path / "b", database.url, tmp_path)
        same_install = _kiosk_command(tmp_path / "a", database.url, tmp_path)
    finally:
        live.close()
    for done, code in ((other_install, "KIO-060"), (same_install, "KIO-061")):
        assert done.returncode == 2, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: [{code}] "), done.stderr
        assert "Traceback" not in done.stderr
    assert live.short in other_install.stderr
    # The refused process touched neither the running kiosk's lease nor its identity.
    with database.read_session() as s:
        assert s.get(Kiosk, kiosk_id).instance_id == live.instance_id
