"""Keeping the dashboard read model current: invalidations from events and forwarded writes,
early refreshes for users who opened a dashboard lately, erasure of deleted accounts' sections."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta

from resugrow_events import UserDeletedV1
from resugrow_gateway.domain.dashboard import SECTIONS, is_current
from resugrow_gateway.domain.dashboard_events import changed_by_event, changed_by_write
from resugrow_gateway.use_cases.dashboard import load_stored, refresh_in_background
from resugrow_gateway.use_cases.dashboard_context import Caller, DashboardContext, in_background


async def invalidate(
    gw: DashboardContext, user_id: str, sections: tuple[str, ...], *, by_write: bool = False
) -> None:
    """Mark sections out of date for every replica. Never for an erased account: an
    invalidation is an upsert, and one landing after the erasure (a delayed re-check, a write
    forwarded while the account was being deleted) would write the user's id back."""
    if sections and not gw.erased(user_id):
        await gw.read_model.invalidate(user_id, sections, by_write=by_write)


async def erase_user(gw: DashboardContext, user_id: str) -> None:
    """Delete a deleted account's sections at once on the replica that deleted it (the
    `user.deleted` event does the same on every replica, and the sweep catches what both miss)."""
    gw.recent.forget(user_id)
    await gw.read_model.erase(user_id)


async def warm(gw: DashboardContext, user_id: str, sections: tuple[str, ...]) -> None:
    """Refresh sections an event changed for a user who opened a dashboard lately on this
    replica (with the authorization they sent), so their next page finds them current. Reads
    the sections first: an answer is stored only against the generation the event left."""
    authorization = gw.recent.authorization(user_id, now=time.time())
    if not sections or authorization is None or gw.erased(user_id):
        return
    stored = await load_stored(gw, user_id)
    if not stored:
        return  # overloaded (None) or nothing stored: the next page decides
    now = datetime.now(UTC)
    d = gw.settings.dashboard
    stale = [
        n for n in dict.fromkeys(sections) if not is_current(stored.get(n), now=now, max_age_s=d.max_age_s)
    ]
    refresh_in_background(gw, stale, stored, Caller(user_id, authorization, None, now))


async def prefetch(gw: DashboardContext, user_id: str, authorization: str) -> None:
    """At sign-in: fetch in the background every section the read model does not hold current
    (a new user's: all six), so their first dashboard comes from the read model, or joins the
    calls still in flight, instead of waiting on six live calls. The live path stays for what
    is missing or out of date later."""
    if not gw.settings.dashboard.prefetch_at_sign_in or gw.erased(user_id):
        return
    stored = await load_stored(gw, user_id)
    if stored is None:
        return  # overloaded: the first page decides
    now = datetime.now(UTC)
    max_age_s = gw.settings.dashboard.max_age_s
    missing = [n for n in SECTIONS if not is_current(stored.get(n), now=now, max_age_s=max_age_s)]
    refresh_in_background(gw, missing, stored, Caller(user_id, authorization, None, now))


async def _prefetch_quietly(gw: DashboardContext, user_id: str, authorization: str) -> None:
    with contextlib.suppress(Exception):  # only saves the first page a wait
        await prefetch(gw, user_id, authorization)


def at_sign_in(gw: DashboardContext, user_id: str, access_token: str) -> None:
    in_background(gw, _prefetch_quietly(gw, user_id, f"Bearer {access_token}"))


async def _invalidate_later(
    gw: DashboardContext, user_id: str, sections: tuple[str, ...], delay_s: float
) -> None:
    await asyncio.sleep(delay_s)
    with contextlib.suppress(Exception):  # best effort: the age bound still applies
        await invalidate(gw, user_id, sections)
        await warm(gw, user_id, sections)


async def _warm_quietly(gw: DashboardContext, user_id: str, sections: tuple[str, ...]) -> None:
    with contextlib.suppress(Exception):  # an early refresh only saves the next page a wait
        await warm(gw, user_id, sections)


async def on_event(gw: DashboardContext, *, event_type: str, user_id: str | None) -> None:
    """Keep the read model current from one consumed event (any replica may do it: the writes
    are invalidations, repeating one only costs a live call). A deleted account's sections are
    erased. Errors propagate, so the consumer retries the event."""
    if not user_id:
        return
    if event_type == UserDeletedV1.event_type:
        await erase_user(gw, user_id)
        return
    changed = changed_by_event(event_type)
    await invalidate(gw, user_id, changed.all)
    if changed.direct:
        in_background(gw, _warm_quietly(gw, user_id, changed.all))
    if changed.derived:
        # The consuming service applies the event on its own time: look again once it has.
        in_background(gw, _invalidate_later(gw, user_id, changed.derived, gw.settings.dashboard.settle_s))


async def on_write(
    gw: DashboardContext,
    *,
    user_id: str,
    service: str,
    method: str,
    operation_id: str | None,
    authorization: str | None = None,
) -> None:
    """A write forwarded for the user: its section is out of date before the answer leaves, so
    their next page (on any replica) shows it; and it is fetched again at once in the
    background (the page joins that call if it is still running). Never fails the write."""
    sections = changed_by_write(service, method, operation_id)
    if not sections or gw.erased(user_id):
        return
    with contextlib.suppress(Exception):
        await asyncio.wait_for(
            invalidate(gw, user_id, sections, by_write=True), timeout=gw.settings.dashboard.mark_timeout_s
        )
        # Fetched again early only for a user who opened a dashboard lately on this replica:
        # registering every writer made each resume edit of a user who never looks at the
        # dashboard cost live summary calls (and their database reads) in three services.
        if authorization and gw.recent.authorization(user_id, now=time.time()) is not None:
            gw.recent.seen(user_id, authorization, expires_at=gw.token_expiry(authorization))
            in_background(gw, _warm_quietly(gw, user_id, sections))


async def sweep_erased(gw: DashboardContext, *, now: datetime) -> int:
    """Delete the sections of every account deleted within the look-back window. Catches what
    the `user.deleted` event missed: a replica whose consumer had not joined yet (a new group
    starts at the log's end), an answer or invalidation another replica wrote after the erasure."""
    since = now - timedelta(seconds=gw.settings.dashboard.erasure_lookback_s)
    return await gw.read_model.erase_keys(await gw.read_model.erased_since(since))


async def sweep_forever(gw: DashboardContext) -> None:
    while True:
        await asyncio.sleep(gw.settings.dashboard.erasure_sweep_s)
        with contextlib.suppress(Exception):  # the database may be away: the next sweep retries
            await sweep_erased(gw, now=datetime.now(UTC))
