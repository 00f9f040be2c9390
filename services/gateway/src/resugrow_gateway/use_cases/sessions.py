"""Your sign-ins: list them (newest first, `limit` + `cursor`) and end one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from resugrow_domain import NotFound
from resugrow_domain.pagination import Page, clamp_limit, decode_cursor, page_after
from resugrow_gateway.domain.accounts import Session
from resugrow_gateway.use_cases.ports import GatewayUoW


@dataclass(frozen=True)
class SessionView:
    session: Session
    current: bool


async def list_sessions(
    uow: GatewayUoW, *, user_id: str, current_session: str | None, limit: int | None, cursor: str | None
) -> Page[SessionView]:
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    after = str(position["id"]) if position and "id" in position else None
    found = await uow.sessions.active_for_user(user_id, limit=size + 1, after=after)
    page = page_after(found, size, lambda s: {"id": s.id})
    return Page(
        items=[SessionView(s, current=s.id == current_session) for s in page.items],
        next_cursor=page.next_cursor,
    )


async def revoke_session(uow: GatewayUoW, *, user_id: str, session_id: str, now: datetime) -> None:
    """Ends the sign-in: its refresh tokens stop working at once (its access token within its TTL)."""
    session = await uow.sessions.get(session_id)
    if session is None or session.user_id != user_id or session.revoked_at is not None:
        raise NotFound("No active session has this id.")
    await uow.sessions.revoke(session_id, now=now)
    await uow.refresh_tokens.revoke_family(session_id, now=now)
