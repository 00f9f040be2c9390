"""A circuit breaker per downstream service, judged on its failure rate, with the clock passed in.

It opens when, within the last `window_s`, at least `min_calls` calls were made and at least
`failure_ratio` of them failed. A rate (not a run of consecutive failures) keeps it calm under
load: at 1,000 summary calls a second a handful of slow answers must not cut a healthy service
off, while a dead service (every call failing) still trips after `min_calls` calls.

Why not `purgatory` (handbook D9): its half-open state lets *every* concurrent request through
(at 200 dashboard requests/s a dead service would get a burst of probes, not one), it counts
consecutive failures only, and it reads `time.time()` itself, so its timing cannot be tested
without patching. This one admits exactly one probe while half-open and takes `now` from the
caller.

closed --(failure rate reached)--> open --(reset_after_s)--> half-open
half-open --(probe succeeds)--> closed;  half-open --(probe fails)--> open
"""

from __future__ import annotations

from collections import deque
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    HALF_OPEN = "half_open"
    OPEN = "open"


# Prometheus gauge values (see resugrow_platform.metrics.BREAKER_STATE).
STATE_GAUGE = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        min_calls: int = 10,
        failure_ratio: float = 0.5,
        window_s: float = 10.0,
        reset_after_s: float = 5.0,
    ) -> None:
        if min_calls < 1 or not 0 < failure_ratio <= 1 or window_s <= 0 or reset_after_s <= 0:
            raise ValueError("need min_calls >= 1, 0 < failure_ratio <= 1, positive window and reset")
        self.name = name
        self.min_calls = min_calls
        self.failure_ratio = failure_ratio
        self.window_s = window_s
        self.reset_after_s = reset_after_s
        self._state = BreakerState.CLOSED
        self._calls: deque[tuple[float, bool]] = deque()
        self._failures = 0
        self._opened_at = 0.0
        self._probe_started_at: float | None = None

    @property
    def state(self) -> BreakerState:
        return self._state

    @property
    def recent_failures(self) -> int:
        return self._failures

    def allow(self, *, now: float) -> bool:
        """May a call go out now? In half-open, only the first caller (the probe) may."""
        if self._state == BreakerState.CLOSED:
            return True
        if self._state == BreakerState.OPEN:
            if now - self._opened_at < self.reset_after_s:
                return False
            self._state = BreakerState.HALF_OPEN
            self._probe_started_at = now
            return True
        # Half-open with a probe in flight: refuse, unless that probe went silent (it was
        # cancelled without reporting), in which case this caller becomes the new probe.
        if self._probe_started_at is not None and now - self._probe_started_at < self.reset_after_s:
            return False
        self._probe_started_at = now
        return True

    def record_success(self, *, now: float) -> None:
        if self._state != BreakerState.CLOSED:
            self._close()
            return
        self._remember(now, ok=True)

    def record_failure(self, *, now: float) -> None:
        if self._state == BreakerState.HALF_OPEN:
            self._open(now)
            return
        if self._state == BreakerState.OPEN:
            return
        self._remember(now, ok=False)
        calls = len(self._calls)
        if calls >= self.min_calls and self._failures >= self.failure_ratio * calls:
            self._open(now)

    def retry_in(self, *, now: float) -> float:
        if self._state != BreakerState.OPEN:
            return 0.0
        return max(0.0, self.reset_after_s - (now - self._opened_at))

    def _remember(self, now: float, *, ok: bool) -> None:
        self._calls.append((now, ok))
        if not ok:
            self._failures += 1
        horizon = now - self.window_s
        while self._calls and self._calls[0][0] <= horizon:
            _, was_ok = self._calls.popleft()
            if not was_ok:
                self._failures -= 1

    def _open(self, now: float) -> None:
        self._state = BreakerState.OPEN
        self._opened_at = now
        self._probe_started_at = None
        self._calls.clear()
        self._failures = 0

    def _close(self) -> None:
        self._state = BreakerState.CLOSED
        self._probe_started_at = None
        self._calls.clear()
        self._failures = 0
