"""Account security: e-mail verification, password reset and change, your sessions."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Path, Query, Response

from resugrow_gateway.api.deps import CurrentUser, RuntimeDep, problems
from resugrow_gateway.api.schemas import Accepted, AccountOut, SessionPage
from resugrow_gateway.api.views import account_out, session_page
from resugrow_gateway.commands import (
    PasswordChangeCommand,
    PasswordResetCommand,
    PasswordResetRequestCommand,
    VerifyEmailCommand,
)
from resugrow_gateway.runtime import session_of
from resugrow_gateway.use_cases import passwords, sessions, verification

router = APIRouter(tags=["accounts"])
RESET_ACCEPTED = "If this address has an account, a link to reset its password is on its way."


def _now() -> datetime:
    return datetime.now(UTC)


@router.post(
    "/v1/auth/verify-email",
    operation_id="verify_email",
    response_model=AccountOut,
    summary="Confirm your e-mail address with the token from the mailed link",
    responses=problems(422, 429),
)
async def verify_email(body: VerifyEmailCommand, gw: RuntimeDep) -> AccountOut:
    now = _now()
    return account_out(await gw.transact(lambda uow: verification.verify_email(uow, body, now=now)))


@router.post(
    "/v1/me/verification-email",
    operation_id="request_email_verification",
    status_code=202,
    response_model=Accepted,
    summary="Mail a new verification link (the previous one stops working)",
    responses=problems(401, 404, 409, 429),
)
async def request_email_verification(user: CurrentUser, gw: RuntimeDep) -> Accepted:
    now = _now()
    await gw.transact(
        lambda uow: verification.request_verification(uow, user_id=user.user_id, tools=gw.tools, now=now)
    )
    return Accepted(detail="A verification link is on its way.")


@router.post(
    "/v1/auth/password-reset",
    operation_id="request_password_reset",
    status_code=202,
    response_model=Accepted,
    summary="Mail a password-reset link (same answer whether or not the address has an account)",
    responses=problems(422, 429),
)
async def request_password_reset(body: PasswordResetRequestCommand, gw: RuntimeDep) -> Accepted:
    now = _now()
    await gw.transact(lambda uow: passwords.request_password_reset(uow, body, tools=gw.tools, now=now))
    return Accepted(detail=RESET_ACCEPTED)


@router.post(
    "/v1/auth/password-reset/confirm",
    operation_id="reset_password",
    status_code=204,
    response_class=Response,
    summary="Set a new password with the token from the mailed link (signs out every session)",
    responses=problems(422, 429),
)
async def reset_password(body: PasswordResetCommand, gw: RuntimeDep) -> Response:
    now = _now()
    user_id = await gw.transact(lambda uow: passwords.reset_password(uow, body, tools=gw.tools, now=now))
    gw.platform.log.info("password_reset", user_id=user_id)
    return Response(status_code=204)


@router.put(
    "/v1/me/password",
    operation_id="change_password",
    status_code=204,
    response_class=Response,
    summary="Change your password (every other session is signed out)",
    responses=problems(401, 404, 422, 429),
)
async def change_password(body: PasswordChangeCommand, user: CurrentUser, gw: RuntimeDep) -> Response:
    now = _now()
    current = session_of(user.token)
    ended = await gw.transact(
        lambda uow: passwords.change_password(
            uow, body, user_id=user.user_id, session_id=current, tools=gw.tools, now=now
        )
    )
    for session_id in ended:
        gw.revoked_sessions.add(session_id, now=gw.clock())
    gw.platform.log.info("password_changed", user_id=user.user_id, count=len(ended))
    return Response(status_code=204)


@router.get(
    "/v1/me/sessions",
    operation_id="list_sessions",
    response_model=SessionPage,
    summary="Your active sign-ins, newest first",
    responses=problems(401, 422, 429),
)
async def list_sessions(
    user: CurrentUser,
    gw: RuntimeDep,
    limit: int | None = Query(default=None, ge=1, le=200),
    cursor: str | None = Query(default=None, max_length=1024),
) -> SessionPage:
    page = await sessions.list_sessions(
        gw.reader(), user_id=user.user_id, current_session=session_of(user.token), limit=limit, cursor=cursor
    )
    return session_page(page)


@router.delete(
    "/v1/me/sessions/{session_id}",
    operation_id="revoke_session",
    status_code=204,
    response_class=Response,
    summary="Sign out one session (its refresh token stops working at once)",
    responses=problems(401, 404, 429),
)
async def revoke_session(
    user: CurrentUser, gw: RuntimeDep, session_id: str = Path(max_length=128)
) -> Response:
    now = _now()
    await gw.transact(
        lambda uow: sessions.revoke_session(uow, user_id=user.user_id, session_id=session_id, now=now)
    )
    gw.revoked_sessions.add(session_id, now=gw.clock())
    return Response(status_code=204)
