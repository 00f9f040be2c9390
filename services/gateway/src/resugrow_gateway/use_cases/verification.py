"""E-mail verification: a single-use, expiring link mailed at registration (and again on request)."""

from __future__ import annotations

from datetime import datetime, timedelta

from resugrow_domain import Conflict, InvalidInput, NotFound
from resugrow_gateway.commands import VerifyEmailCommand
from resugrow_gateway.domain.accounts import (
    AccountToken,
    TokenPurpose,
    User,
    hash_token,
    new_secret_token,
    token_usable,
)
from resugrow_gateway.domain.mail import verification_mail
from resugrow_gateway.use_cases.ports import AccountTools, GatewayUoW

BAD_LINK = "This link is invalid, expired or already used; ask for a new one."


async def issue_account_token(
    uow: GatewayUoW, user: User, purpose: TokenPurpose, *, ttl_s: int, now: datetime
) -> str:
    """A new one-time token; earlier unused ones of the same purpose stop working."""
    await uow.account_tokens.invalidate(user.id, purpose, now=now)
    token = new_secret_token()
    await uow.account_tokens.insert(
        AccountToken(
            token_hash=hash_token(token),
            user_id=user.id,
            purpose=purpose,
            email=user.email,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_s),
        )
    )
    return token


async def send_verification(uow: GatewayUoW, user: User, *, tools: AccountTools, now: datetime) -> None:
    ttl = tools.policy.verify_ttl_s
    token = await issue_account_token(uow, user, TokenPurpose.VERIFY_EMAIL, ttl_s=ttl, now=now)
    mail = verification_mail(to=user.email, app_url=tools.policy.app_url, token=token, ttl_s=ttl)
    uow.after_commit(lambda: tools.mailer.send(mail))


async def request_verification(uow: GatewayUoW, *, user_id: str, tools: AccountTools, now: datetime) -> None:
    """Mail a fresh verification link (the previous one stops working)."""
    user = await uow.users.by_id(user_id)
    if user is None:
        raise NotFound("The account does not exist.")
    if user.email_verified_at is not None:
        raise Conflict("Your e-mail address is already verified.")
    await send_verification(uow, user, tools=tools, now=now)


async def verify_email(uow: GatewayUoW, cmd: VerifyEmailCommand, *, now: datetime) -> User:
    token_hash = hash_token(cmd.token.get_secret_value())
    token = await uow.account_tokens.get(token_hash)
    if token is None or not token_usable(token, TokenPurpose.VERIFY_EMAIL, now=now):
        raise InvalidInput(BAD_LINK, field="token")
    # Atomic claim: the same link used twice at once verifies once and refuses the other.
    if not await uow.account_tokens.use(token_hash, now=now):
        raise InvalidInput(BAD_LINK, field="token")
    # Only the address the link was sent to: a link is void once the address changed.
    if not await uow.users.mark_verified(token.user_id, email=token.email, now=now):
        raise InvalidInput(BAD_LINK, field="token")
    user = await uow.users.by_id(token.user_id)
    if user is None:
        raise InvalidInput(BAD_LINK, field="token")
    return user
