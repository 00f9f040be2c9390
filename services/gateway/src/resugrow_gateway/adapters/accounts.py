"""Mongo repositories for users and refresh tokens (the gateway's own database)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_gateway.domain.accounts import RefreshRecord

USERS = "users"
REFRESH_TOKENS = "refresh_tokens"


def new_refresh_token() -> str:
    # 256 bits from the OS CSPRNG: a plain SHA-256 of it is a safe lookup key (no slow hash needed).
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[USERS].create_index([("email", ASCENDING)], unique=True, name="email_unique")
    await db[REFRESH_TOKENS].create_index([("family_id", ASCENDING)], name="family")
    await db[REFRESH_TOKENS].create_index([("user_id", ASCENDING)], name="user")


class Users:
    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self.col = db[USERS]
        self.session = session

    async def insert(self, *, user_id: str, email: str, password_hash: str, now: datetime) -> dict[str, Any]:
        doc = {"_id": user_id, "email": email, "password_hash": password_hash, "created_at": now}
        await self.col.insert_one(doc, session=self.session)
        return doc

    async def by_email(self, email: str) -> dict[str, Any] | None:
        return await self.col.find_one({"email": email}, session=self.session)

    async def by_id(self, user_id: str) -> dict[str, Any] | None:
        return await self.col.find_one({"_id": user_id}, {"password_hash": 0}, session=self.session)

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        await self.col.update_one(
            {"_id": user_id}, {"$set": {"password_hash": password_hash}}, session=self.session
        )

    async def delete(self, user_id: str) -> bool:
        result = await self.col.delete_one({"_id": user_id}, session=self.session)
        return result.deleted_count == 1


def _record(doc: dict[str, Any]) -> RefreshRecord:
    return RefreshRecord(
        token_hash=doc["_id"],
        user_id=doc["user_id"],
        family_id=doc["family_id"],
        issued_at=doc["issued_at"],
        expires_at=doc["expires_at"],
        used_at=doc.get("used_at"),
        revoked_at=doc.get("revoked_at"),
    )


class RefreshTokens:
    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self.col = db[REFRESH_TOKENS]
        self.session = session

    async def insert(
        self, *, token_hash: str, user_id: str, family_id: str, issued_at: datetime, expires_at: datetime
    ) -> None:
        await self.col.insert_one(
            {
                "_id": token_hash,
                "user_id": user_id,
                "family_id": family_id,
                "issued_at": issued_at,
                "expires_at": expires_at,
                "used_at": None,
                "revoked_at": None,
            },
            session=self.session,
        )

    async def get(self, token_hash: str) -> RefreshRecord | None:
        doc = await self.col.find_one({"_id": token_hash}, session=self.session)
        return _record(doc) if doc else None

    async def mark_used(self, token_hash: str, *, now: datetime, replaced_by: str) -> bool:
        """Atomic: only one of two concurrent refreshes with the same token can win."""
        doc = await self.col.find_one_and_update(
            {"_id": token_hash, "used_at": None, "revoked_at": None},
            {"$set": {"used_at": now, "replaced_by": replaced_by}},
            return_document=ReturnDocument.AFTER,
            session=self.session,
        )
        return doc is not None

    async def revoke_family(self, family_id: str, *, now: datetime) -> int:
        result = await self.col.update_many(
            {"family_id": family_id, "revoked_at": None}, {"$set": {"revoked_at": now}}, session=self.session
        )
        return result.modified_count

    async def delete_for_user(self, user_id: str) -> int:
        result = await self.col.delete_many({"user_id": user_id}, session=self.session)
        return result.deleted_count
