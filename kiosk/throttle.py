"""Look-up throttling: a 4-character secret must not be guessable by trying at the kiosk."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class LookupThrottle:
    """Refuse look-ups for a while after too many failures on this kiosk.

    The secret has about 280,000 values, so a person trying secrets for a known reference
    must be slowed down. The state belongs to the kiosk, not the citizen session: wiping the
    session (walking away and coming back) does not reset it.

    Args:
        max_failures: Failures allowed within ``window_s`` before look-ups are refused.
        window_s: Sliding window for counting failures, in seconds.
        block_s: How long look-ups are refused once the limit is reached, in seconds.
        clock: Monotonic clock (tests inject one).
    """

    def __init__(self, max_failures: int = 5, window_s: float = 600.0, block_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.block_s = block_s
        self._clock = clock
        self._failures: deque[float] = deque()
        self._blocked_until = 0.0
        self._lock = threading.Lock()

    def seconds_blocked(self) -> float:
        """Seconds until look-ups are allowed again (0 when allowed now)."""
        with self._lock:
            return max(0.0, self._blocked_until - self._clock())

    def record(self, found: bool) -> None:
        """Record the outcome of one look-up."""
        with self._lock:
            now = self._clock()
            if found:
                self._failures.clear()
                return
            self._failures.append(now)
            while self._failures and now - self._failures[0] > self.window_s:
                self._failures.popleft()
            if len(self._failures) >= self.max_failures:
                self._blocked_until = now + self.block_s
                self._failures.clear()
