"""Use-case results -> response models (the only place that shapes them for HTTP)."""

from __future__ import annotations

from resugrow_domain.pagination import Page
from resugrow_gateway.api.schemas import AccountOut, SessionOut, SessionPage, TokenOut
from resugrow_gateway.domain.accounts import User
from resugrow_gateway.use_cases.accounts import TokenPair
from resugrow_gateway.use_cases.sessions import SessionView


def account_out(user: User) -> AccountOut:
    return AccountOut(
        id=user.id,
        email=user.email,
        created_at=user.created_at,
        email_verified=user.email_verified_at is not None,
    )


def token_out(pair: TokenPair) -> TokenOut:
    return TokenOut(
        access_token=pair.access_token,
        expires_in=pair.expires_in,
        refresh_token=pair.refresh_token,
        refresh_expires_in=pair.refresh_expires_in,
    )


def session_page(page: Page[SessionView]) -> SessionPage:
    return SessionPage(
        items=[
            SessionOut(
                id=v.session.id,
                created_at=v.session.created_at,
                last_used_at=v.session.last_used_at,
                user_agent=v.session.user_agent,
                ip=v.session.ip,
                current=v.current,
            )
            for v in page.items
        ],
        next_cursor=page.next_cursor,
    )
