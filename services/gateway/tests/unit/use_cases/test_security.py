"""E-mail verification, password reset and change, and sessions, on in-memory repositories."""

from datetime import UTC, datetime, timedelta

import pytest
from fakes import FakeGatewayUnitOfWork, run, tools
from pydantic import SecretStr

from resugrow_domain import Conflict, InvalidInput, NotFound
from resugrow_gateway.commands import (
    LoginCommand,
    PasswordChangeCommand,
    PasswordResetCommand,
    PasswordResetRequestCommand,
    RefreshCommand,
    RegisterCommand,
    VerifyEmailCommand,
)
from resugrow_gateway.domain.errors import InvalidCredentials
from resugrow_gateway.use_cases import accounts, passwords, sessions, verification

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
NEW = "a brand new horse staple"


async def _account(uow, t, email="ann@example.com"):
    user = await run(
        uow, lambda u: accounts.register(u, RegisterCommand(email=email, password=PASSWORD), tools=t, now=NOW)
    )
    return user


async def _login(uow, t, email="ann@example.com", password=PASSWORD):
    return await run(
        uow,
        lambda u: accounts.login(
            u, LoginCommand(email=email, password=SecretStr(password)), tools=t, now=NOW
        ),
    )


async def test_the_mailed_link_verifies_the_address_once():
    uow, (t, mailer) = FakeGatewayUnitOfWork(), tools()
    user = await _account(uow, t)
    token = mailer.token("verify_email")
    assert token not in str(uow.account_tokens.col.docs)  # only its hash is stored
    verified = await run(
        uow, lambda u: verification.verify_email(u, VerifyEmailCommand(token=token), now=NOW)
    )
    assert verified.id == user.id and verified.email_verified_at == NOW
    with pytest.raises(InvalidInput) as reused:
        await run(uow, lambda u: verification.verify_email(u, VerifyEmailCommand(token=token), now=NOW))
    assert reused.value.field == "token"


async def test_expired_forged_and_superseded_verification_links_are_refused():
    uow, (t, mailer) = FakeGatewayUnitOfWork(), tools(verify_ttl_s=3600)
    user = await _account(uow, t)
    first = mailer.token("verify_email")
    with pytest.raises(InvalidInput):
        await verification.verify_email(uow, VerifyEmailCommand(token=first), now=NOW + timedelta(hours=2))
    with pytest.raises(InvalidInput):
        await verification.verify_email(uow, VerifyEmailCommand(token="forged"), now=NOW)
    await run(uow, lambda u: verification.request_verification(u, user_id=user.id, tools=t, now=NOW))
    second = mailer.token("verify_email")
    assert second != first
    with pytest.raises(InvalidInput):
        await verification.verify_email(uow, VerifyEmailCommand(token=first), now=NOW)
    await verification.verify_email(uow, VerifyEmailCommand(token=second), now=NOW)
    with pytest.raises(Conflict):
        await verification.request_verification(uow, user_id=user.id, tools=t, now=NOW)
    with pytest.raises(NotFound):
        await verification.request_verification(uow, user_id="nobody", tools=t, now=NOW)


async def test_reset_requests_answer_alike_for_unknown_addresses_and_are_rate_limited_per_address():
    uow, (t, mailer) = FakeGatewayUnitOfWork(), tools(resets_per_hour=2)
    await _account(uow, t)
    for email in (
        "ghost@example.com",
        "not an address",
        "ANN@example.com",
        "ann@example.com",
        "ann@example.com",
    ):
        assert (
            await run(
                uow,
                lambda u, e=email: passwords.request_password_reset(
                    u, PasswordResetRequestCommand(email=e), tools=t, now=NOW
                ),
            )
            is None
        )
    assert [m.to for m in mailer.sent if m.kind == "reset_password"] == ["ann@example.com"] * 2
    later = NOW + timedelta(hours=1, seconds=1)
    await passwords.request_password_reset(
        uow, PasswordResetRequestCommand(email="ann@example.com"), tools=t, now=later
    )
    assert len([m for m in mailer.sent if m.kind == "reset_password"]) == 2  # after commit only (no run())


async def test_reset_sets_the_password_signs_out_everywhere_and_works_once():
    uow, (t, mailer) = FakeGatewayUnitOfWork(), tools()
    user = await _account(uow, t)
    pair = await _login(uow, t)
    await run(
        uow,
        lambda u: passwords.request_password_reset(
            u, PasswordResetRequestCommand(email="ann@example.com"), tools=t, now=NOW
        ),
    )
    token = mailer.token("reset_password")
    with pytest.raises(InvalidInput) as weak:
        await run(
            uow,
            lambda u: passwords.reset_password(
                u, PasswordResetCommand(token=token, new_password="short"), tools=t, now=NOW
            ),
        )
    assert weak.value.field == "new_password"
    cmd = PasswordResetCommand(token=token, new_password=NEW)
    assert await run(uow, lambda u: passwords.reset_password(u, cmd, tools=t, now=NOW)) == user.id
    with pytest.raises(InvalidInput):
        await run(uow, lambda u: passwords.reset_password(u, cmd, tools=t, now=NOW))
    with pytest.raises(InvalidCredentials):
        await accounts.refresh(
            uow, RefreshCommand(refresh_token=SecretStr(pair.refresh_token)), tools=t, now=NOW
        )
    with pytest.raises(InvalidCredentials):
        await _login(uow, t)
    await _login(uow, t, password=NEW)
    assert (await uow.users.by_id(user.id)).email_verified_at == NOW


async def test_an_expired_reset_link_is_refused():
    uow, (t, mailer) = FakeGatewayUnitOfWork(), tools(reset_ttl_s=600)
    await _account(uow, t)
    await run(
        uow,
        lambda u: passwords.request_password_reset(
            u, PasswordResetRequestCommand(email="ann@example.com"), tools=t, now=NOW
        ),
    )
    cmd = PasswordResetCommand(token=mailer.token("reset_password"), new_password=NEW)
    with pytest.raises(InvalidInput):
        await passwords.reset_password(uow, cmd, tools=t, now=NOW + timedelta(minutes=11))


async def test_change_password_needs_the_current_one_and_ends_every_other_session():
    uow, (t, _) = FakeGatewayUnitOfWork(), tools()
    user = await _account(uow, t)
    here, elsewhere = await _login(uow, t), await _login(uow, t)
    wrong = PasswordChangeCommand(current_password="not it at all", new_password=NEW)
    with pytest.raises(InvalidInput) as err:
        await passwords.change_password(
            uow, wrong, user_id=user.id, session_id=here.session_id, tools=t, now=NOW
        )
    assert err.value.field == "current_password"
    cmd = PasswordChangeCommand(current_password=PASSWORD, new_password=NEW)
    ended = await run(
        uow,
        lambda u: passwords.change_password(
            u, cmd, user_id=user.id, session_id=here.session_id, tools=t, now=NOW
        ),
    )
    assert ended == [elsewhere.session_id]
    await accounts.refresh(uow, RefreshCommand(refresh_token=SecretStr(here.refresh_token)), tools=t, now=NOW)
    with pytest.raises(InvalidCredentials):
        await accounts.refresh(
            uow, RefreshCommand(refresh_token=SecretStr(elsewhere.refresh_token)), tools=t, now=NOW
        )
    with pytest.raises(NotFound):
        await passwords.change_password(uow, cmd, user_id="nobody", session_id=None, tools=t, now=NOW)


async def test_sessions_are_listed_newest_first_in_pages_and_one_can_be_ended():
    uow, (t, _) = FakeGatewayUnitOfWork(), tools()
    user = await _account(uow, t)
    pairs = [await _login(uow, t) for _ in range(3)]
    first = await sessions.list_sessions(
        uow, user_id=user.id, current_session=pairs[0].session_id, limit=2, cursor=None
    )
    assert [v.session.id for v in first.items] == [pairs[2].session_id, pairs[1].session_id]
    assert first.next_cursor is not None and not any(v.current for v in first.items)
    rest = await sessions.list_sessions(
        uow, user_id=user.id, current_session=pairs[0].session_id, limit=2, cursor=first.next_cursor
    )
    assert [(v.session.id, v.current) for v in rest.items] == [
        (pairs[0].session_id, True)
    ] and rest.next_cursor is None
    await run(
        uow, lambda u: sessions.revoke_session(u, user_id=user.id, session_id=pairs[1].session_id, now=NOW)
    )
    left = await sessions.list_sessions(uow, user_id=user.id, current_session=None, limit=None, cursor=None)
    assert pairs[1].session_id not in [v.session.id for v in left.items] and len(left.items) == 2
    with pytest.raises(InvalidCredentials):
        await accounts.refresh(
            uow, RefreshCommand(refresh_token=SecretStr(pairs[1].refresh_token)), tools=t, now=NOW
        )
    for other in ("someone-else", user.id):
        with pytest.raises(NotFound):  # another user's session, and an already ended one
            await sessions.revoke_session(
                uow,
                user_id=other,
                session_id=pairs[1].session_id if other == user.id else pairs[0].session_id,
                now=NOW,
            )
    with pytest.raises(InvalidInput):
        await sessions.list_sessions(uow, user_id=user.id, current_session=None, limit=2, cursor="%%%")
