"""Accounts and tokens: register, sign in (OAuth2 password flow), refresh, sign out, me."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from resugrow_gateway.adapters.downstream import client_ip
from resugrow_gateway.api.deps import CurrentUser, RuntimeDep, problems
from resugrow_gateway.api.schemas import AccountOut, TokenOut
from resugrow_gateway.api.views import account_out, token_out
from resugrow_gateway.commands import LoginCommand, LogoutCommand, RefreshCommand, RegisterCommand
from resugrow_gateway.use_cases import accounts, dashboard_upkeep, live

router = APIRouter(tags=["accounts"])


def _now() -> datetime:
    return datetime.now(UTC)


@router.post(
    "/v1/auth/register",
    operation_id="register",
    status_code=201,
    response_model=AccountOut,
    summary="Create an account (a verification link is mailed to the address)",
    responses=problems(409, 413, 422, 429),
)
async def register(body: RegisterCommand, gw: RuntimeDep, response: Response) -> AccountOut:
    now = _now()
    user = await gw.transact(lambda uow: accounts.register(uow, body, tools=gw.tools, now=now))
    gw.platform.log.info("user_registered", user_id=user.id)
    response.headers["Location"] = "/v1/me"
    return account_out(user)


@router.post(
    "/v1/auth/token",
    operation_id="create_token",
    response_model=TokenOut,
    summary="Sign in (OAuth2 password flow): e-mail as username",
    responses=problems(401, 422, 429),
)
async def create_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, gw: RuntimeDep
) -> TokenOut:
    cmd = LoginCommand(
        email=form.username,
        password=form.password,
        user_agent=(request.headers.get("user-agent") or "")[:256] or None,
        ip=client_ip(request.scope, gw.settings.trusted_proxies),
    )
    now = _now()
    pair = await gw.transact(lambda uow: accounts.login(uow, cmd, tools=gw.tools, now=now))
    gw.platform.log.info("login_succeeded", session_id=pair.session_id)
    dashboard_upkeep.at_sign_in(gw, gw.user_for(pair.access_token), pair.access_token)
    return token_out(pair)


@router.post(
    "/v1/auth/refresh",
    operation_id="refresh_token",
    response_model=TokenOut,
    summary="Swap a refresh token for new tokens (rotation; reuse revokes the sign-in)",
    responses=problems(401, 422, 429),
)
async def refresh_token(body: RefreshCommand, gw: RuntimeDep) -> TokenOut:
    now = _now()
    # Not one transaction: a reuse must revoke the family even though the call then fails.
    return token_out(await accounts.refresh(gw.reader(), body, tools=gw.tools, now=now))


@router.post(
    "/v1/auth/logout",
    operation_id="logout",
    status_code=204,
    response_class=Response,
    summary="Sign out: revoke the sign-in this refresh token belongs to",
    responses=problems(401, 422, 429),
)
async def logout(user: CurrentUser, gw: RuntimeDep, body: LogoutCommand | None = None) -> Response:
    await accounts.logout(gw.reader(), body or LogoutCommand(), user_id=user.user_id, now=_now())
    return Response(status_code=204)


@router.get(
    "/v1/me",
    operation_id="get_me",
    response_model=AccountOut,
    summary="Your account",
    responses=problems(401, 404, 429),
)
async def get_me(user: CurrentUser, gw: RuntimeDep) -> AccountOut:
    return account_out(await accounts.get_me(gw.reader(), user_id=user.user_id))


@router.delete(
    "/v1/me",
    operation_id="delete_me",
    status_code=204,
    response_class=Response,
    summary="Delete your account and, through `user.deleted`, all your data in every service",
    responses=problems(401, 404, 429),
)
async def delete_me(user: CurrentUser, gw: RuntimeDep) -> Response:
    now = _now()
    await gw.transact(lambda uow: accounts.delete_me(uow, user_id=user.user_id, now=now))
    live.forget_user(gw, user.user_id)
    await gw.platform.bury_user(user.user_id, purge_outbox=False)
    # After the tombstone, so no invalidation can write a section back (they check it).
    await dashboard_upkeep.erase_user(gw, user.user_id)
    gw.platform.purge_user_outbox_when_sent(user.user_id)
    gw.platform.log.info("user_deleted", user_id=user.user_id)
    return Response(status_code=204)
