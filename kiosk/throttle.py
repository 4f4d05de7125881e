"""Look-up throttling: a 4-character secret (or 4 phone digits) must not be guessable by trying at kiosks.

The limits are policy only; the failures themselves live in the database (``lookup_failures``, written and read
by :mod:`db.services.dossier_lookup`), so every kiosk of the installation shares them, a restart forgets
nothing, and a success never wipes them. Three counts are weighed before each look-up:

* **this kiosk** (any reference): after ``max_failures`` within ``window_s`` each further failure closes the
  kiosk's look-up for ``block_s`` (at most one guess a minute, whatever is guessed); more than
  ``kiosk_day_max_failures`` within a day closes it until the day's count falls (ask at the counter);
* **one reference** (every kiosk): ``reference_limits`` (10 within a day, 30 within 30 days) lock that dossier
  code for look-up at kiosks: even the right secret is refused, the citizen asks at the counter;
* **one ID card** (every kiosk, CCCD + phone digits): ``id_limits`` (5 within a day, 10 within 30 days) likewise.

Odds (the secret is 4 of 23 characters, 23**4 = 279,841 values; the phone's last digits 10**4): a person guessing one
reference gets at most 10 tries a day and 30 in 30 days, about 365 a year: 1 in 27,984 in a day, about 0.13 % in a
year. One ID card: 5 tries a day, about 122 a year: 0.05 % in a day, about 1.2 % in a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

#: What a key counts: a dossier reference, or an ID card (CCCD + phone digits).
REFERENCE = "reference"
ID_CARD = "id"


class FailureTimes(Protocol):
    """Failure times newest first: at this kiosk, and for one key at any kiosk (``dossier_lookup.FailureLog``)."""

    kiosk: tuple[datetime, ...]
    key: tuple[datetime, ...]


@dataclass(frozen=True)
class Refusal:
    """Why a look-up is refused now.

    Attributes:
        reason: ``kiosk`` (too many failures here, wait ``wait_s``), ``kiosk_day`` (too many today here),
            ``reference`` (this code is locked) or ``id`` (this ID card is locked).
        wait_s: Whole seconds until the kiosk opens again (``kiosk`` only; 0 otherwise).
    """

    reason: str
    wait_s: int = 0


#: Seconds in a day.
DAY = 86400.0


@dataclass(frozen=True)
class LookupThrottle:
    """The look-up limits (defaults in force at every kiosk; tests pass smaller ones).

    ``reference_limits`` and ``id_limits`` are ``(failures, window in seconds)`` rules: any rule reached locks the key.
    """

    max_failures: int = 5
    window_s: float = 600.0
    block_s: float = 60.0
    kiosk_day_max_failures: int = 100
    reference_limits: tuple[tuple[int, float], ...] = ((10, DAY), (30, 30 * DAY))
    id_limits: tuple[tuple[int, float], ...] = ((5, DAY), (10, 30 * DAY))

    @property
    def memory(self) -> timedelta:
        """How far back failures matter (older rows can be deleted)."""
        windows = [self.window_s, DAY] + [w for _n, w in (*self.reference_limits, *self.id_limits)]
        return timedelta(seconds=max(windows))

    def refusal(self, failures: FailureTimes, now: datetime, kind: str = REFERENCE) -> Refusal | None:
        """Whether a look-up of ``kind`` is refused now, given the failures since ``now - memory``.

        Args:
            failures: Failure times at this kiosk and for the looked-up key (newest first, or any order).
            now: The kiosk's clock (aware).
            kind: :data:`REFERENCE` or :data:`ID_CARD`.
        """
        here = sorted(failures.kiosk, reverse=True)
        recent = [t for t in here if now - t <= timedelta(seconds=self.window_s)]
        if len(recent) >= self.max_failures:
            wait = (recent[0] + timedelta(seconds=self.block_s) - now).total_seconds()
            if wait > 0:
                return Refusal("kiosk", int(wait) + (0 if wait.is_integer() else 1))
        today = sum(now - t <= timedelta(seconds=DAY) for t in here)
        if self.kiosk_day_max_failures and today >= self.kiosk_day_max_failures:
            return Refusal("kiosk_day")
        for limit, window in self.id_limits if kind == ID_CARD else self.reference_limits:
            if sum(now - t <= timedelta(seconds=window) for t in failures.key) >= limit:
                return Refusal(kind)
        return None
