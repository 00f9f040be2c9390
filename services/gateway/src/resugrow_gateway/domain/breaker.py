"""A circuit breaker per downstream service, with the clock passed in.

Why not `purgatory` (handbook D9): its half-open state lets *every* concurrent request through
(at 200 dashboard requests/s a dead service would get a burst of probes, not one), and it reads
`time.time()` itself, so its timing cannot be tested without patching. This one admits exactly
one probe while half-open and takes `now` from the caller.

closed --(threshold consecutive failures)--> open --(reset_after_s)--> half-open
half-open --(probe succeeds)--> closed;  half-open --(probe fails)--> open
"""

from __future__ import annotations

from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    HALF_OPEN = "half_open"
    OPEN = "open"


# Prometheus gauge values (see resugrow_platform.metrics.BREAKER_STATE).
STATE_GAUGE = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}


class CircuitBreaker:
    def __init__(self, name: str, *, failure_threshold: int = 5, reset_after_s: float = 5.0) -> None:
        if failure_threshold < 1 or reset_after_s <= 0:
            raise ValueError("threshold must be >= 1 and reset_after_s > 0")
        self.name = name
        self.failure_threshold = failure_threshold
        self.reset_after_s = reset_after_s
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probe_started_at: float | None = None

    @property
    def state(self) -> BreakerState:
        return self._state

    @property
    def consecutive_failures(self) -> int:
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
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._probe_started_at = None

    def record_failure(self, *, now: float) -> None:
        self._failures += 1
        if self._state == BreakerState.HALF_OPEN or self._failures >= self.failure_threshold:
            self._state = BreakerState.OPEN
            self._opened_at = now
            self._probe_started_at = None

    def retry_in(self, *, now: float) -> float:
        if self._state != BreakerState.OPEN:
            return 0.0
        return max(0.0, self.reset_after_s - (now - self._opened_at))
