"""The combined dashboard: one section per service, each ok, degraded (stale) or unavailable.

Sections come from the read model (each user's last summary per service, kept current by the
services' events and by the writes the gateway forwards) while it is current; a section that is
missing, invalidated or older than the bound is fetched live. A live call that fails is answered
from the last good copy when one is recent enough (status `degraded`, `stale: true`, with its
age), otherwise it is `unavailable` with a reason. The page is `partial` whenever any section is
not `ok`. Every section says where it came from (`source`) and how old it is (`as_of`, `age_s`).
"""

from __future__ import annotations

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


class Source(StrEnum):
    READ_MODEL = "read_model"  # the stored copy, current (no change since it was fetched)
    LIVE = "live"  # fetched from the service for this page (or tried and failed)


@dataclass(frozen=True)
class StoredSection:
    """One section of the read model. `gen` grows with every invalidation: a live answer is
    stored only if no invalidation happened since the copy it replaces was read (so an answer
    fetched before a write never overwrites the write's invalidation)."""

    data: dict[str, Any] | None
    as_of: datetime | None
    gen: int = 0
    dirty: bool = False

    def age_s(self, now: datetime) -> float | None:
        if self.as_of is None:
            return None
        return max(0.0, (now - self.as_of).total_seconds())


def is_current(stored: StoredSection | None, *, now: datetime, max_age_s: float) -> bool:
    if stored is None or stored.data is None or stored.dirty:
        return False
    age = stored.age_s(now)
    return age is not None and age <= max_age_s


@dataclass(frozen=True)
class SectionView:
    status: SectionStatus
    source: Source
    stale: bool = False
    data: dict[str, Any] | None = None
    reason: FailureReason | None = None
    as_of: datetime | None = None
    age_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status.value,
            "stale": self.stale,
            "data": self.data,
            "source": self.source.value,
        }
        if self.reason is not None:
            out["reason"] = self.reason.value
        if self.as_of is not None:
            out["as_of"] = self.as_of.astimezone(UTC).isoformat()
        if self.age_s is not None:
            out["age_s"] = round(self.age_s, 1)
        return out


def stored_view(stored: StoredSection, *, now: datetime) -> SectionView:
    """A current section straight from the read model."""
    return SectionView(
        SectionStatus.OK,
        Source.READ_MODEL,
        data=stored.data,
        as_of=stored.as_of,
        age_s=stored.age_s(now),
    )


def section_view(
    outcome: Outcome, stored: StoredSection | None, *, now: datetime, degraded_max_age_s: float
) -> SectionView:
    """A section fetched live for this page; on failure the last good copy, when recent enough."""
    if isinstance(outcome, Fetched):
        return SectionView(SectionStatus.OK, Source.LIVE, data=outcome.data, as_of=now, age_s=0.0)
    age = stored.age_s(now) if stored is not None and stored.data is not None else None
    if stored is not None and age is not None and age <= degraded_max_age_s:
        return SectionView(
            SectionStatus.DEGRADED,
            Source.READ_MODEL,
            stale=True,
            data=stored.data,
            reason=outcome.reason,
            as_of=stored.as_of,
            age_s=age,
        )
    return SectionView(SectionStatus.UNAVAILABLE, Source.LIVE, reason=outcome.reason)


def assemble(views: dict[str, SectionView], *, generated_at: datetime) -> dict[str, Any]:
    ordered = {name: views[name] for name in SECTIONS if name in views}
    return {
        "generated_at": generated_at.astimezone(UTC).isoformat(),
        "partial": any(view.status != SectionStatus.OK for view in ordered.values()),
        "sections": {name: view.to_dict() for name, view in ordered.items()},
    }
