"""Accounts and tokens: register, sign in, refresh (rotation), sign out, read and delete the account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from uuid6 import uuid7

from resugrow_domain import InvalidInput, NotFound
from resugrow_events import UserDeletedV1, UserRegisteredV1
from resugrow_gateway.commands import LoginCommand, LogoutCommand, RefreshCommand, RegisterCommand
from resugrow_gateway.domain.accounts import (
    MAX_PASSWORD_LENGTH,
    AccountRuleError,
    RefreshVerdict,
    Session,
    User,
    check_password,
    email_domain,
    hash_token,
    judge_refresh,
    must_revoke_family,
    new_secret_token,
    normalize_email,
)
from resugrow_gateway.domain.errors import InvalidCredentials
from resugrow_gateway.use_cases.ports import AccountTools, GatewayUoW
from resugrow_gateway.use_cases.verification import send_verification

BAD_LOGIN = "Incorrect e-mail address or password."


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    session_id: str
    token_type: str = "bearer"


def invalid(exc: AccountRuleError) -> InvalidInput:
    return InvalidInput(exc.message, field=exc.field)


async def register(uow: GatewayUoW, cmd: RegisterCommand, *, tools: AccountTools, now: datetime) -> User:
    """A new account (the address must be unused), then a verification mail after commit."""
    try:
        email = normalize_email(cmd.email)
        check_password(cmd.password.get_secret_value(), email=email)
    except AccountRuleError as exc:
        raise invalid(exc) from None
    password_hash = await tools.passwords.hash(cmd.password.get_secret_value())
    user = User(id=str(uuid7()), email=email, password_hash=password_hash, created_at=now)
    await uow.users.insert(user)
    uow.publish(
        UserRegisteredV1(user_id=user.id, email_domain=email_domain(email), registered_at=now),
        subject=user.id,
        user_id=user.id,
    )
    await send_verification(uow, user, tools=tools, now=now)
    return user


async def start_session(
    uow: GatewayUoW,
    user_id: str,
    *,
    tools: AccountTools,
    now: datetime,
    user_agent: str | None,
    ip: str | None,
) -> TokenPair:
    session = Session(
        id=str(uuid7()), user_id=user_id, created_at=now, last_used_at=now, user_agent=user_agent, ip=ip
    )
    await uow.sessions.insert(session)
    return await _issue_pair(uow, user_id, session.id, tools=tools, now=now)


async def _issue_pair(
    uow: GatewayUoW, user_id: str, session_id: str, *, tools: AccountTools, now: datetime
) -> TokenPair:
    """An access token naming the session, and a refresh token of the session's family."""
    policy = tools.policy
    refresh = new_secret_token()
    await uow.refresh_tokens.insert(
        token_hash=hash_token(refresh),
        user_id=user_id,
        family_id=session_id,
        issued_at=now,
        expires_at=now + timedelta(days=policy.refresh_ttl_days),
    )
    return TokenPair(
        access_token=tools.tokens.issue(user_id, session_id=session_id, now=now),
        expires_in=policy.access_ttl_s,
        refresh_token=refresh,
        refresh_expires_in=policy.refresh_ttl_days * 86400,
        session_id=session_id,
    )


async def login(uow: GatewayUoW, cmd: LoginCommand, *, tools: AccountTools, now: datetime) -> TokenPair:
    """Unknown address and wrong password answer alike, in the same time (see Passwords)."""
    password = cmd.password.get_secret_value()
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidCredentials(BAD_LOGIN)
    try:
        user = await uow.users.by_email(normalize_email(cmd.email))
    except AccountRuleError:
        user = None
    ok, updated_hash = await tools.passwords.verify(password, user.password_hash if user else None)
    if not ok or user is None:
        raise InvalidCredentials(BAD_LOGIN)
    if updated_hash:
        await uow.users.set_password_hash(user.id, updated_hash)
    return await start_session(uow, user.id, tools=tools, now=now, user_agent=cmd.user_agent, ip=cmd.ip)


async def refresh(uow: GatewayUoW, cmd: RefreshCommand, *, tools: AccountTools, now: datetime) -> TokenPair:
    """Rotation: a used token coming back means it leaked, so its whole sign-in is revoked."""
    token_hash = hash_token(cmd.refresh_token.get_secret_value())
    record = await uow.refresh_tokens.get(token_hash)
    if record is None:
        raise InvalidCredentials("The refresh token is invalid.")
    verdict = judge_refresh(record, now=now)
    if verdict == RefreshVerdict.VALID:
        next_token = new_secret_token()
        # Atomic claim: of two refreshes racing with one token, only one wins; the other is reuse.
        if await uow.refresh_tokens.mark_used(token_hash, now=now, replaced_by=hash_token(next_token)):
            await uow.sessions.touch(record.family_id, now=now)
            return await _issue_pair(uow, record.user_id, record.family_id, tools=tools, now=now)
        verdict = RefreshVerdict.REUSED
    if must_revoke_family(verdict):
        await uow.refresh_tokens.revoke_family(record.family_id, now=now)
        await uow.sessions.revoke(record.family_id, now=now)
        raise InvalidCredentials(
            "The refresh token was already used; every session of this sign-in is revoked."
        )
    raise InvalidCredentials("The refresh token has expired; sign in again.")


async def logout(uow: GatewayUoW, cmd: LogoutCommand, *, user_id: str, now: datetime) -> None:
    """Revokes the sign-in the refresh token belongs to; access tokens lapse within their TTL."""
    if cmd.refresh_token is None:
        return
    record = await uow.refresh_tokens.get(hash_token(cmd.refresh_token.get_secret_value()))
    if record is not None and record.user_id == user_id:
        await uow.refresh_tokens.revoke_family(record.family_id, now=now)
        await uow.sessions.revoke(record.family_id, now=now)


async def get_me(uow: GatewayUoW, *, user_id: str) -> User:
    user = await uow.users.by_id(user_id)
    if user is None:
        raise NotFound("The account does not exist.")
    return user


async def delete_me(uow: GatewayUoW, *, user_id: str, now: datetime) -> None:
    """Deletes the account and its sign-ins; every service erases the user's data on `user.deleted`."""
    if not await uow.users.delete(user_id):
        raise NotFound("The account does not exist.")
    await uow.refresh_tokens.delete_for_user(user_id)
    await uow.sessions.delete_for_user(user_id)
    await uow.account_tokens.delete_for_user(user_id)
    uow.publish(UserDeletedV1(user_id=user_id, deleted_at=now), subject=user_id, user_id=user_id)
