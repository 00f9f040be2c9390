"""The combined dashboard: each user's sections from the read model, live calls only for what
is missing or changed by the user's own write, each live call under its own deadline and breaker.

A section an event made out of date is shown as it was (`stale`) while one background fetch per
user and section refreshes it; sections of users who opened a dashboard lately are refreshed as
soon as the event arrives, so their next page finds them current."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

from resugrow_gateway.adapters.downstream import (
    DownstreamFailed,
    DownstreamTimeout,
    DownstreamUnreachable,
    SmallAnswer,
    problem_or_json,
)
from resugrow_gateway.domain.dashboard import (
    SECTIONS,
    SUMMARY_PATHS,
    Answer,
    Failed,
    FailureReason,
    Fetched,
    Outcome,
    Page,
    SectionStatus,
    SectionView,
    Source,
    StoredSection,
    can_serve_while_refreshing,
    classify_status,
    counts_against_breaker,
    is_current,
    marked_down,
    page_of,
    refreshing_view,
    section_view,
    stored_view,
)
from resugrow_gateway.use_cases.dashboard_context import Caller, DashboardContext, in_background
from resugrow_gateway.use_cases.dashboard_health import check_services, down_reason


async def _store(gw: DashboardContext, user_id: str, answers: dict[str, Answer]) -> None:
    if gw.erased(user_id):
        return  # an answer that was in flight when the account was deleted is not kept
    # A failed write only costs the next page a live call.
    with contextlib.suppress(Exception):
        await gw.read_model.save_many(user_id, answers)


def _keep(
    gw: DashboardContext, name: str, caller: Caller, outcome: Fetched, seen: StoredSection | None
) -> None:
    text = outcome.text if outcome.text is not None else json.dumps(outcome.data, separators=(",", ":"))
    gw.unsaved.setdefault(caller.user_id, {})[name] = Answer(outcome.data, text, caller.now, seen)


def _call_ended(gw: DashboardContext, user_id: str) -> None:
    """Once the user's last summary call in flight ends, store what they brought in one write
    (a page's six answers were six writes: most of the database's and a third of the gateway's
    CPU for a new user's page, measured). Also when it ends after the page was answered: the
    next page can show it. In the background, so no page waits for the write."""
    left = gw.user_calls[user_id] - 1
    if left > 0:
        gw.user_calls[user_id] = left
        return
    del gw.user_calls[user_id]
    answers = gw.unsaved.pop(user_id, None)
    if answers:
        in_background(gw, _store(gw, user_id, answers))


def fetch_section(
    gw: DashboardContext, name: str, caller: Caller, *, deadline_s: float, seen: StoredSection | None = None
) -> Coroutine[Any, Any, Outcome]:
    """The call, to be awaited or run as a task. Counted for the user at once, not when it
    first runs: a page's calls are all counted before the first of them ends."""
    gw.user_calls[caller.user_id] = gw.user_calls.get(caller.user_id, 0) + 1
    return _fetch_and_keep(gw, name, caller, deadline_s=deadline_s, seen=seen)


async def _fetch_and_keep(
    gw: DashboardContext, name: str, caller: Caller, *, deadline_s: float, seen: StoredSection | None
) -> Outcome:
    try:
        outcome = await _call(gw, name, caller, deadline_s=deadline_s)
        if isinstance(outcome, Fetched):
            _keep(gw, name, caller, outcome, seen)
        return outcome
    finally:
        _call_ended(gw, caller.user_id)


async def _call(gw: DashboardContext, name: str, caller: Caller, *, deadline_s: float) -> Outcome:
    down = gw.health.down(name)
    if down is not None:
        # It failed its liveness probe within the last interval: a call would only hold the
        # page until its deadline (and a half-open breaker's probe is the liveness probe's job).
        return Failed(down)
    if gw.in_flight[name] >= min(gw.settings.pool.max_connections, gw.settings.dashboard.max_live_calls):
        # Shed instead of queueing: calls queued behind a full connection pool only add work
        # (a pool's bookkeeping grows with its queue) and arrive after the deadline; and a
        # few calls per service keep an overloaded service's answers (and pages) within bounds.
        # Checked before the breaker so a shed call never takes the half-open probe's place.
        return Failed(FailureReason.BUSY)
    breaker = gw.breakers[name]
    if not breaker.allow(now=gw.clock()):
        return Failed(FailureReason.CIRCUIT_OPEN)
    gw.in_flight[name] += 1
    outcome: Outcome
    try:
        # Bounded by the connection pool's own timeouts, never by cancelling the call: a request
        # cancelled mid-flight left its pooled connection stuck (measured with httpcore 1.0.9,
        # the client before aiohttp: 100 cancelled calls exhausted a 20-connection pool for good).
        response = await gw.downstreams.get_json(
            name,
            SUMMARY_PATHS[name],
            authorization=caller.authorization,
            request_id=caller.request_id,
            timeout=deadline_s,
        )
        outcome = _outcome_of(response)
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
    return outcome


def _outcome_of(response: SmallAnswer) -> Outcome:
    reason = classify_status(response.status_code)
    if reason is not None:
        return Failed(reason)
    data = problem_or_json(response)
    if isinstance(data, dict):
        # The answer's own text is kept: stored and copied into pages as it is.
        return Fetched(data, text=response.content.decode("utf-8", "replace"))
    return Fetched({"items": data}) if data is not None else Failed(FailureReason.ERROR)


async def load_stored(gw: DashboardContext, user_id: str) -> dict[str, StoredSection] | None:
    """The user's read-model sections. A database that fails (refused, down) gives none, so every
    section is fetched live: the dashboard does not depend on the database. A read that is only
    slow gives None: the gateway or the database is overloaded, and six live calls per page would
    add to the overload (measured: the platform collapsed), so those sections are not fetched.

    A slow read is never cancelled: a cancelled PyMongo operation closes its pooled connection,
    and under overload every page then paid for a new connection (handshake and all) and timed
    out in turn. It finishes in the background instead, and while `max_reads_in_flight` reads
    are outstanding a page does not add another: the database is the overloaded part."""
    d = gw.settings.dashboard
    if gw.reads_in_flight >= d.max_reads_in_flight:
        return None
    gw.reads_in_flight += 1
    task = asyncio.create_task(gw.read_model.load(user_id))

    def done(finished: asyncio.Task[dict[str, StoredSection]]) -> None:
        gw.reads_in_flight -= 1
        gw.late_sections.discard(finished)
        if not finished.cancelled():
            finished.exception()  # retrieved: a late failure is not an unhandled error

    task.add_done_callback(done)
    gw.late_sections.add(task)
    await asyncio.wait([asyncio.shield(task)], timeout=d.read_model_timeout_s)
    if not task.done():
        return None
    if task.cancelled() or task.exception() is not None:
        return {}
    return task.result()


def shared_fetch(
    gw: DashboardContext, name: str, caller: Caller, *, deadline_s: float, seen: StoredSection | None
) -> asyncio.Task[Outcome]:
    """The user's call for this section already in flight (from another page or a refresh), or a
    new one. A call that started before the section was invalidated again (an older generation)
    is not shared: its answer may predate the change. Never cancelled (see fetch_section);
    referenced until it ends."""
    key = (caller.user_id, name)
    gen = seen.gen if seen is not None else -1
    running = gw.fetching.get(key)
    if running is not None and running[0] >= gen:
        return running[1]
    task = asyncio.create_task(fetch_section(gw, name, caller, deadline_s=deadline_s, seen=seen))
    gw.fetching[key] = (gen, task)
    gw.late_sections.add(task)

    def done(finished: asyncio.Task[Outcome]) -> None:
        gw.late_sections.discard(finished)
        entry = gw.fetching.get(key)
        if entry is not None and entry[1] is finished:
            del gw.fetching[key]

    task.add_done_callback(done)
    return task


async def fetch_live(
    gw: DashboardContext,
    names: list[str],
    stored: dict[str, StoredSection],
    caller: Caller,
    *,
    budget_s: float,
) -> dict[str, Outcome]:
    deadline_s = min(gw.settings.dashboard.section_deadline_s, budget_s)
    tasks = {
        name: shared_fetch(gw, name, caller, deadline_s=deadline_s, seen=stored.get(name)) for name in names
    }
    # shield: a page that gives up must not cancel a call another page or a refresh shares
    await asyncio.wait([asyncio.shield(t) for t in tasks.values()], timeout=budget_s)
    outcomes: dict[str, Outcome] = {}
    for name, task in tasks.items():
        if task.done() and not task.cancelled() and task.exception() is None:
            outcomes[name] = task.result()
        else:
            outcomes[name] = Failed(FailureReason.TIMEOUT)  # left to finish (and be stored)
    return outcomes


def refresh_in_background(
    gw: DashboardContext, names: list[str], stored: dict[str, StoredSection], caller: Caller
) -> None:
    """Fetch out-of-date sections without a page waiting (stored when they arrive)."""
    if gw.erased(caller.user_id):
        return
    for name in names:
        shared_fetch(
            gw, name, caller, deadline_s=gw.settings.dashboard.refresh_deadline_s, seen=stored.get(name)
        )


def _plan(
    stored: dict[str, StoredSection], *, now: datetime, max_age_s: float, stale_max_age_s: float
) -> tuple[dict[str, SectionView], list[str], list[str]]:
    """Per section: shown as stored, shown stale while refreshed, or fetched live for the page."""
    views: dict[str, SectionView] = {}
    refresh: list[str] = []
    live: list[str] = []
    for name in SECTIONS:
        section = stored.get(name)
        if section is not None and is_current(section, now=now, max_age_s=max_age_s):
            views[name] = stored_view(section, now=now)
        elif section is not None and can_serve_while_refreshing(section, now=now, max_age_s=stale_max_age_s):
            views[name] = refreshing_view(section, now=now)
            refresh.append(name)
        else:
            live.append(name)
    return views, refresh, live


async def get_dashboard(
    gw: DashboardContext, *, user_id: str, authorization: str, request_id: str | None, now: datetime
) -> dict[str, Any]:
    page = await dashboard_page(
        gw, user_id=user_id, authorization=authorization, request_id=request_id, now=now
    )
    return page.to_dict()


async def dashboard_page(
    gw: DashboardContext, *, user_id: str, authorization: str, request_id: str | None, now: datetime
) -> Page:
    d = gw.settings.dashboard
    started = gw.clock()
    loaded = await load_stored(gw, user_id)
    if loaded is None:
        return page_of(
            {
                name: SectionView(SectionStatus.UNAVAILABLE, Source.LIVE, reason=FailureReason.BUSY)
                for name in SECTIONS
            },
            generated_at=now,
        )
    stored = loaded
    if authorization:
        with contextlib.suppress(Exception):  # an unreadable token only means no early refresh
            gw.recent.seen(user_id, authorization, expires_at=gw.token_expiry(authorization))
    views, refresh, live = _plan(stored, now=now, max_age_s=d.max_age_s, stale_max_age_s=d.stale_max_age_s)
    check_services(gw)
    for name, view in views.items():
        reason = down_reason(gw, name)
        if reason is not None:
            views[name] = marked_down(view, reason)
    caller = Caller(user_id, authorization, request_id, now)
    refresh_in_background(gw, refresh, stored, caller)
    if live:
        budget_s = max(0.01, d.overall_deadline_s - (gw.clock() - started))
        outcomes = await fetch_live(gw, live, stored, caller, budget_s=budget_s)
        for name, outcome in outcomes.items():
            views[name] = section_view(
                outcome, stored.get(name), now=now, degraded_max_age_s=d.degraded_max_age_s
            )
    return page_of(views, generated_at=now)
