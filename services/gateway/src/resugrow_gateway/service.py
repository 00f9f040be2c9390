"""Gateway use cases: accounts and tokens, the combined dashboard, job look-up, live events."""

from __future__ import annotations

import asyncio
import contextlib
import re
from datetime import datetime, timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError, OperationFailure
from uuid6 import uuid7

from resugrow_events import RawEnvelope, UserDeletedV1, UserRegisteredV1
from resugrow_gateway.adapters.accounts import RefreshTokens, Users, hash_refresh_token, new_refresh_token
from resugrow_gateway.adapters.downstream import (
    DownstreamFailed,
    DownstreamTimeout,
    DownstreamUnreachable,
    SmallAnswer,
    problem_or_json,
)
from resugrow_gateway.domain.accounts import (
    MAX_PASSWORD_LENGTH,
    AccountRuleError,
    RefreshVerdict,
    check_password,
    email_domain,
    judge_refresh,
    must_revoke_family,
    normalize_email,
)
from resugrow_gateway.domain.dashboard import (
    SECTIONS,
    SUMMARY_PATHS,
    Failed,
    FailureReason,
    Fetched,
    Outcome,
    assemble,
    classify_status,
    counts_against_breaker,
    section_view,
)
from resugrow_gateway.domain.jobs import JOB_SOURCES, job_view
from resugrow_gateway.domain.stream import ACCOUNT_EVENTS, to_stream_message
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_platform import Conflict, NotFound, ProblemError, Unauthorized, Unprocessable, issue_token

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


# -- accounts ----------------------------------------------------------------------------------
def _rule_error(exc: AccountRuleError) -> ProblemError:
    return Unprocessable(
        exc.message, errors=[{"loc": ["body", exc.field], "msg": exc.message, "type": "value_error"}]
    )


def account_view(doc: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc["_id"], "email": doc["email"], "created_at": doc["created_at"]}


async def register(gw: GatewayRuntime, *, email: str, password: str, now: datetime) -> dict[str, Any]:
    try:
        email = normalize_email(email)
        check_password(password, email=email)
    except AccountRuleError as exc:
        raise _rule_error(exc) from None
    password_hash = await gw.passwords.hash(password)
    user_id = str(uuid7())
    try:
        async with gw.platform.unit_of_work() as uow:
            doc = await Users(uow.db, uow.session).insert(
                user_id=user_id, email=email, password_hash=password_hash, now=now
            )
            uow.publish(
                UserRegisteredV1(user_id=user_id, email_domain=email_domain(email), registered_at=now),
                subject=user_id,
                user_id=user_id,
            )
    except DuplicateKeyError:
        raise Conflict("An account with this e-mail address already exists.") from None
    except OperationFailure as exc:
        # Two registrations of one address racing in their transactions: one loses here.
        if exc.has_error_label("TransientTransactionError"):
            raise Conflict("An account with this e-mail address already exists.") from None
        raise
    gw.platform.log.info("user_registered", user_id=user_id)
    return account_view(doc)


async def _issue_pair(gw: GatewayRuntime, *, user_id: str, family_id: str, now: datetime) -> dict[str, Any]:
    auth = gw.settings.auth
    access = issue_token(auth, user_id, ttl_seconds=auth.access_ttl_seconds, now=now.timestamp())
    refresh = new_refresh_token()
    await RefreshTokens(gw.platform.db).insert(
        token_hash=hash_refresh_token(refresh),
        user_id=user_id,
        family_id=family_id,
        issued_at=now,
        expires_at=now + timedelta(days=gw.settings.refresh_ttl_days),
    )
    return {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": auth.access_ttl_seconds,
        "refresh_token": refresh,
        "refresh_expires_in": gw.settings.refresh_ttl_days * 86400,
    }


_BAD_LOGIN = "Incorrect e-mail address or password."


async def login(gw: GatewayRuntime, *, email: str, password: str, now: datetime) -> dict[str, Any]:
    if len(password) > MAX_PASSWORD_LENGTH:
        raise Unauthorized(_BAD_LOGIN)
    try:
        normalized: str | None = normalize_email(email)
    except AccountRuleError:
        normalized = None
    users = Users(gw.platform.db)
    user = await users.by_email(normalized) if normalized else None
    ok, updated_hash = await gw.passwords.verify(password, user["password_hash"] if user else None)
    if not ok or user is None:
        gw.platform.log.info("login_failed", outcome="bad_credentials")
        raise Unauthorized(_BAD_LOGIN)
    if updated_hash:
        await users.set_password_hash(user["_id"], updated_hash)
    pair = await _issue_pair(gw, user_id=user["_id"], family_id=str(uuid7()), now=now)
    gw.platform.log.info("login_succeeded", user_id=user["_id"])
    return pair


async def refresh(gw: GatewayRuntime, *, refresh_token: str, now: datetime) -> dict[str, Any]:
    tokens = RefreshTokens(gw.platform.db)
    token_hash = hash_refresh_token(refresh_token)
    record = await tokens.get(token_hash)
    if record is None:
        raise Unauthorized("The refresh token is invalid.")
    verdict = judge_refresh(record, now=now)
    if verdict == RefreshVerdict.VALID:
        next_token = new_refresh_token()
        # Atomic claim: of two refreshes racing with one token, only one wins; the other is reuse.
        if await tokens.mark_used(token_hash, now=now, replaced_by=hash_refresh_token(next_token)):
            auth = gw.settings.auth
            await tokens.insert(
                token_hash=hash_refresh_token(next_token),
                user_id=record.user_id,
                family_id=record.family_id,
                issued_at=now,
                expires_at=now + timedelta(days=gw.settings.refresh_ttl_days),
            )
            return {
                "access_token": issue_token(
                    auth, record.user_id, ttl_seconds=auth.access_ttl_seconds, now=now.timestamp()
                ),
                "token_type": "bearer",
                "expires_in": auth.access_ttl_seconds,
                "refresh_token": next_token,
                "refresh_expires_in": gw.settings.refresh_ttl_days * 86400,
            }
        verdict = RefreshVerdict.REUSED
    if must_revoke_family(verdict):
        revoked = await tokens.revoke_family(record.family_id, now=now)
        gw.platform.log.warning("refresh_token_reuse", user_id=record.user_id, count=revoked)
        raise Unauthorized("The refresh token was already used; every session of this sign-in is revoked.")
    raise Unauthorized("The refresh token has expired; sign in again.")


async def logout(gw: GatewayRuntime, *, user_id: str, refresh_token: str | None, now: datetime) -> None:
    """Revokes the sign-in (refresh family) the token belongs to; access tokens lapse within their TTL."""
    if not refresh_token:
        return
    tokens = RefreshTokens(gw.platform.db)
    record = await tokens.get(hash_refresh_token(refresh_token))
    if record is not None and record.user_id == user_id:
        await tokens.revoke_family(record.family_id, now=now)


async def get_me(gw: GatewayRuntime, *, user_id: str) -> dict[str, Any]:
    doc = await Users(gw.platform.db).by_id(user_id)
    if doc is None:
        raise NotFound("The account does not exist.")
    return account_view(doc)


async def delete_me(gw: GatewayRuntime, *, user_id: str, now: datetime) -> None:
    async with gw.platform.unit_of_work() as uow:
        if not await Users(uow.db, uow.session).delete(user_id):
            raise NotFound("The account does not exist.")
        await RefreshTokens(uow.db, uow.session).delete_for_user(user_id)
        # Every service erases the user's data when this arrives (outbox: sent after commit).
        uow.publish(UserDeletedV1(user_id=user_id, deleted_at=now), subject=user_id, user_id=user_id)
    forget_user(gw, user_id)
    gw.platform.log.info("user_deleted", user_id=user_id)


def forget_user(gw: GatewayRuntime, user_id: str) -> None:
    gw.revoked.add(user_id, now=gw.clock())
    gw.cache.forget(user_id)
    gw.hub.close_user(user_id)


# -- dashboard ---------------------------------------------------------------------------------
async def _fetch_section(
    gw: GatewayRuntime,
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


async def dashboard(
    gw: GatewayRuntime, *, user_id: str, authorization: str, request_id: str | None, now: datetime
) -> dict[str, Any]:
    d = gw.settings.dashboard
    tasks = {
        name: asyncio.create_task(
            _fetch_section(
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


# -- jobs --------------------------------------------------------------------------------------
async def get_job(
    gw: GatewayRuntime, *, job_id: str, authorization: str, request_id: str | None
) -> dict[str, Any]:
    if not _SAFE_ID.match(job_id):
        raise NotFound("No job has this id.")

    async def ask(service: str, path: str) -> SmallAnswer | None:
        try:
            return await gw.downstreams.get_json(
                service, path, authorization=authorization, request_id=request_id, timeout=5.0
            )
        except DownstreamFailed:
            return None

    answers = await asyncio.gather(*(ask(s.service, s.path(job_id)) for s in JOB_SOURCES))
    unsure = False
    for source, answer in zip(JOB_SOURCES, answers, strict=True):
        if answer is None or answer.status_code >= 500:
            unsure = True
            continue
        if answer.status_code == 200:
            body = problem_or_json(answer)
            if isinstance(body, dict):
                return job_view(source, job_id, body)
            unsure = True
        elif answer.status_code not in (404, 405, 422):
            unsure = True
    if unsure:
        raise ProblemError(
            503,
            "Service Unavailable",
            "Not every service that runs jobs answered; try again shortly.",
            headers={"Retry-After": "2"},
        )
    raise NotFound("No job has this id.")


# -- live events -------------------------------------------------------------------------------
async def on_live_event(gw: GatewayRuntime, event: RawEnvelope) -> None:
    """Hand one consumed event to this replica's open streams of its user (never anyone else's)."""
    if event.type in ACCOUNT_EVENTS:
        if event.userid:
            forget_user(gw, event.userid)
        return
    message = to_stream_message(
        event_type=event.type,
        event_id=event.id,
        user_id=event.userid,
        subject=event.subject,
        data=event.data,
        time=event.time,
    )
    if message is not None:
        with contextlib.suppress(Exception):
            gw.hub.publish(message)
