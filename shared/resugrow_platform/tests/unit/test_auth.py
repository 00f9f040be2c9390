"""Token verification: issuer, audience, expiry and the algorithm allow-list."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from pydantic import SecretStr

from resugrow_platform.auth import issue_token, verify_token
from resugrow_platform.errors import ProblemError
from resugrow_platform.settings import AuthSettings

SETTINGS = AuthSettings(jwt_secret=SecretStr("k" * 40))


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_valid_token_names_the_user():
    principal = verify_token(SETTINGS, issue_token(SETTINGS, "u1"))
    assert principal.user_id == "u1"
    assert "eyJ" not in repr(principal)


@pytest.mark.parametrize(
    "token_factory",
    [
        pytest.param(lambda: issue_token(SETTINGS, "u1", ttl_seconds=-60), id="expired"),
        pytest.param(lambda: issue_token(SETTINGS, "u1")[:-3] + "abc", id="tampered"),
        pytest.param(
            lambda: issue_token(AuthSettings(jwt_secret=SecretStr("k" * 40), audience="other"), "u1"),
            id="wrong-audience",
        ),
        pytest.param(
            lambda: issue_token(AuthSettings(jwt_secret=SecretStr("k" * 40), issuer="evil"), "u1"),
            id="wrong-issuer",
        ),
        pytest.param(lambda: issue_token(AuthSettings(jwt_secret=SecretStr("x" * 40)), "u1"), id="wrong-key"),
        pytest.param(
            lambda: (
                _b64({"alg": "none", "typ": "JWT"})
                + "."
                + _b64(
                    {"sub": "u1", "iss": SETTINGS.issuer, "aud": SETTINGS.audience, "exp": time.time() + 600}
                )
                + "."
            ),
            id="alg-none",
        ),
        pytest.param(
            lambda: jwt.encode(
                {"sub": "u1", "iss": SETTINGS.issuer, "aud": SETTINGS.audience, "exp": time.time() + 600},
                "k" * 40,
                algorithm="HS512",
            ),
            id="algorithm-not-allowed",
        ),
        pytest.param(lambda: issue_token(SETTINGS, "u1", token_type="refresh"), id="refresh-as-access"),
        pytest.param(lambda: "not-a-token", id="garbage"),
    ],
)
def test_bad_tokens_are_rejected_with_401(token_factory):
    with pytest.raises(ProblemError) as err:
        verify_token(SETTINGS, token_factory())
    assert err.value.status == 401


def test_service_without_a_key_refuses_every_token():
    with pytest.raises(ProblemError):
        verify_token(AuthSettings(), issue_token(SETTINGS, "u1"))


def test_tokens_signed_with_a_previous_key_verify_during_rotation():
    old = AuthSettings(jwt_secret=SecretStr("o" * 40))
    rotated = AuthSettings(jwt_secret=SecretStr("n" * 40), previous_jwt_secrets=SecretStr("o" * 40))
    assert verify_token(rotated, issue_token(old, "u1")).user_id == "u1"
    assert verify_token(rotated, issue_token(rotated, "u1")).user_id == "u1"
    with pytest.raises(ProblemError):
        verify_token(AuthSettings(jwt_secret=SecretStr("n" * 40)), issue_token(old, "u1"))


def test_a_verified_token_is_remembered_but_its_expiry_still_counts(monkeypatch):
    from resugrow_platform import auth

    token = issue_token(SETTINGS, "u-cache", ttl_seconds=60)
    assert verify_token(SETTINGS, token).user_id == "u-cache"

    def no_decoding(*_args, **_kwargs):
        raise AssertionError("verified again")

    monkeypatch.setattr(auth.jwt, "decode", no_decoding)
    assert verify_token(SETTINGS, token).user_id == "u-cache"  # no second verification
    # Past its expiry the remembered answer is not used: the token is verified again (here by a
    # stand-in for PyJWT's own clock, which the test cannot move) and refused.
    later = time.time() + 60 + SETTINGS.leeway_seconds + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)

    def expired(*_args, **_kwargs):
        raise jwt.ExpiredSignatureError("expired")

    monkeypatch.setattr(auth.jwt, "decode", expired)
    with pytest.raises(ProblemError) as exc:
        verify_token(SETTINGS, token)
    assert exc.value.status == 401


def test_a_remembered_token_is_not_accepted_under_other_keys():
    token = issue_token(SETTINGS, "u-keys")
    verify_token(SETTINGS, token)
    other = AuthSettings(jwt_secret=SecretStr("z" * 40))
    with pytest.raises(ProblemError) as exc:
        verify_token(other, token)
    assert exc.value.status == 401
    with pytest.raises(ProblemError):
        verify_token(SETTINGS, token, token_type="refresh")
