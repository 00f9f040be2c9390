"""Account use cases on in-memory repositories: what a user notices, in milliseconds."""

from datetime import UTC, datetime, timedelta

import pytest
from fakes import FakeGatewayUnitOfWork, run, tools
from pydantic import SecretStr

from resugrow_domain import Conflict, InvalidInput, NotFound
from resugrow_events import UserDeletedV1, UserRegisteredV1
from resugrow_gateway.commands import LoginCommand, LogoutCommand, RefreshCommand, RegisterCommand
from resugrow_gateway.domain.errors import InvalidCredentials
from resugrow_gateway.use_cases import accounts

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


async def _signed_up(uow, t, email="Ann.Lee@Example.com"):
    user = await run(
        uow, lambda u: accounts.register(u, RegisterCommand(email=email, password=PASSWORD), tools=t, now=NOW)
    )
    pair = await run(
        uow,
        lambda u: accounts.login(
            u,
            LoginCommand(email=email, password=SecretStr(PASSWORD), user_agent="ua", ip="1.2.3.4"),
            tools=t,
            now=NOW,
        ),
    )
    return user, pair


async def test_register_normalises_the_address_publishes_and_mails_a_verification_link():
    uow, (t, mailer) = FakeGatewayUnitOfWork(), tools()
    user, _ = await _signed_up(uow, t)
    assert user.email == "ann.lee@example.com" and user.email_verified_at is None
    assert user.password_hash == f"hashed:{PASSWORD}"
    [event] = uow.events(UserRegisteredV1)
    assert event.email_domain == "example.com" and event.user_id == user.id
    assert [m.kind for m in mailer.sent] == ["verify_email"] and mailer.sent[0].to == "ann.lee@example.com"


async def test_register_refuses_weak_passwords_bad_addresses_and_duplicates_sending_nothing():
    uow, (t, mailer) = FakeGatewayUnitOfWork(), tools()
    with pytest.raises(InvalidInput) as weak:
        await run(
            uow,
            lambda u: accounts.register(
                u, RegisterCommand(email="a@x.io", password="short"), tools=t, now=NOW
            ),
        )
    assert weak.value.field == "password"
    with pytest.raises(InvalidInput) as bad:
        await run(
            uow,
            lambda u: accounts.register(
                u, RegisterCommand(email="nope", password=PASSWORD), tools=t, now=NOW
            ),
        )
    assert bad.value.field == "email"
    await _signed_up(uow, t)
    with pytest.raises(Conflict):
        await run(
            uow,
            lambda u: accounts.register(
                u, RegisterCommand(email="ANN.LEE@example.com", password=PASSWORD), tools=t, now=NOW
            ),
        )
    assert len(mailer.sent) == 1 and len(uow.events(UserRegisteredV1)) == 1


async def test_login_starts_a_session_and_wrong_password_or_unknown_user_answer_alike():
    uow, (t, _) = FakeGatewayUnitOfWork(), tools()
    user, pair = await _signed_up(uow, t)
    session = await uow.sessions.get(pair.session_id)
    assert session is not None and session.user_id == user.id and session.user_agent == "ua"
    assert pair.access_token == f"access:{user.id}:{pair.session_id}" and pair.expires_in == 900
    errors = []
    for email, password in (
        ("ann.lee@example.com", "wrong password!"),
        ("ghost@example.com", PASSWORD),
        ("bad", "x" * 200),
    ):
        with pytest.raises(InvalidCredentials) as err:
            await run(
                uow,
                lambda u, e=email, p=password: accounts.login(
                    u, LoginCommand(email=e, password=SecretStr(p)), tools=t, now=NOW
                ),
            )
        errors.append(str(err.value))
    assert len(set(errors)) == 1


async def test_refresh_rotates_and_a_replayed_token_revokes_the_sign_in():
    uow, (t, _) = FakeGatewayUnitOfWork(), tools()
    _, pair = await _signed_up(uow, t)
    later = NOW + timedelta(minutes=5)
    second = await accounts.refresh(
        uow, RefreshCommand(refresh_token=SecretStr(pair.refresh_token)), tools=t, now=later
    )
    assert second.refresh_token != pair.refresh_token and second.session_id == pair.session_id
    assert (await uow.sessions.get(pair.session_id)).last_used_at == later
    with pytest.raises(InvalidCredentials, match="already used"):
        await accounts.refresh(
            uow, RefreshCommand(refresh_token=SecretStr(pair.refresh_token)), tools=t, now=later
        )
    with pytest.raises(InvalidCredentials):
        await accounts.refresh(
            uow, RefreshCommand(refresh_token=SecretStr(second.refresh_token)), tools=t, now=later
        )
    assert (await uow.sessions.get(pair.session_id)).revoked_at == later
    with pytest.raises(InvalidCredentials, match="invalid"):
        await accounts.refresh(uow, RefreshCommand(refresh_token=SecretStr("made-up")), tools=t, now=later)


async def test_an_expired_refresh_token_asks_to_sign_in_again():
    uow, (t, _) = FakeGatewayUnitOfWork(), tools(refresh_ttl_days=1)
    _, pair = await _signed_up(uow, t)
    with pytest.raises(InvalidCredentials, match="expired"):
        await accounts.refresh(
            uow,
            RefreshCommand(refresh_token=SecretStr(pair.refresh_token)),
            tools=t,
            now=NOW + timedelta(days=2),
        )


async def test_logout_ends_only_the_callers_own_sign_in():
    uow, (t, _) = FakeGatewayUnitOfWork(), tools()
    user, pair = await _signed_up(uow, t)
    token = LogoutCommand(refresh_token=SecretStr(pair.refresh_token))
    await accounts.logout(uow, token, user_id="someone-else", now=NOW)
    assert (await uow.sessions.get(pair.session_id)).revoked_at is None
    await accounts.logout(uow, LogoutCommand(), user_id=user.id, now=NOW)  # nothing to revoke
    await accounts.logout(uow, token, user_id=user.id, now=NOW)
    assert (await uow.sessions.get(pair.session_id)).revoked_at == NOW
    with pytest.raises(InvalidCredentials):
        await accounts.refresh(
            uow, RefreshCommand(refresh_token=SecretStr(pair.refresh_token)), tools=t, now=NOW
        )


async def test_get_me_and_delete_me_erase_every_trace_and_announce_it():
    uow, (t, _) = FakeGatewayUnitOfWork(), tools()
    user, _ = await _signed_up(uow, t)
    assert (await accounts.get_me(uow, user_id=user.id)).email == "ann.lee@example.com"
    await run(uow, lambda u: accounts.delete_me(u, user_id=user.id, now=NOW))
    assert [e.user_id for e in uow.events(UserDeletedV1)] == [user.id]
    assert len(uow.sessions.col) == len(uow.refresh_tokens.col) == len(uow.account_tokens.col) == 0
    with pytest.raises(NotFound):
        await accounts.get_me(uow, user_id=user.id)
    with pytest.raises(NotFound):
        await run(uow, lambda u: accounts.delete_me(u, user_id=user.id, now=NOW))
