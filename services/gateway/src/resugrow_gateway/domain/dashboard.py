"""The combined dashboard: one section per service, each ok, degraded (stale) or unavailable.

A section that fails is answered from the user's last good copy when one is recent enough
(status `degraded`, `stale: true`, with its age), otherwise it is `unavailable` with a reason.
The page is `partial` whenever any section is not `ok`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

SECTIONS = ("resume", "ats", "interview", "linkedin", "tracker", "career")
# Where each service serves the caller's summary (forwarded with the caller's own token).
SUMMARY_PATHS = {
    "resume": "/v1/resumes/summary",
    "ats": "/v1/ats/summary",
    "interview": "/v1/interviews/summary",
    "linkedin": "/v1/linkedin/summary",
    "tracker": "/v1/tracker/summary",
    "career": "/v1/career/summary",
}


class SectionStatus(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"
    UNAVAILABLE = "unavailable"


class FailureReason(StrEnum):
    TIMEOUT = "timeout"  # no answer within the section's deadline
    CIRCUIT_OPEN = "circuit_open"  # recent failures: not called at all, probed again later
    UNREACHABLE = "unreachable"  # connection refused or reset
    ERROR = "error"  # a 5xx or an unreadable answer
    REJECTED = "rejected"  # a 4xx: the service is up but refused this call (e.g. token not accepted)
    NOT_SUPPORTED = "not_supported"  # the service has no summary endpoint (404/405/501)
    BUSY = "busy"  # this gateway already has its full share of calls to the service in flight


@dataclass(frozen=True)
class Fetched:
    data: dict[str, Any]


@dataclass(frozen=True)
class Failed:
    reason: FailureReason


Outcome = Fetched | Failed


def counts_against_breaker(reason: FailureReason) -> bool:
    """A service that answers at all (even "no such endpoint" or "refused") is healthy; only
    timeouts, unreachable hosts and server errors open its breaker."""
    return reason in (FailureReason.TIMEOUT, FailureReason.UNREACHABLE, FailureReason.ERROR)


def classify_status(status_code: int) -> FailureReason | None:
    if 200 <= status_code < 300:
        return None
    if status_code in (404, 405, 501):
        return FailureReason.NOT_SUPPORTED
    if 400 <= status_code < 500:
        return FailureReason.REJECTED
    return FailureReason.ERROR


@dataclass(frozen=True)
class CachedSection:
    data: dict[str, Any]
    fetched_at: float


class SectionCache:
    """Last good section per user, bounded in users (LRU) and in age (`ttl_s`)."""

    def __init__(self, *, ttl_s: float = 120.0, max_users: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_users = max_users
        self._users: OrderedDict[str, dict[str, CachedSection]] = OrderedDict()

    def put(self, user_id: str, section: str, data: dict[str, Any], *, now: float) -> None:
        sections = self._users.pop(user_id, {})
        sections[section] = CachedSection(data, now)
        self._users[user_id] = sections
        while len(self._users) > self.max_users:
            self._users.popitem(last=False)

    def get(self, user_id: str, section: str, *, now: float) -> CachedSection | None:
        cached = self._users.get(user_id, {}).get(section)
        if cached is None or now - cached.fetched_at > self.ttl_s:
            return None
        return cached

    def forget(self, user_id: str) -> None:
        self._users.pop(user_id, None)


@dataclass(frozen=True)
class SectionView:
    status: SectionStatus
    stale: bool = False
    data: dict[str, Any] | None = None
    reason: FailureReason | None = None
    age_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status.value, "stale": self.stale, "data": self.data}
        if self.reason is not None:
            out["reason"] = self.reason.value
        if self.age_s is not None:
            out["age_s"] = round(self.age_s, 1)
        return out


def section_view(outcome: Outcome, cached: CachedSection | None, *, now: float) -> SectionView:
    if isinstance(outcome, Fetched):
        return SectionView(SectionStatus.OK, data=outcome.data)
    if cached is not None:
        return SectionView(
            SectionStatus.DEGRADED,
            stale=True,
            data=cached.data,
            reason=outcome.reason,
            age_s=max(0.0, now - cached.fetched_at),
        )
    return SectionView(SectionStatus.UNAVAILABLE, reason=outcome.reason)


def assemble(views: dict[str, SectionView], *, generated_at: datetime) -> dict[str, Any]:
    ordered = {name: views[name] for name in SECTIONS if name in views}
    return {
        "generated_at": generated_at.astimezone(UTC).isoformat(),
        "partial": any(view.status != SectionStatus.OK for view in ordered.values()),
        "sections": {name: view.to_dict() for name, view in ordered.items()},
    }
