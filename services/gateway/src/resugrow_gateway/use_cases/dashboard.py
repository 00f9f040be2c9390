"""The combined dashboard: every service's summary, each under its own deadline and breaker."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Protocol

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
    SectionCache,
    assemble,
    classify_status,
    counts_against_breaker,
    section_view,
)
from resugrow_gateway.settings import GatewaySettings


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
    cache: SectionCache
    in_flight: dict[str, int]
    late_sections: set[asyncio.Task[Any]]

    def clock(self) -> float: ...

    def breaker_changed(self, breaker: CircuitBreaker) -> None: ...


async def fetch_section(
    gw: DashboardContext,
    name: str,
    *,
    user_id: str,
    authorization: str,
    request_id: str | None,
    deadline_s: float,
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
    now = gw.clock()
    if isinstance(outcome, Failed) and counts_against_breaker(outcome.reason):
        breaker.record_failure(now=now)
    else:
        breaker.record_success(now=now)
    gw.breaker_changed(breaker)
    if isinstance(outcome, Fetched):
        # Also when it arrives after the page was answered: the next page can show it.
        gw.cache.put(user_id, name, outcome.data, now=now)
    return outcome


async def get_dashboard(
    gw: DashboardContext, *, user_id: str, authorization: str, request_id: str | None, now: datetime
) -> dict[str, Any]:
    d = gw.settings.dashboard
    tasks = {
        name: asyncio.create_task(
            fetch_section(
                gw,
                name,
                user_id=user_id,
                authorization=authorization,
                request_id=request_id,
                deadline_s=d.section_deadline_s,
            )
        )
        for name in SECTIONS
    }
    await asyncio.wait(tasks.values(), timeout=d.overall_deadline_s)
    outcomes: dict[str, Outcome] = {}
    for name, task in tasks.items():
        if task.done() and not task.cancelled() and task.exception() is None:
            outcomes[name] = task.result()
        else:
            if not task.done():
                # Left to finish on its own timeouts (see _fetch_section); kept referenced.
                gw.late_sections.add(task)
                task.add_done_callback(gw.late_sections.discard)
            outcomes[name] = Failed(FailureReason.TIMEOUT)
    clock = gw.clock()
    views = {
        name: section_view(outcome, gw.cache.get(user_id, name, now=clock), now=clock)
        for name, outcome in outcomes.items()
    }
    return assemble(views, generated_at=now)
