"""Password reset (mailed single-use link, enumeration-safe) and password change."""

from __future__ import annotations

from datetime import datetime, timedelta

from resugrow_domain import InvalidInput, NotFound
from resugrow_gateway.commands import PasswordChangeCommand, PasswordResetCommand, PasswordResetRequestCommand
from resugrow_gateway.domain.accounts import (
    AccountRuleError,
    TokenPurpose,
    check_password,
    hash_token,
    normalize_email,
    token_usable,
)
from resugrow_gateway.domain.mail import reset_mail
from resugrow_gateway.use_cases.ports import AccountTools, GatewayUoW
from resugrow_gateway.use_cases.verification import BAD_LINK, issue_account_token


async def request_password_reset(
    uow: GatewayUoW, cmd: PasswordResetRequestCommand, *, tools: AccountTools, now: datetime
) -> None:
    """Mails a reset link when the address has an account. The caller gets the same answer
    whether it does or not (and the mail leaves in the background), so the form reveals nothing."""
    try:
        email = normalize_email(cmd.email)
    except AccountRuleError:
        return
    user = await uow.users.by_email(email)
    if user is None:
        return
    policy = tools.policy
    recent = await uow.account_tokens.count_since(
        user.id, TokenPurpose.RESET_PASSWORD, since=now - timedelta(hours=1)
    )
    if recent >= policy.resets_per_hour:
        return  # a mailbox is not flooded; the latest link still works
    token = await issue_account_token(
        uow, user, TokenPurpose.RESET_PASSWORD, ttl_s=policy.reset_ttl_s, now=now
    )
    mail = reset_mail(to=user.email, app_url=policy.app_url, token=token, ttl_s=policy.reset_ttl_s)
    uow.after_commit(lambda: tools.mailer.send(mail))


async def reset_password(
    uow: GatewayUoW, cmd: PasswordResetCommand, *, tools: AccountTools, now: datetime
) -> str:
    """Sets the new password, ends every sign-in of the account and (the inbox was proven)
    verifies the address. Returns the user id."""
    token_hash = hash_token(cmd.token.get_secret_value())
    token = await uow.account_tokens.get(token_hash)
    if token is None or not token_usable(token, TokenPurpose.RESET_PASSWORD, now=now):
        raise InvalidInput(BAD_LINK, field="token")
    user = await uow.users.by_id(token.user_id)
    if user is None or user.email != token.email:
        raise InvalidInput(BAD_LINK, field="token")
    new_password = cmd.new_password.get_secret_value()
    try:
        check_password(new_password, email=user.email)
    except AccountRuleError as exc:
        raise InvalidInput(exc.message, field="new_password") from None
    if not await uow.account_tokens.use(token_hash, now=now):
        raise InvalidInput(BAD_LINK, field="token")
    await uow.users.set_password_hash(user.id, await tools.passwords.hash(new_password))
    await uow.users.mark_verified(user.id, email=user.email, now=now)
    await uow.refresh_tokens.revoke_user(user.id, now=now)
    await uow.sessions.revoke_user(user.id, now=now)
    return user.id


async def change_password(
    uow: GatewayUoW,
    cmd: PasswordChangeCommand,
    *,
    user_id: str,
    session_id: str | None,
    tools: AccountTools,
    now: datetime,
) -> list[str]:
    """Needs the current password; every other sign-in ends (this one stays). Returns the ids of
    the sessions it ended."""
    user = await uow.users.by_id(user_id)
    if user is None:
        raise NotFound("The account does not exist.")
    ok, _ = await tools.passwords.verify(cmd.current_password.get_secret_value(), user.password_hash)
    if not ok:
        raise InvalidInput("The current password is not correct.", field="current_password")
    new_password = cmd.new_password.get_secret_value()
    try:
        check_password(new_password, email=user.email)
    except AccountRuleError as exc:
        raise InvalidInput(exc.message, field="new_password") from None
    await uow.users.set_password_hash(user.id, await tools.passwords.hash(new_password))
    await uow.account_tokens.invalidate(user.id, TokenPurpose.RESET_PASSWORD, now=now)
    await uow.refresh_tokens.revoke_user(user.id, now=now, keep_family=session_id)
    return await uow.sessions.revoke_user(user.id, now=now, keep=session_id)
