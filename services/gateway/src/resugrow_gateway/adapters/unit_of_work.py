"""The gateway's unit of work: its repositories on one platform transaction, plus after-commit actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_events import EventPayload
from resugrow_gateway.adapters.repositories import AccountTokens, RefreshTokens, Sessions, Users
from resugrow_platform import UnitOfWork


class GatewayUnitOfWork:
    def __init__(
        self, db: AsyncDatabase[Any], session: AsyncClientSession | None, platform_uow: UnitOfWork | None
    ) -> None:
        self.users = Users(db, session)
        self.refresh_tokens = RefreshTokens(db, session)
        self.sessions = Sessions(db, session)
        self.account_tokens = AccountTokens(db, session)
        self._uow = platform_uow
        self.pending: list[Callable[[], None]] = []

    @classmethod
    def within(cls, uow: UnitOfWork) -> GatewayUnitOfWork:
        return cls(uow.db, uow.session, uow)

    @classmethod
    def reader(cls, db: AsyncDatabase[Any]) -> GatewayUnitOfWork:
        """Outside a transaction: for reads and single-document writes that publish nothing."""
        return cls(db, None, None)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Any:
        if self._uow is None:
            raise RuntimeError("Publishing needs a transaction: run this use case with transact().")
        return self._uow.publish(payload, subject=subject, user_id=user_id, key=key)

    def after_commit(self, action: Callable[[], None]) -> None:
        self.pending.append(action)
