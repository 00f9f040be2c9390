"""Token-bucket rate limiting, keyed per user and per client IP.

A bucket holds up to `burst` tokens and refills at `rate` tokens per second; each request
takes one. The table is bounded (least recently used keys are evicted first) so a flood of
distinct IPs cannot grow memory without limit. Time is passed in, never read here.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    rate_per_s: float
    burst: int

    def __post_init__(self) -> None:
        if self.rate_per_s <= 0 or self.burst < 1:
            raise ValueError("a limit needs a positive rate and a burst of at least 1")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int
    # Whole seconds until one token is back (HTTP Retry-After takes integers); 0 when allowed.
    retry_after_s: int
    limit: int


class BucketTable:
    def __init__(self, limit: Limit, *, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.max_keys = max_keys
        # key -> (tokens, last refill time)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str, *, now: float, cost: float = 1.0) -> Decision:
        limit = self.limit
        tokens, last = self._buckets.pop(key, (float(limit.burst), now))
        # A clock that steps backwards must not mint tokens.
        elapsed = max(0.0, now - last)
        tokens = min(float(limit.burst), tokens + elapsed * limit.rate_per_s)
        if tokens >= cost:
            tokens -= cost
            decision = Decision(True, int(tokens), 0, limit.burst)
        else:
            wait = (cost - tokens) / limit.rate_per_s
            decision = Decision(False, 0, max(1, math.ceil(wait)), limit.burst)
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return decision

    def refund(self, key: str, amount: float = 1.0) -> None:
        if key in self._buckets:
            tokens, last = self._buckets[key]
            self._buckets[key] = (min(float(self.limit.burst), tokens + amount), last)


class RateLimiter:
    """Both limits must pass; a refused request spends nothing from the other bucket."""

    def __init__(self, *, per_user: Limit, per_ip: Limit, max_keys: int = 100_000) -> None:
        self.users = BucketTable(per_user, max_keys=max_keys)
        self.ips = BucketTable(per_ip, max_keys=max_keys)

    def check(self, *, ip: str | None, user_id: str | None, now: float) -> Decision:
        ip_decision = self.ips.take(f"ip:{ip or 'unknown'}", now=now)
        if not ip_decision.allowed:
            return ip_decision
        if user_id is None:
            return ip_decision
        user_decision = self.users.take(f"user:{user_id}", now=now)
        if not user_decision.allowed:
            self.ips.refund(f"ip:{ip or 'unknown'}")  # the request never ran
            return user_decision
        return user_decision
