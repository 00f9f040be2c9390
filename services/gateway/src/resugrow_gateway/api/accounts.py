"""Accounts and tokens: register, sign in (OAuth2 password flow), refresh, sign out, me."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import OAuth2PasswordRequestForm

from resugrow_gateway import service
from resugrow_gateway.api.deps import CurrentUser, problems
from resugrow_gateway.api.schemas import AccountOut, LogoutIn, RefreshIn, RegisterIn, TokenOut
from resugrow_gateway.runtime import RuntimeDep

router = APIRouter(tags=["accounts"])


def _now() -> datetime:
    return datetime.now(UTC)


@router.post(
    "/v1/auth/register",
    operation_id="register",
    status_code=201,
    response_model=AccountOut,
    summary="Create an account",
    responses=problems(409, 413, 422, 429),
)
async def register(body: RegisterIn, gw: RuntimeDep, response: Response) -> dict[str, object]:
    account = await service.register(
        gw, email=body.email, password=body.password.get_secret_value(), now=_now()
    )
    response.headers["Location"] = "/v1/me"
    return account


@router.post(
    "/v1/auth/token",
    operation_id="create_token",
    response_model=TokenOut,
    summary="Sign in (OAuth2 password flow): e-mail as username",
    responses=problems(401, 422, 429),
)
async def create_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], gw: RuntimeDep
) -> dict[str, object]:
    return await service.login(gw, email=form.username, password=form.password, now=_now())


@router.post(
    "/v1/auth/refresh",
    operation_id="refresh_token",
    response_model=TokenOut,
    summary="Swap a refresh token for new tokens (rotation; reuse revokes the sign-in)",
    responses=problems(401, 422, 429),
)
async def refresh_token(body: RefreshIn, gw: RuntimeDep) -> dict[str, object]:
    return await service.refresh(gw, refresh_token=body.refresh_token.get_secret_value(), now=_now())


@router.post(
    "/v1/auth/logout",
    operation_id="logout",
    status_code=204,
    response_class=Response,
    summary="Sign out: revoke the sign-in this refresh token belongs to",
    responses=problems(401, 422, 429),
)
async def logout(user: CurrentUser, gw: RuntimeDep, body: LogoutIn | None = None) -> Response:
    token = body.refresh_token.get_secret_value() if body and body.refresh_token else None
    await service.logout(gw, user_id=user.user_id, refresh_token=token, now=_now())
    return Response(status_code=204)


@router.get(
    "/v1/me",
    operation_id="get_me",
    response_model=AccountOut,
    summary="Your account",
    responses=problems(401, 404, 429),
)
async def get_me(user: CurrentUser, gw: RuntimeDep) -> dict[str, object]:
    return await service.get_me(gw, user_id=user.user_id)


@router.delete(
    "/v1/me",
    operation_id="delete_me",
    status_code=204,
    response_class=Response,
    summary="Delete your account and, through `user.deleted`, all your data in every service",
    responses=problems(401, 404, 429),
)
async def delete_me(user: CurrentUser, gw: RuntimeDep) -> Response:
    await service.delete_me(gw, user_id=user.user_id, now=_now())
    return Response(status_code=204)
