"""The combined dashboard: each user's sections from the read model, live calls only for what
is missing or out of date, each live call under its own deadline and breaker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from datetime import datetime
from typing import Any, Protocol

from resugrow_events import UserDeletedV1
from resugrow_gateway.adapters.downstream import (
    DownstreamFailed,
    DownstreamTimeout,
    DownstreamUnreachable,
    SmallAnswer,
    problem_or_json,
)
from resugrow_gateway.domain.breaker import CircuitBreaker
from resugrow_gateway.domain.dashboard import (
    SECTIONS,
    SUMMARY_PATHS,
    Failed,
    FailureReason,
    Fetched,
    Outcome,
    SectionStatus,
    SectionView,
    Source,
    StoredSection,
    assemble,
    classify_status,
    counts_against_breaker,
    is_current,
    section_view,
    stored_view,
)
from resugrow_gateway.domain.dashboard_events import changed_by_event, changed_by_write
from resugrow_gateway.settings import GatewaySettings
from resugrow_gateway.use_cases.ports import DashboardReadModel


class Fetcher(Protocol):
    async def get_json(
        self, service: str, path: str, *, authorization: str, request_id: str | None, timeout: float
    ) -> SmallAnswer: ...


class DashboardContext(Protocol):
    """What the dashboard needs from the runtime (a fake in unit tests)."""

    settings: GatewaySettings

    @property
    def downstreams(self) -> Fetcher: ...

    breakers: dict[str, CircuitBreaker]
    in_flight: dict[str, int]
    late_sections: set[asyncio.Task[Any]]

    @property
    def read_model(self) -> DashboardReadModel: ...

    def clock(self) -> float: ...

    def breaker_changed(self, breaker: CircuitBreaker) -> None: ...

    def erased(self, user_id: str) -> bool: ...


def in_background(gw: DashboardContext, work: Coroutine[Any, Any, Any]) -> None:
    task = asyncio.create_task(work)
    gw.late_sections.add(task)  # kept referenced until done
    task.add_done_callback(gw.late_sections.discard)


async def _store(
    gw: DashboardContext,
    user_id: str,
    name: str,
    data: dict[str, Any],
    *,
    as_of: datetime,
    seen: StoredSection | None,
) -> None:
    if gw.erased(user_id):
        return  # an answer that was in flight when the account was deleted is not kept
    # A failed write only costs the next page a live call.
    with contextlib.suppress(Exception):
        await gw.read_model.save(user_id, name, data, as_of=as_of, seen=seen)


async def fetch_section(
    gw: DashboardContext,
    name: str,
    *,
    user_id: str,
    authorization: str,
    request_id: str | None,
    deadline_s: float,
    now: datetime,
    seen: StoredSection | None = None,
) -> Outcome:
    if gw.in_flight[name] >= gw.settings.pool.max_connections:
        # Shed instead of queueing: calls queued behind a full connection pool only add work
        # (httpcore's pool bookkeeping grows with its queue) and arrive after the deadline.
        # Checked before the breaker so a shed call never takes the half-open probe's place.
        return Failed(FailureReason.BUSY)
    breaker = gw.breakers[name]
    if not breaker.allow(now=gw.clock()):
        return Failed(FailureReason.CIRCUIT_OPEN)
    gw.in_flight[name] += 1
    outcome: Outcome
    try:
        # Bounded by the connection pool's own timeouts, never by cancelling the call: a request
        # cancelled mid-flight leaves its pooled connection stuck (measured with httpcore 1.0.9:
        # 100 cancelled calls exhausted a 20-connection pool for good).
        response = await gw.downstreams.get_json(
            name, SUMMARY_PATHS[name], authorization=authorization, request_id=request_id, timeout=deadline_s
        )
        reason = classify_status(response.status_code)
        if reason is None:
            data = problem_or_json(response)
            outcome = (
                Fetched(data if isinstance(data, dict) else {"items": data})
                if data is not None
                else Failed(FailureReason.ERROR)
            )
        else:
            outcome = Failed(reason)
    except DownstreamTimeout:
        outcome = Failed(FailureReason.TIMEOUT)
    except DownstreamUnreachable:
        outcome = Failed(FailureReason.UNREACHABLE)
    except DownstreamFailed:
        outcome = Failed(FailureReason.ERROR)
    finally:
        gw.in_flight[name] -= 1
    ended = gw.clock()
    if isinstance(outcome, Failed) and counts_against_breaker(outcome.reason):
        breaker.record_failure(now=ended)
    else:
        breaker.record_success(now=ended)
    gw.breaker_changed(breaker)
    if isinstance(outcome, Fetched):
        # Also when it arrives after the page was answered: the next page can show it. In the
        # background, so the page never waits for the write.
        in_background(gw, _store(gw, user_id, name, outcome.data, as_of=now, seen=seen))
    return outcome


async def load_stored(gw: DashboardContext, user_id: str) -> dict[str, StoredSection] | None:
    """The user's read-model sections. A database that fails (refused, down) gives none, so every
    section is fetched live: the dashboard does not depend on the database. A read that is only
    slow gives None: the gateway or the database is overloaded, and six live calls per page would
    add to the overload (measured: the platform collapsed), so those sections are not fetched."""
    try:
        return await asyncio.wait_for(
            gw.read_model.load(user_id), timeout=gw.settings.dashboard.read_model_timeout_s
        )
    except TimeoutError:
        return None
    except Exception:
        return {}


async def fetch_live(
    gw: DashboardContext,
    names: list[str],
    stored: dict[str, StoredSection],
    *,
    user_id: str,
    authorization: str,
    request_id: str | None,
    now: datetime,
    budget_s: float,
) -> dict[str, Outcome]:
    d = gw.settings.dashboard
    tasks = {
        name: asyncio.create_task(
            fetch_section(
                gw,
                name,
                user_id=user_id,
                authorization=authorization,
                request_id=request_id,
                deadline_s=min(d.section_deadline_s, budget_s),
                now=now,
                seen=stored.get(name),
            )
        )
        for name in names
    }
    await asyncio.wait(tasks.values(), timeout=budget_s)
    outcomes: dict[str, Outcome] = {}
    for name, task in tasks.items():
        if task.done() and not task.cancelled() and task.exception() is None:
            outcomes[name] = task.result()
        else:
            if not task.done():
                # Left to finish on its own timeouts (see fetch_section); kept referenced.
                gw.late_sections.add(task)
                task.add_done_callback(gw.late_sections.discard)
            outcomes[name] = Failed(FailureReason.TIMEOUT)
    return outcomes


async def get_dashboard(
    gw: DashboardContext, *, user_id: str, authorization: str, request_id: str | None, now: datetime
) -> dict[str, Any]:
    d = gw.settings.dashboard
    started = gw.clock()
    loaded = await load_stored(gw, user_id)
    if loaded is None:
        return assemble(
            {
                name: SectionView(SectionStatus.UNAVAILABLE, Source.LIVE, reason=FailureReason.BUSY)
                for name in SECTIONS
            },
            generated_at=now,
        )
    stored = loaded
    views: dict[str, SectionView] = {}
    live: list[str] = []
    for name in SECTIONS:
        section = stored.get(name)
        if section is not None and is_current(section, now=now, max_age_s=d.max_age_s):
            views[name] = stored_view(section, now=now)
        else:
            live.append(name)
    if live:
        budget_s = max(0.01, d.overall_deadline_s - (gw.clock() - started))
        outcomes = await fetch_live(
            gw,
            live,
            stored,
            user_id=user_id,
            authorization=authorization,
            request_id=request_id,
            now=now,
            budget_s=budget_s,
        )
        for name, outcome in outcomes.items():
            views[name] = section_view(
                outcome, stored.get(name), now=now, degraded_max_age_s=d.degraded_max_age_s
            )
    return assemble(views, generated_at=now)


async def invalidate(gw: DashboardContext, user_id: str, sections: tuple[str, ...]) -> None:
    """Mark sections out of date for every replica (the next page fetches them live). Never for
    an erased account: an invalidation is an upsert, and one landing after the erasure (a
    delayed re-check, a write forwarded while the account was being deleted) would write the
    user's id back."""
    if sections and not gw.erased(user_id):
        await gw.read_model.invalidate(user_id, sections)


async def erase_user(gw: DashboardContext, user_id: str) -> None:
    """Delete a deleted account's sections at once on the replica that deleted it (the
    `user.deleted` event does the same on every replica; both are idempotent)."""
    await gw.read_model.erase(user_id)


async def _invalidate_later(
    gw: DashboardContext, user_id: str, sections: tuple[str, ...], delay_s: float
) -> None:
    await asyncio.sleep(delay_s)
    with contextlib.suppress(Exception):  # best effort: the age bound still applies
        await invalidate(gw, user_id, sections)


async def on_event(gw: DashboardContext, *, event_type: str, user_id: str | None) -> None:
    """Keep the read model current from one consumed event (any replica may do it: the writes
    are invalidations, repeating one only costs a live call). A deleted account's sections are
    erased. Errors propagate, so the consumer retries the event."""
    if not user_id:
        return
    if event_type == UserDeletedV1.event_type:
        await gw.read_model.erase(user_id)
        return
    changed = changed_by_event(event_type)
    await invalidate(gw, user_id, changed.all)
    if changed.derived:
        # The consuming service applies the event on its own time: look again once it has.
        in_background(gw, _invalidate_later(gw, user_id, changed.derived, gw.settings.dashboard.settle_s))


async def on_write(
    gw: DashboardContext, *, user_id: str, service: str, method: str, operation_id: str | None
) -> None:
    """A write forwarded for the user: its section is out of date before the answer leaves, so
    their next page (on any replica) shows it. Never fails the write."""
    sections = changed_by_write(service, method, operation_id)
    if sections and not gw.erased(user_id):
        with contextlib.suppress(Exception):
            await asyncio.wait_for(
                invalidate(gw, user_id, sections), timeout=gw.settings.dashboard.mark_timeout_s
            )
