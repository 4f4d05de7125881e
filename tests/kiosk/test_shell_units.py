"""Unit tests of the shell's pure parts: Telex, scanner bursts, formatting, accounts, scan purge."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from db.services import accounts
from kiosk.widgets.scanburst import ScanBurst
from kiosk.widgets.telex import compose, compose_all
from tests.fixtures.credentials import AGENT_PIN, OTHER_PIN, PASSWORD


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("vieetj", "việt"),
        ("ddawng kys khai sinh", "đăng ký khai sinh"),
        ("hoaf", "hòa"),
        ("quys", "quý"),
        ("gias", "giá"),
        ("nguwowif", "người"),
        ("truwowngf", "trường"),
        ("tieengs vieetj", "tiếng việt"),
        ("ass", "as"),  # the same tone twice gives the letter back
        ("hoaz", "hoaz"),
        ("hoafz", "hoa"),  # z removes the tone
        ("DDaay", "Đây"),
        ("cmnd", "cmnd"),
    ],
)
def test_telex(keys, expected):
    assert compose_all(keys) == expected


def test_telex_digits_and_punctuation_pass_through():
    assert compose("so ", "1") == "so 1"
    assert compose("", "s") == "s"


def test_scanner_burst_is_told_apart_from_typing():
    burst = ScanBurst()
    t = 100.0
    for ch in "HS|REF-1|ABCD":
        assert burst.feed(ch, ch, t) is None
        t += 0.01
    assert burst.feed(None, "enter", t) == "HS|REF-1|ABCD"
    for ch in "1234":  # a person: 200 ms between keys
        burst.feed(ch, ch, t)
        t += 0.2
    assert burst.feed(None, "enter", t) is None
    for ch in "ab":  # too short to be a code
        burst.feed(ch, ch, t)
        t += 0.01
    assert burst.feed(None, "enter", t) is None


def test_opening_hours_text():
    from kiosk.screens.welcome import opening_text

    assert opening_text("1,2,3,4,5", "07:30-11:30,13:30-17:00") == "Thứ Hai – Thứ Sáu: 07:30-11:30, 13:30-17:00"
    assert opening_text("1,3", "08:00-12:00") == "Thứ Hai, Thứ Tư: 08:00-12:00"


def test_formatting():
    from kiosk.widgets import format as fmt

    assert fmt.fee(0) == "Miễn lệ phí"  # core.fees: the one fee label
    assert fmt.fee(50000) == "50.000 đồng"
    assert fmt.fee(None, "Theo quy định") == "Theo quy định"
    assert fmt.working_days(3) == "3 ngày làm việc"
    assert fmt.date_time(datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)) == "17:00, Thứ Hai 23/11/2026"


def test_agent_pin_and_badge(sqlite_database):
    with sqlite_database.session() as s:
        agent = accounts.create_user(s, "an", role="agent", password=PASSWORD, full_name="Lê An", pin=AGENT_PIN,
                                     badge_code="B-1", site_id=1)
        accounts.create_user(s, "tech", role="technician", password=PASSWORD, pin=OTHER_PIN)
        assert agent.pin_hash and agent.pin_hash != AGENT_PIN and agent.pin_hash.startswith("$argon2")
    with sqlite_database.session() as s:
        found = accounts.verify_agent_pin(s, AGENT_PIN, site_id=1)
        assert found is not None and found.full_name == "Lê An" and found.role == "agent"
        assert accounts.verify_agent_pin(s, AGENT_PIN, site_id=2) is None  # another site's agent
        assert accounts.verify_agent_pin(s, OTHER_PIN) is None  # technicians cannot unlock agent mode
        assert accounts.verify_agent_pin(s, "12") is None
        assert accounts.verify_agent_badge(s, "B-1").username == "an"
        assert accounts.verify_agent_badge(s, "B-2") is None


def test_account_errors_and_password_lockout(sqlite_database):
    now = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
    with sqlite_database.session() as s:
        accounts.create_user(s, "admin1", role="admin", password=PASSWORD)
        with pytest.raises(accounts.AccountError):
            accounts.create_user(s, "admin1", role="admin", password=PASSWORD)
        with pytest.raises(accounts.AccountError):
            accounts.create_user(s, "bad", role="agent", password=PASSWORD, pin="12ab")
        with pytest.raises(accounts.AccountError):
            accounts.create_user(s, "boss", role="owner", password=PASSWORD)
    with sqlite_database.session() as s:
        assert accounts.authenticate(s, "admin1", PASSWORD, now=now) is not None
        for _ in range(accounts.MAX_FAILED_ATTEMPTS):
            assert accounts.authenticate(s, "admin1", "wrong", now=now) is None
        assert accounts.authenticate(s, "admin1", PASSWORD, now=now) is None  # locked
        later = now + accounts.LOCKOUT + timedelta(seconds=1)
        assert accounts.authenticate(s, "admin1", PASSWORD, now=later) is not None


def test_demo_agent_is_created_once(sqlite_database):
    with sqlite_database.session() as s:
        first, pin = accounts.ensure_demo_agent(s, 1)
        again, _ = accounts.ensure_demo_agent(s, 1)
        assert first == again and pin == accounts.DEMO_AGENT_PIN
        assert accounts.verify_agent_pin(s, pin, site_id=1) == first
        assert accounts.valid_pin(pin)  # the demo PIN follows the policy too
    with sqlite_database.session() as s:  # a demo database made with the old 4-digit PIN gets the new one
        accounts.find_user(s, accounts.DEMO_AGENT_USERNAME).pin_hash = accounts.hash_password("1234")
    with sqlite_database.session() as s:
        accounts.ensure_demo_agent(s, 1)
    with sqlite_database.session() as s:
        assert accounts.verify_agent_pin(s, accounts.DEMO_AGENT_PIN, site_id=1) == first


def test_purge_scans_keeps_submitted_pages(sqlite_database, tmp_path):
    from core.settings import Settings
    from kiosk.run import purge_scans

    settings = Settings(data_dir=tmp_path, database_url=sqlite_database.url)
    stale = settings.scans_dir / "s-stale" / "doc-1"
    stale.mkdir(parents=True)
    (stale / "page-1.png").write_bytes(b"x")
    kept = settings.scans_dir / "s-kept" / "doc-1"
    kept.mkdir(parents=True)
    (kept / "page-1.png").write_bytes(b"y")
    _submit_with_pages(sqlite_database, [kept / "page-1.png"])
    assert purge_scans(settings, sqlite_database) == 1
    assert not stale.exists() and kept.exists()


def _submit_with_pages(database, pages):
    from sqlalchemy import select

    from db import models as m
    from db.services.dossiers import DocumentDraft, DossierDraft, submit_dossier
    from db.services.feedback import record_consent

    now = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
    consent = record_consent(database, site_id=1, kiosk_id=None, purpose="dossier", text_version="t1", accepted=True,
                             now=now)
    with database.session() as s:
        version = s.scalars(select(m.ProcedureVersion).join(m.Procedure).where(m.Procedure.code == "1.001193")).first()
        docs = [DocumentDraft(d.id, d.name, at_counter=True) for d in version.documents if d.required]
    docs[0].pages, docs[0].at_counter = list(pages), False
    draft = DossierDraft(site_id=1, kiosk_id=None, procedure_code="1.001193", consent_id=consent,
                         applicant_name="Nguyễn Văn A", applicant_id_number="001090123456", documents=docs)
    submit_dossier(database, draft, now=now)


def test_demo_adds_its_well_known_pin_only_to_the_embedded_database(tmp_path):
    from sqlalchemy import select

    from core.settings import Settings
    from db.engine import Database
    from db.migrate import ensure_ready
    from db.models import User
    from kiosk.app import make_app

    (tmp_path / "shared").mkdir()
    configured = Database(f"sqlite:///{tmp_path / 'shared' / 'real.db'}")
    settings = Settings(data_dir=tmp_path / "data", database_url=configured.url, demo=True)
    ensure_ready(configured, settings)
    app = make_app(settings, database=configured, printer_url="tcp://127.0.0.1:9", camera_source="")
    with configured.session() as s:
        assert s.scalars(select(User)).all() == [] and app.demo_pin == ""
    configured.dispose()
    embedded = Settings(data_dir=tmp_path / "demo", demo=True)
    assert embedded.embedded_database and not settings.embedded_database


def test_the_idle_check_with_no_screen_does_nothing(kiosk_app_factory):
    # The idle timer can tick while the app starts or shuts down, when there is no screen to judge: that
    # raised ScreenStackError, which the crash guard turned into "out of service" (seen once in CI).
    app = kiosk_app_factory()
    assert not app.screen_stack
    app._check_idle()  # noqa: SLF001
    assert not app.crashed
