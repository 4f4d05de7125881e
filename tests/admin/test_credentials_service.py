"""Accounts under the credential policy, on SQLite and PostgreSQL: names unique ignoring case, weak secrets
refused, and a login that tells nothing about which names exist (same answer, same work, same time)."""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from db.models import AuditEvent, User
from db.services import accounts, staff_auth
from tests.fixtures.credentials import AGENT_PIN, OTHER_PASSWORD, PASSWORD

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def _add(database, username: str = "admin1", **extra) -> int:  # noqa: ANN001
    with database.session() as s:
        return accounts.add_user(s, actor="test", username=username, role="admin", password=PASSWORD, **extra).id


def _refused(database, fn) -> accounts.AccountError:  # noqa: ANN001
    with pytest.raises(accounts.AccountError) as err, database.session() as s:
        fn(s)
    return err.value


def test_user_names_are_unique_ignoring_case(database) -> None:  # noqa: ANN001
    _add(database, "admin1")
    for other in ("Admin1", "ADMIN1", " admin1 "):
        err = _refused(database, lambda s, name=other: accounts.add_user(
            s, actor="test", username=name, role="agent", password=OTHER_PASSWORD))
        assert err.code == "ACC-002" and "admin1" in err.message
    err = _refused(database, lambda s: accounts.add_user(s, actor="test", username="Admin1", role="agent",
                                                         password=OTHER_PASSWORD))
    assert "chữ hoa và chữ thường" in err.message  # says why a name that looks new is taken
    with database.read_session() as s:
        assert [u.username for u in accounts.list_users(s)] == ["admin1"]
        assert accounts.find_user(s, "ADMIN1").username == "admin1" and accounts.find_user(s, "admin2") is None


def test_login_and_authenticate_ignore_case(database) -> None:  # noqa: ANN001
    _add(database, "Quan.Tri")
    with database.session() as s:
        result = accounts.login(s, "quan.tri", PASSWORD, now=NOW)
        assert result.status == "ok" and result.user.username == "Quan.Tri"  # stored as given
        assert accounts.authenticate(s, "QUAN.TRI", PASSWORD, now=NOW).username == "Quan.Tri"


def test_weak_secrets_are_refused_everywhere(database) -> None:  # noqa: ANN001
    user_id = _add(database, "le.thi.hoa", badge_code="NV-904217")
    cases = [
        (lambda s: accounts.add_user(s, actor="t", username="b", role="agent", password="matkhau123"), "ACC-012"),
        (lambda s: accounts.add_user(s, actor="t", username="b", role="agent", password="12345678"), "ACC-004"),
        (lambda s: accounts.add_user(s, actor="t", username="b", role="agent", password=PASSWORD, pin="1234"),
         "ACC-003"),
        (lambda s: accounts.add_user(s, actor="t", username="b", role="agent", password=PASSWORD, pin="123456"),
         "ACC-015"),
        (lambda s: accounts.add_user(s, actor="t", username="b", role="agent", password=PASSWORD,
                                     full_name="Nguyễn " * 40), "ACC-017"),
        (lambda s: accounts.add_user(s, actor="t", username="b", role="agent", password=PASSWORD,
                                     badge_code="B" * 81), "ACC-017"),
        (lambda s: accounts.reset_password(s, "t", user_id, "Le-Thi-Hoa-2024"), "ACC-013"),
        (lambda s: accounts.reset_password(s, "t", user_id, "P@ssw0rd2024"), "ACC-012"),
        (lambda s: accounts.set_pin(s, "t", user_id, "121212"), "ACC-015"),
        (lambda s: accounts.set_pin(s, "t", user_id, "904217"), "ACC-016"),  # the badge's digits
        (lambda s: accounts.set_pin(s, "t", user_id, "4321"), "ACC-003"),
    ]
    for change, code in cases:
        assert _refused(database, change).code == code
    err = _refused(database, cases[4][0])
    assert "Họ và tên" in err.message and "200" in err.message  # names the field and the limit
    with database.session() as s:
        accounts.set_pin(s, "t", user_id, AGENT_PIN)
        accounts.reset_password(s, "t", user_id, OTHER_PASSWORD)
    with database.session() as s:
        assert accounts.verify_agent_pin(s, AGENT_PIN).username == "le.thi.hoa"
        assert accounts.verify_agent_pin(s, "1234") is None  # an old short PIN is not even tried


def test_unknown_name_and_wrong_password_get_the_same_answer(database) -> None:  # noqa: ANN001
    _add(database, "quan.tri")
    seen = []
    for attempt in range(accounts.MAX_FAILED_ATTEMPTS + 1):
        with database.session() as s:
            at = NOW + timedelta(seconds=attempt)
            known = accounts.login(s, "quan.tri", "sai-mat-khau-1", now=at)
            unknown = accounts.login(s, "khong.co.ai", "sai-mat-khau-1", now=at)
        seen.append((known.status, known.attempts_left, unknown.status, unknown.attempts_left))
        assert (known.status, known.attempts_left) == (unknown.status, unknown.attempts_left)
        assert (known.locked_until is None) == (unknown.locked_until is None)
    assert [k[0] for k in seen] == ["bad"] * 4 + ["locked"] * 2  # five failures lock both names, 15 minutes
    with database.session() as s:
        later = NOW + accounts.LOCKOUT + timedelta(seconds=10)
        assert accounts.login(s, "quan.tri", PASSWORD, now=later).status == "ok"
        assert accounts.login(s, "khong.co.ai", "x", now=later).status == "bad"
    with database.read_session() as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.actor, AuditEvent.entity_id)
                           .where(AuditEvent.entity_id == "khong.co.ai").order_by(AuditEvent.id)).all()
    assert [e[0] for e in events] == ["auth.failed"] * 4 + ["auth.locked", "auth.refused_locked", "auth.failed"]
    assert {e[1] for e in events} == {"anonymous"}


def test_an_inactive_account_answers_like_an_unknown_name(database) -> None:  # noqa: ANN001
    user_id = _add(database, "nghi.viec")
    _add(database, "quan.tri")
    with database.session() as s:
        accounts.set_active(s, "t", user_id, False)
    with database.session() as s:
        result = accounts.login(s, "nghi.viec", PASSWORD, now=NOW)
        assert (result.status, result.attempts_left) == ("bad", accounts.MAX_FAILED_ATTEMPTS - 1)
        assert accounts.authenticate(s, "nghi.viec", PASSWORD, now=NOW) is None


class _CountingHasher(PasswordHasher):
    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.verified = 0

    def verify(self, hash, password) -> bool:  # noqa: ANN001, A002
        self.verified += 1
        return super().verify(hash, password)


def test_every_login_path_runs_one_argon2_verification(database, monkeypatch) -> None:  # noqa: ANN001
    hasher = _CountingHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(staff_auth, "_hasher", hasher)
    _add(database, "quan.tri")
    locked = _add(database, "bi.khoa")
    with database.session() as s:
        accounts.set_active(s, "t", _add(database, "nghi.viec"), False)
    with database.session() as s:
        s.get(User, locked).locked_until = NOW + timedelta(hours=1)
    for name, password in (("quan.tri", PASSWORD), ("quan.tri", "sai"), ("khong.co.ai", "sai"),
                           ("nghi.viec", PASSWORD), ("bi.khoa", PASSWORD)):
        for check in (accounts.login, accounts.authenticate):
            hasher.verified = 0
            with database.session() as s:
                check(s, name, password, now=NOW)
            assert hasher.verified == 1, (check.__name__, name, password)


def test_unknown_name_takes_as_long_as_a_wrong_password(database, monkeypatch) -> None:  # noqa: ANN001
    """With production argon2 cost, the two refusals take about the same time (generous bounds: shared CI)."""
    monkeypatch.setattr(staff_auth, "_hasher", PasswordHasher())
    user_id = _add(database, "quan.tri")

    def timed(name: str) -> float:
        start = time.perf_counter()
        with database.session() as s:
            assert accounts.login(s, name, "sai-mat-khau-1", now=NOW).status == "bad"
        return time.perf_counter() - start

    timed("khong.co.ai.0")  # warm up: the dummy hash is made once per hasher
    known, unknown = [], []
    for i in range(5):
        with database.session() as s:
            accounts.unlock(s, "t", user_id)  # keep the known name below the lockout (not timed)
        known.append(timed("quan.tri"))
        unknown.append(timed(f"khong.co.ai.{i + 1}"))
    ratio = statistics.median(unknown) / statistics.median(known)
    print(f"\nlogin refusal median: wrong password {statistics.median(known) * 1000:.1f} ms, "
          f"unknown name {statistics.median(unknown) * 1000:.1f} ms, ratio {ratio:.2f}")
    assert 0.4 < ratio < 2.5  # without the dummy verification the unknown name answers ~100x faster
