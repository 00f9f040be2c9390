"""The combined dashboard: one section per service, each ok, degraded (stale) or unavailable.

Sections come from the read model (each user's last summary per service, kept current by the
services' events and by the writes the gateway forwards) while it is current. A stored section
that an event made out of date (or that passed the age bound) is still shown, marked `stale`,
while a background refresh fetches it, as long as it is younger than a second bound; a section
that is missing, invalidated by the user's own write (read-your-writes) or too old for that is
fetched live for the page. A live call that fails is answered
from the last good copy when one is recent enough (status `degraded`, `stale: true`, with its
age), otherwise it is `unavailable` with a reason. The page is `partial` whenever any section is
not `ok`. Every section says where it came from (`source`) and how old it is (`as_of`, `age_s`).
"""

from __future__ import annotations

import dataclasses
import json
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
    # The service's answer as it came (JSON text of `data`): stored and sent on without encoding it again.
    text: str | None = None


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
    # Invalidated by a write the user made through the gateway: their next page must show it.
    by_write: bool = False
    # The summary as JSON text, as stored (the read model keeps text: a page copies it into its
    # answer without decoding or encoding it); `data` may then be None.
    text: str | None = None

    @property
    def has_data(self) -> bool:
        return self.data is not None or self.text is not None

    def age_s(self, now: datetime) -> float | None:
        if self.as_of is None:
            return None
        return max(0.0, (now - self.as_of).total_seconds())


@dataclass(frozen=True)
class Answer:
    """A live answer waiting to be stored: against the copy the caller read (`seen`), so it is
    kept only if nothing invalidated the section since."""

    data: dict[str, Any]
    text: str
    as_of: datetime
    seen: StoredSection | None


def is_current(stored: StoredSection | None, *, now: datetime, max_age_s: float) -> bool:
    if stored is None or not stored.has_data or stored.dirty:
        return False
    age = stored.age_s(now)
    return age is not None and age <= max_age_s


def can_serve_while_refreshing(stored: StoredSection | None, *, now: datetime, max_age_s: float) -> bool:
    """An out-of-date copy may stand in while it is refreshed: not after the user's own write
    (they must see it), and only while younger than the bound."""
    if stored is None or not stored.has_data or stored.by_write:
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
    text: str | None = None  # `data` as JSON text, when that is what we hold

    def payload(self) -> dict[str, Any] | None:
        if self.data is None and self.text is not None:
            parsed: dict[str, Any] = json.loads(self.text)
            return parsed
        return self.data

    def payload_json(self) -> str:
        return self.text if self.text is not None else json.dumps(self.data, separators=(",", ":"))

    def to_dict(self) -> dict[str, Any]:
        out = self.to_dict_without_data()
        out["data"] = self.payload()
        return out

    def to_dict_without_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status.value,
            "stale": self.stale,
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
        text=stored.text,
        as_of=stored.as_of,
        age_s=stored.age_s(now),
    )


def refreshing_view(stored: StoredSection, *, now: datetime) -> SectionView:
    """An out-of-date stored section shown while a background refresh runs: the service is fine
    (status ok) but the copy may be behind (`stale`, with its age)."""
    return SectionView(
        SectionStatus.OK,
        Source.READ_MODEL,
        stale=True,
        data=stored.data,
        text=stored.text,
        as_of=stored.as_of,
        age_s=stored.age_s(now),
    )


def section_view(
    outcome: Outcome, stored: StoredSection | None, *, now: datetime, degraded_max_age_s: float
) -> SectionView:
    """A section fetched live for this page; on failure the last good copy, when recent enough."""
    if isinstance(outcome, Fetched):
        return SectionView(
            SectionStatus.OK, Source.LIVE, data=outcome.data, text=outcome.text, as_of=now, age_s=0.0
        )
    age = stored.age_s(now) if stored is not None and stored.has_data else None
    if stored is not None and age is not None and age <= degraded_max_age_s:
        return SectionView(
            SectionStatus.DEGRADED,
            Source.READ_MODEL,
            stale=True,
            data=stored.data,
            text=stored.text,
            reason=outcome.reason,
            as_of=stored.as_of,
            age_s=age,
        )
    return SectionView(SectionStatus.UNAVAILABLE, Source.LIVE, reason=outcome.reason)


@dataclass(frozen=True)
class Page:
    """One dashboard answer: as a dict (the declared route, tests) or as JSON bytes built from
    the stored text (the fast path: no summary is decoded or encoded again)."""

    views: dict[str, SectionView]
    generated_at: datetime

    @property
    def partial(self) -> bool:
        return any(view.status != SectionStatus.OK for view in self.views.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at.astimezone(UTC).isoformat(),
            "partial": self.partial,
            "sections": {name: view.to_dict() for name, view in self.views.items()},
        }

    def to_json(self) -> bytes:
        sections = []
        for name, view in self.views.items():
            meta = view.to_dict_without_data()
            head = json.dumps(meta, separators=(",", ":"))
            sections.append(f'"{name}":{head[:-1]},"data":{view.payload_json()}}}')
        generated = self.generated_at.astimezone(UTC).isoformat()
        partial = "true" if self.partial else "false"
        return f'{{"generated_at":"{generated}","partial":{partial},"sections":{{{",".join(sections)}}}}}'.encode()


def page_of(views: dict[str, SectionView], *, generated_at: datetime) -> Page:
    return Page({name: views[name] for name in SECTIONS if name in views}, generated_at)


def assemble(views: dict[str, SectionView], *, generated_at: datetime) -> dict[str, Any]:
    return page_of(views, generated_at=generated_at).to_dict()


def marked_down(view: SectionView, reason: FailureReason) -> SectionView:
    """A section shown from the read model while its service does not answer (its breaker is
    open, or it failed its last liveness probe): the copy stays, but it cannot be refreshed
    (and the service's own pages will not work), so it is `degraded` with the reason."""
    if view.source != Source.READ_MODEL or view.status == SectionStatus.UNAVAILABLE:
        return view
    return dataclasses.replace(view, status=SectionStatus.DEGRADED, reason=reason)


class ServiceHealth:
    """What this replica last learned of each service's liveness from its own probes, made only
    while dashboards are served (at most one per service per interval, never waited for): pages
    whose sections all come from the read model call no service, so without a probe a stopped
    service would go unnoticed. One failed probe marks the service down, one answer clears it."""

    def __init__(self, *, interval_s: float) -> None:
        self.interval_s = interval_s
        self._last: dict[str, float] = {}
        self._probing: set[str] = set()
        self._down: dict[str, FailureReason] = {}

    def due(self, name: str, *, now: float) -> bool:
        if self.interval_s <= 0 or name in self._probing:
            return False
        last = self._last.get(name)
        return last is None or now - last >= self.interval_s

    def started(self, name: str, *, now: float) -> None:
        self._probing.add(name)
        self._last[name] = now

    def record(self, name: str, reason: FailureReason | None) -> None:
        """The probe's outcome: None (answered) or why it failed."""
        self._probing.discard(name)
        if reason is not None and counts_against_breaker(reason):
            self._down[name] = reason
        else:
            self._down.pop(name, None)

    def down(self, name: str) -> FailureReason | None:
        return self._down.get(name)


class RecentCallers:
    """The users who opened a dashboard lately on this replica, with the authorization they sent
    (until their token expires), so a section an event made out of date can be fetched again
    before their next page. Bounded: the least recently seen users go first."""

    def __init__(self, *, max_users: int) -> None:
        self.max_users = max_users
        self._callers: dict[str, tuple[str, float]] = {}

    def __len__(self) -> int:
        return len(self._callers)

    def seen(self, user_id: str, authorization: str, *, expires_at: float) -> None:
        if self.max_users <= 0:
            return
        self._callers.pop(user_id, None)  # re-inserted last: dicts keep insertion order
        self._callers[user_id] = (authorization, expires_at)
        while len(self._callers) > self.max_users:
            self._callers.pop(next(iter(self._callers)))

    def authorization(self, user_id: str, *, now: float) -> str | None:
        entry = self._callers.get(user_id)
        if entry is None:
            return None
        if now >= entry[1]:
            del self._callers[user_id]
            return None
        return entry[0]

    def forget(self, user_id: str) -> None:
        self._callers.pop(user_id, None)
