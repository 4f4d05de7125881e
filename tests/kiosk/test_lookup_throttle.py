"""Guessing lookup secrets at the kiosk is slowed down; a right secret after the pause still works."""

from __future__ import annotations

import pytest

from kiosk import services
from kiosk.throttle import LookupThrottle
from tests.kiosk.test_shell_paths import _make_dossier


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_throttle_blocks_after_repeated_failures_and_success_resets():
    clock = FakeClock()
    t = LookupThrottle(max_failures=3, window_s=60, block_s=30, clock=clock)
    t.record(False)
    t.record(False)
    t.record(True)  # a success forgets earlier failures
    t.record(False)
    t.record(False)
    assert t.seconds_blocked() == 0
    t.record(False)
    assert t.seconds_blocked() == 30
    clock.t += 31
    assert t.seconds_blocked() == 0


def test_failures_outside_the_window_do_not_count():
    clock = FakeClock()
    t = LookupThrottle(max_failures=2, window_s=10, block_s=30, clock=clock)
    t.record(False)
    clock.t += 11
    t.record(False)
    assert t.seconds_blocked() == 0


def test_kiosk_lookup_refuses_guesses_then_allows_the_right_secret(kiosk_app):
    reference, secret = _make_dossier(kiosk_app)
    clock = FakeClock()
    kiosk_app.ctx.lookup_throttle = LookupThrottle(max_failures=5, window_s=600, block_s=60, clock=clock)
    for guess in ("AAAA", "BBBB", "CCCC", "DDDD", "EEEE"):
        assert services.lookup(kiosk_app.ctx, reference, guess) is None
    with pytest.raises(services.ServiceError) as err:
        services.lookup(kiosk_app.ctx, reference, secret)  # even the right secret waits
    assert err.value.code == "KIO-020" and err.value.domain
    clock.t += 61
    assert services.lookup(kiosk_app.ctx, reference, secret).reference == reference
