"""Identity: verify the gateway's bearer JWT in every service, so a direct call is still checked."""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from resugrow_platform.errors import Unauthorized
from resugrow_platform.settings import AuthSettings

# Only symmetric or asymmetric algorithms we chose; "none" can never be allow-listed.
SUPPORTED_ALGORITHMS = {"HS256", "HS384", "HS512", "RS256", "ES256", "EdDSA"}


@dataclass(frozen=True)
class Principal:
    user_id: str
    token_id: str | None = None
    scopes: tuple[str, ...] = ()
    token: str | None = None

    def __repr__(self) -> str:  # never print the raw token
        return f"Principal(user_id={self.user_id!r})"


def _key(settings: AuthSettings) -> str:
    secret = settings.jwt_secret.get_secret_value()
    if not secret:
        raise Unauthorized("This service has no token key configured.")
    return secret


def issue_token(
    settings: AuthSettings,
    user_id: str,
    *,
    ttl_seconds: int | None = None,
    token_type: str = "access",
    extra: dict[str, Any] | None = None,
    now: float | None = None,
) -> str:
    now = time.time() if now is None else now
    claims: dict[str, Any] = {
        "sub": user_id,
        "iss": settings.issuer,
        "aud": settings.audience,
        "iat": int(now),
        "nbf": int(now),
        "exp": int(now + (ttl_seconds if ttl_seconds is not None else settings.access_ttl_seconds)),
        "jti": uuid.uuid4().hex,
        "typ": token_type,
    }
    claims.update(extra or {})
    return jwt.encode(claims, _key(settings), algorithm=settings.algorithms[0])


# A session sends the same token on every request, and verifying it (PyJWT checks each base64
# character in Python, twice, then the HMAC) costs 0.1-0.2 ms in the gateway and again in the
# service. A signature that verified once stays valid, so a verified token is remembered (keyed
# by everything its verification depended on) and only its time claims are checked again.
_VERIFIED: OrderedDict[tuple[Any, ...], tuple[Principal, float, float]] = OrderedDict()
_VERIFIED_MAX = 4096


def _verification_key(settings: AuthSettings, token: str, token_type: str) -> tuple[Any, ...]:
    return (
        token,
        token_type,
        settings.jwt_secret.get_secret_value(),
        settings.previous_jwt_secrets.get_secret_value(),
        settings.issuer,
        settings.audience,
        tuple(settings.algorithms),
        settings.leeway_seconds,
    )


def verify_token(settings: AuthSettings, token: str, *, token_type: str = "access") -> Principal:
    key = _verification_key(settings, token, token_type)
    known = _VERIFIED.get(key)
    if known is not None:
        principal, not_before, expires = known
        now = time.time()
        if not_before - settings.leeway_seconds <= now < expires + settings.leeway_seconds:
            return principal
        del _VERIFIED[key]  # expired (or a clock step back): the full check says which
    principal, not_before, expires = _verify(settings, token, token_type)
    _VERIFIED[key] = (principal, not_before, expires)
    if len(_VERIFIED) > _VERIFIED_MAX:
        _VERIFIED.popitem(last=False)
    return principal


def _verify(settings: AuthSettings, token: str, token_type: str) -> tuple[Principal, float, float]:
    algorithms = [a for a in settings.algorithms if a in SUPPORTED_ALGORITHMS]
    previous = [k.strip() for k in settings.previous_jwt_secrets.get_secret_value().split(",") if k.strip()]
    keys = [_key(settings), *previous]
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise Unauthorized("Token is invalid.") from exc
    if header.get("alg") not in algorithms:
        raise Unauthorized("Token algorithm is not allowed.")
    claims: dict[str, Any] | None = None
    for key in keys:
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=settings.audience,
                issuer=settings.issuer,
                leeway=settings.leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
            break
        except jwt.InvalidSignatureError:
            continue  # maybe signed with a key being rotated out
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("Token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("Token is invalid.") from exc
    if claims is None:
        raise Unauthorized("Token is invalid.")
    if claims.get("typ", "access") != token_type:
        raise Unauthorized("Wrong token type.")
    principal = Principal(
        user_id=str(claims["sub"]),
        token_id=claims.get("jti"),
        scopes=tuple(str(claims.get("scope", "")).split()),
        token=token,
    )
    return principal, float(claims.get("nbf", claims.get("iat", 0))), float(claims["exp"])


_bearer = HTTPBearer(auto_error=False, description="JWT issued by POST /v1/auth/token")


async def current_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized()
    platform = request.app.state.platform
    auth = platform.settings.auth
    principal = verify_token(auth, credentials.credentials)
    if platform.started and not platform.tombstones_in_background:
        await platform.deleted_users.refresh_if_older(platform.db, auth.deleted_users_refresh_s)
    if principal.user_id in platform.deleted_users:
        raise Unauthorized("The account was deleted.")
    request.state.user_id = principal.user_id
    return principal


CurrentUser = Annotated[Principal, Depends(current_user)]
