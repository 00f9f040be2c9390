"""Mongo repositories of the gateway's own database: the only code that names its collections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from resugrow_domain import Conflict
from resugrow_gateway.domain.accounts import AccountToken, RefreshRecord, Session, TokenPurpose, User

USERS = "users"
REFRESH_TOKENS = "refresh_tokens"
SESSIONS = "sessions"
ACCOUNT_TOKENS = "account_tokens"
COLLECTIONS = (USERS, REFRESH_TOKENS, SESSIONS, ACCOUNT_TOKENS)
TAKEN = "An account with this e-mail address already exists."


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[USERS].create_index([("email", ASCENDING)], unique=True, name="email_unique")
    await db[REFRESH_TOKENS].create_index([("family_id", ASCENDING)], name="family")
    await db[REFRESH_TOKENS].create_index([("user_id", ASCENDING)], name="user")
    await db[SESSIONS].create_index([("user_id", ASCENDING), ("_id", DESCENDING)], name="user_newest")
    await db[ACCOUNT_TOKENS].create_index(
        [("user_id", ASCENDING), ("purpose", ASCENDING), ("created_at", ASCENDING)], name="user_purpose"
    )
    # Expired one-time tokens are useless: Mongo deletes them a day after expiry.
    await db[ACCOUNT_TOKENS].create_index("expires_at", expireAfterSeconds=86400, name="expiry")


class _Repo:
    collection = ""

    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self.col = db[self.collection]
        self.session = session


class Users(_Repo):
    collection = USERS

    @staticmethod
    def _user(doc: dict[str, Any]) -> User:
        return User(
            id=doc["_id"],
            email=doc["email"],
            password_hash=doc["password_hash"],
            created_at=doc["created_at"],
            email_verified_at=doc.get("email_verified_at"),
        )

    async def insert(self, user: User) -> None:
        doc = {
            "_id": user.id,
            "email": user.email,
            "password_hash": user.password_hash,
            "created_at": user.created_at,
            "email_verified_at": user.email_verified_at,
        }
        try:
            await self.col.insert_one(doc, session=self.session)
        except DuplicateKeyError:
            raise Conflict(TAKEN) from None

    async def by_email(self, email: str) -> User | None:
        doc = await self.col.find_one({"email": email}, session=self.session)
        return self._user(doc) if doc else None

    async def by_id(self, user_id: str) -> User | None:
        doc = await self.col.find_one({"_id": user_id}, session=self.session)
        return self._user(doc) if doc else None

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        await self.col.update_one(
            {"_id": user_id}, {"$set": {"password_hash": password_hash}}, session=self.session
        )

    async def mark_verified(self, user_id: str, *, email: str, now: datetime) -> bool:
        """True when the account still has this address (verified now or before)."""
        first = await self.col.update_one(
            {"_id": user_id, "email": email, "email_verified_at": None},
            {"$set": {"email_verified_at": now}},
            session=self.session,
        )
        if first.matched_count:
            return True
        return await self.col.count_documents({"_id": user_id, "email": email}, session=self.session) > 0

    async def delete(self, user_id: str) -> bool:
        result = await self.col.delete_one({"_id": user_id}, session=self.session)
        return result.deleted_count == 1


class RefreshTokens(_Repo):
    collection = REFRESH_TOKENS

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
        if doc is None:
            return None
        return RefreshRecord(
            token_hash=doc["_id"],
            user_id=doc["user_id"],
            family_id=doc["family_id"],
            issued_at=doc["issued_at"],
            expires_at=doc["expires_at"],
            used_at=doc.get("used_at"),
            revoked_at=doc.get("revoked_at"),
        )

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

    async def revoke_user(self, user_id: str, *, now: datetime, keep_family: str | None = None) -> int:
        query: dict[str, Any] = {"user_id": user_id, "revoked_at": None}
        if keep_family is not None:
            query["family_id"] = {"$ne": keep_family}
        result = await self.col.update_many(query, {"$set": {"revoked_at": now}}, session=self.session)
        return result.modified_count

    async def delete_for_user(self, user_id: str) -> int:
        result = await self.col.delete_many({"user_id": user_id}, session=self.session)
        return result.deleted_count


class Sessions(_Repo):
    collection = SESSIONS

    @staticmethod
    def _session(doc: dict[str, Any]) -> Session:
        return Session(
            id=doc["_id"],
            user_id=doc["user_id"],
            created_at=doc["created_at"],
            last_used_at=doc["last_used_at"],
            user_agent=doc.get("user_agent"),
            ip=doc.get("ip"),
            revoked_at=doc.get("revoked_at"),
        )

    async def insert(self, session: Session) -> None:
        await self.col.insert_one(
            {
                "_id": session.id,
                "user_id": session.user_id,
                "created_at": session.created_at,
                "last_used_at": session.last_used_at,
                "user_agent": session.user_agent,
                "ip": session.ip,
                "revoked_at": None,
            },
            session=self.session,
        )

    async def get(self, session_id: str) -> Session | None:
        doc = await self.col.find_one({"_id": session_id}, session=self.session)
        return self._session(doc) if doc else None

    async def touch(self, session_id: str, *, now: datetime) -> None:
        await self.col.update_one({"_id": session_id}, {"$set": {"last_used_at": now}}, session=self.session)

    async def active_for_user(self, user_id: str, *, limit: int, after: str | None) -> list[Session]:
        query: dict[str, Any] = {"user_id": user_id, "revoked_at": None}
        if after is not None:
            query["_id"] = {"$lt": after}
        cursor = self.col.find(query, session=self.session).sort("_id", DESCENDING).limit(limit)
        return [self._session(doc) async for doc in cursor]

    async def revoke(self, session_id: str, *, now: datetime) -> bool:
        result = await self.col.update_one(
            {"_id": session_id, "revoked_at": None}, {"$set": {"revoked_at": now}}, session=self.session
        )
        return result.modified_count == 1

    async def revoke_user(self, user_id: str, *, now: datetime, keep: str | None = None) -> list[str]:
        query: dict[str, Any] = {"user_id": user_id, "revoked_at": None}
        if keep is not None:
            query["_id"] = {"$ne": keep}
        ids = [doc["_id"] async for doc in self.col.find(query, {"_id": 1}, session=self.session)]
        if ids:
            await self.col.update_many(
                {"_id": {"$in": ids}}, {"$set": {"revoked_at": now}}, session=self.session
            )
        return ids

    async def delete_for_user(self, user_id: str) -> int:
        result = await self.col.delete_many({"user_id": user_id}, session=self.session)
        return result.deleted_count


class AccountTokens(_Repo):
    collection = ACCOUNT_TOKENS

    async def insert(self, token: AccountToken) -> None:
        await self.col.insert_one(
            {
                "_id": token.token_hash,
                "user_id": token.user_id,
                "purpose": str(token.purpose),
                "email": token.email,
                "created_at": token.created_at,
                "expires_at": token.expires_at,
                "used_at": None,
            },
            session=self.session,
        )

    async def get(self, token_hash: str) -> AccountToken | None:
        doc = await self.col.find_one({"_id": token_hash}, session=self.session)
        if doc is None:
            return None
        return AccountToken(
            token_hash=doc["_id"],
            user_id=doc["user_id"],
            purpose=TokenPurpose(doc["purpose"]),
            email=doc["email"],
            created_at=doc["created_at"],
            expires_at=doc["expires_at"],
            used_at=doc.get("used_at"),
        )

    async def use(self, token_hash: str, *, now: datetime) -> bool:
        """Atomic claim: a link used twice at once works once."""
        doc = await self.col.find_one_and_update(
            {"_id": token_hash, "used_at": None}, {"$set": {"used_at": now}}, session=self.session
        )
        return doc is not None

    async def count_since(self, user_id: str, purpose: TokenPurpose, *, since: datetime) -> int:
        return await self.col.count_documents(
            {"user_id": user_id, "purpose": str(purpose), "created_at": {"$gte": since}}, session=self.session
        )

    async def invalidate(self, user_id: str, purpose: TokenPurpose, *, now: datetime) -> int:
        result = await self.col.update_many(
            {"user_id": user_id, "purpose": str(purpose), "used_at": None},
            {"$set": {"used_at": now}},
            session=self.session,
        )
        return result.modified_count

    async def delete_for_user(self, user_id: str) -> int:
        result = await self.col.delete_many({"user_id": user_id}, session=self.session)
        return result.deleted_count
