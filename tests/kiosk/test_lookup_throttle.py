"""Guessing a look-up secret (or a phone's 4 digits) at kiosks is slowed per kiosk and stopped per reference and per ID.

Failures live in the database, so two kiosks share a reference's count and a success resets nothing.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import Kiosk, LookupFailure
from kiosk import services
from kiosk.throttle import DAY, ID_CARD, REFERENCE, LookupThrottle, Refusal
from tests.fixtures.kiosk_app import FIXED_NOW
from tests.kiosk.test_shell_paths import _make_dossier

ID = "001090123456"  # the applicant of _make_dossier, phone 0912345678


@dataclasses.dataclass
class Times:
    """A failure log as the throttle reads it."""

    kiosk: tuple[datetime, ...] = ()
    key: tuple[datetime, ...] = ()


def ago(*seconds: float) -> tuple[datetime, ...]:
    return tuple(FIXED_NOW - timedelta(seconds=s) for s in seconds)


# --- the policy ------------------------------------------------------------------------------------------


def test_kiosk_block_after_five_failures_within_ten_minutes_then_one_guess_a_minute():
    t = LookupThrottle()
    assert t.refusal(Times(kiosk=ago(40, 30, 20, 10)), FIXED_NOW) is None
    assert t.refusal(Times(kiosk=ago(40, 30, 20, 10, 0)), FIXED_NOW) == Refusal("kiosk", 60)
    assert t.refusal(Times(kiosk=ago(50, 40, 30, 20, 10.5)), FIXED_NOW) == Refusal("kiosk", 50)
    assert t.refusal(Times(kiosk=ago(100, 90, 80, 70, 61)), FIXED_NOW) is None  # the minute is over...
    # ...but the five are still in the window: the next failure closes the kiosk again at once
    assert t.refusal(Times(kiosk=ago(100, 90, 80, 70, 61, 0)), FIXED_NOW) == Refusal("kiosk", 60)
    assert t.refusal(Times(kiosk=ago(700, 690, 680, 670, 0)), FIXED_NOW) is None  # four outside the window


def test_kiosk_day_ceiling_and_per_reference_and_per_id_locks():
    t = LookupThrottle()
    day = ago(*[86000 - 700 * i for i in range(100)])  # 100 failures today, never five in ten minutes
    assert t.refusal(Times(kiosk=day[:99]), FIXED_NOW) is None
    assert t.refusal(Times(kiosk=day), FIXED_NOW) == Refusal("kiosk_day")
    ten = ago(*[80000 - 3600 * i for i in range(10)])  # ten failures on one reference within a day
    assert t.refusal(Times(key=ten[:9]), FIXED_NOW, REFERENCE) is None
    assert t.refusal(Times(key=ten), FIXED_NOW, REFERENCE) == Refusal("reference")
    assert t.refusal(Times(key=ago(86401, *range(9))), FIXED_NOW, REFERENCE) is None  # one is older than a day
    month = ago(*[DAY * d + 60 * i for d in range(1, 30, 3) for i in range(3)])  # 30 in 30 days, < 10 a day
    assert t.refusal(Times(key=month[:29]), FIXED_NOW, REFERENCE) is None
    assert t.refusal(Times(key=month), FIXED_NOW, REFERENCE) == Refusal("reference")
    assert t.refusal(Times(key=ten[:5]), FIXED_NOW, ID_CARD) == Refusal("id")  # an ID: five a day
    assert t.refusal(Times(key=ten[:4]), FIXED_NOW, ID_CARD) is None
    spread = ago(*[DAY * d for d in range(1, 11)])  # an ID: ten in 30 days, one a day
    assert t.refusal(Times(key=spread[:9]), FIXED_NOW, ID_CARD) is None
    assert t.refusal(Times(key=spread), FIXED_NOW, ID_CARD) == Refusal("id")
    assert t.memory == timedelta(days=30)


# --- at the kiosk, through kiosk.services ---------------------------------------------------------------


class Clock:
    """The kiosk clock, moved by hand."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def _kiosks(app, clock: Clock, n: int) -> list:  # noqa: ANN001
    """``n`` kiosk contexts of the same site and database (the app's own first), all on ``clock``."""
    ctx = app.ctx
    ctx.clock = clock
    out = [ctx]
    with ctx.database.session() as s:
        for i in range(1, n):
            kiosk = Kiosk(site_id=ctx.site_id, code=f"K9{i}", name=f"K9{i}")
            s.add(kiosk)
            s.flush()
            out.append(dataclasses.replace(ctx, kiosk_id=kiosk.id))
    return out


def _refused(call, code: str) -> None:  # noqa: ANN001
    with pytest.raises(services.ServiceError) as err:
        call()
    assert err.value.code == code and err.value.domain, err.value
    assert ID not in err.value.message and "Quý khách" in err.value.message


def test_kiosk_lookup_refuses_guesses_then_allows_the_right_secret(kiosk_app):
    reference, secret = _make_dossier(kiosk_app)
    clock = Clock()
    ctx = _kiosks(kiosk_app, clock, 1)[0]
    for guess in ("AAAA", "CCCC", "DDDD", "EEEE", "FFFF"):
        assert services.lookup(ctx, reference, guess) is None
        clock.wait(5)
    _refused(lambda: services.lookup(ctx, reference, secret), "KIO-020")  # even the right secret waits
    clock.wait(61)
    assert services.lookup(ctx, reference, secret).reference == reference


def test_a_success_does_not_reset_the_count_for_other_references(kiosk_app):
    reference, secret = _make_dossier(kiosk_app)
    other, other_secret = _make_dossier(kiosk_app)
    clock = Clock()
    ctx = _kiosks(kiosk_app, clock, 1)[0]
    for guess in ("AAAA", "CCCC", "DDDD", "EEEE"):
        assert services.lookup(ctx, other, guess) is None
        assert services.lookup(ctx, reference, secret) is not None  # a receipt in hand, scanned in between
    assert services.lookup(ctx, other, "FFFF") is None  # the fifth failure here
    _refused(lambda: services.lookup(ctx, reference, secret), "KIO-020")
    clock.wait(61)
    assert services.lookup(ctx, other, other_secret) is not None
    with ctx.database.session() as s:
        assert len(s.scalars(select(LookupFailure)).all()) == 5  # successes are not logged, nor do they delete


def test_two_kiosks_share_one_reference_count_until_it_is_locked(kiosk_app):
    reference, secret = _make_dossier(kiosk_app)
    other, other_secret = _make_dossier(kiosk_app)
    clock = Clock()
    first, second, third = _kiosks(kiosk_app, clock, 3)
    short = reference.split("-", 1)[1]  # the same dossier typed its short way
    for i in range(5):
        assert services.lookup(first, reference, f"AAA{i}") is None
        assert services.lookup(second, short, f"CCC{i}") is None
        clock.wait(130)  # slow enough never to close either kiosk
    _refused(lambda: services.lookup(third, reference, secret), "KIO-021")  # locked everywhere, right secret too
    assert services.lookup(third, other, other_secret) is not None  # other dossiers are not affected
    clock.wait(86401)
    assert services.lookup(third, reference, secret) is not None  # a day later


def test_id_card_lookup_counts_failures_per_id_hashed(kiosk_app):
    _make_dossier(kiosk_app)
    clock = Clock()
    kiosks = _kiosks(kiosk_app, clock, 5)
    assert [d.procedure_name for d in services.lookup_by_id_card(kiosks[0], ID, "5678")] == ["Đăng ký khai sinh"]
    for i, ctx in enumerate(kiosks):  # five kiosks, one wrong try each: no kiosk closes, the ID does
        assert services.lookup_by_id_card(ctx, ID, f"000{i}") == ()
    _refused(lambda: services.lookup_by_id_card(kiosks[0], ID, "5678"), "KIO-023")
    assert services.lookup_by_id_card(kiosks[0], "079200000001", "5678") == ()  # another ID is not locked
    with kiosk_app.ctx.database.session() as s:
        keys = s.scalars(select(LookupFailure.reference_key)).all()
    assert len(keys) == 6 and all(k.startswith("id:") and ID not in k for k in keys)
