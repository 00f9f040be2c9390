"""Typed dependencies: the verified caller, and the problem responses every route documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from resugrow_gateway.runtime import GatewayRuntime
from resugrow_platform import Principal

# OAuth2 password flow in the OpenAPI document: the /docs "Authorize" button signs in with it.
oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl="/v1/auth/token",
    auto_error=False,
    scheme_name="ResugrowPassword",
    description="Sign in with your e-mail address as the username.",
)


async def get_runtime(request: Request) -> GatewayRuntime:
    """The one runtime built by create_app (the only place that reads it from the app)."""
    runtime: GatewayRuntime = request.app.state.gateway
    return runtime


RuntimeDep = Annotated[GatewayRuntime, Depends(get_runtime)]


async def gateway_user(
    request: Request, runtime: RuntimeDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Principal:
    principal = runtime.authenticate(token)
    request.state.user_id = principal.user_id
    return principal


CurrentUser = Annotated[Principal, Depends(gateway_user)]
UserDep = CurrentUser

_TITLES = {
    400: "The request is malformed.",
    401: "Missing, expired or invalid bearer token.",
    403: "Forbidden.",
    404: "Not found (also for another user's items, so ids are never confirmed).",
    409: "Conflicts with the current state.",
    413: "The body is larger than this route accepts.",
    415: "Unsupported media type.",
    422: "Invalid input: see `errors` for each field.",
    429: "Rate limit reached: retry after `Retry-After` seconds.",
    502: "The service behind this route gave an invalid answer.",
    503: "The service behind this route is unavailable.",
    504: "The service behind this route did not answer in time.",
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {
        code: {"description": _TITLES[code], "content": {"application/problem+json": {"schema": PROBLEM_REF}}}
        for code in codes
    }
