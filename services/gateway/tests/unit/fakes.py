"""In-memory implementations of the gateway's ports, for use-case tests without any server."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from resugrow_domain import Conflict
from resugrow_gateway.domain.accounts import AccountToken, RefreshRecord, Session, TokenPurpose, User
from resugrow_gateway.domain.dashboard import Answer, StoredSection
from resugrow_gateway.domain.mail import MailMessage
from resugrow_gateway.use_cases.ports import AccountPolicy, AccountTools
from resugrow_platform.erasure import tombstone_id
from resugrow_testing.fakes import FakeUnitOfWork, InMemoryCollection, run_fake

T = TypeVar("T")


def _doc(obj: Any, key: str) -> dict[str, Any]:
    doc = dataclasses.asdict(obj)
    doc["_id"] = doc[key]
    return doc


def _obj(cls: type[T], doc: dict[str, Any] | None) -> T | None:
    if doc is None:
        return None
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in doc.items() if k in names})


class FakeUsers:
    def __init__(self) -> None:
        self.col = InMemoryCollection()

    async def insert(self, user: User) -> None:
        if self.col.find_one({"email": user.email}):
            raise Conflict("An account with this e-mail address already exists.")
        self.col.insert(_doc(user, "id"))

    async def by_email(self, email: str) -> User | None:
        return _obj(User, self.col.find_one({"email": email}))

    async def by_id(self, user_id: str) -> User | None:
        return _obj(User, self.col.get(user_id))

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self.col.update({"_id": user_id}, {"password_hash": password_hash})

    async def mark_verified(self, user_id: str, *, email: str, now: datetime) -> bool:
        self.col.update(
            {"_id": user_id, "email": email, "email_verified_at": None}, {"email_verified_at": now}
        )
        return self.col.find_one({"_id": user_id, "email": email}) is not None

    async def delete(self, user_id: str) -> bool:
        return self.col.delete({"_id": user_id}) == 1


class FakeRefreshTokens:
    def __init__(self) -> None:
        self.col = InMemoryCollection()

    async def insert(
        self, *, token_hash: str, user_id: str, family_id: str, issued_at: datetime, expires_at: datetime
    ) -> None:
        self.col.insert(
            {
                "_id": token_hash,
                "token_hash": token_hash,
                "user_id": user_id,
                "family_id": family_id,
                "issued_at": issued_at,
                "expires_at": expires_at,
                "used_at": None,
                "revoked_at": None,
            }
        )

    async def get(self, token_hash: str) -> RefreshRecord | None:
        return _obj(RefreshRecord, self.col.get(token_hash))

    async def mark_used(self, token_hash: str, *, now: datetime, replaced_by: str) -> bool:
        return (
            self.col.update({"_id": token_hash, "used_at": None, "revoked_at": None}, {"used_at": now}) == 1
        )

    async def revoke_family(self, family_id: str, *, now: datetime) -> int:
        return self.col.update({"family_id": family_id, "revoked_at": None}, {"revoked_at": now})

    async def revoke_user(self, user_id: str, *, now: datetime, keep_family: str | None = None) -> int:
        query: dict[str, Any] = {"user_id": user_id, "revoked_at": None}
        if keep_family is not None:
            query["family_id"] = {"$ne": keep_family}
        return self.col.update(query, {"revoked_at": now})

    async def delete_for_user(self, user_id: str) -> int:
        return self.col.delete({"user_id": user_id})


class FakeSessions:
    def __init__(self) -> None:
        self.col = InMemoryCollection()

    async def insert(self, session: Session) -> None:
        self.col.insert(_doc(session, "id"))

    async def get(self, session_id: str) -> Session | None:
        return _obj(Session, self.col.get(session_id))

    async def touch(self, session_id: str, *, now: datetime) -> None:
        self.col.update({"_id": session_id}, {"last_used_at": now})

    async def active_for_user(self, user_id: str, *, limit: int, after: str | None) -> list[Session]:
        query: dict[str, Any] = {"user_id": user_id, "revoked_at": None}
        if after is not None:
            query["_id"] = {"$lt": after}
        docs = self.col.find(query, sort="_id", reverse=True)[:limit]
        return [s for s in (_obj(Session, d) for d in docs) if s is not None]

    async def revoke(self, session_id: str, *, now: datetime) -> bool:
        return self.col.update({"_id": session_id, "revoked_at": None}, {"revoked_at": now}) == 1

    async def revoke_user(self, user_id: str, *, now: datetime, keep: str | None = None) -> list[str]:
        query: dict[str, Any] = {"user_id": user_id, "revoked_at": None}
        if keep is not None:
            query["_id"] = {"$ne": keep}
        ids = [d["_id"] for d in self.col.find(query)]
        self.col.update({"_id": {"$in": ids}}, {"revoked_at": now})
        return ids

    async def delete_for_user(self, user_id: str) -> int:
        return self.col.delete({"user_id": user_id})


class FakeAccountTokens:
    def __init__(self) -> None:
        self.col = InMemoryCollection()

    async def insert(self, token: AccountToken) -> None:
        self.col.insert(_doc(token, "token_hash"))

    async def get(self, token_hash: str) -> AccountToken | None:
        return _obj(AccountToken, self.col.get(token_hash))

    async def use(self, token_hash: str, *, now: datetime) -> bool:
        return self.col.update({"_id": token_hash, "used_at": None}, {"used_at": now}) == 1

    async def count_since(self, user_id: str, purpose: TokenPurpose, *, since: datetime) -> int:
        return len(self.col.find({"user_id": user_id, "purpose": purpose, "created_at": {"$gte": since}}))

    async def invalidate(self, user_id: str, purpose: TokenPurpose, *, now: datetime) -> int:
        return self.col.update({"user_id": user_id, "purpose": purpose, "used_at": None}, {"used_at": now})

    async def delete_for_user(self, user_id: str) -> int:
        return self.col.delete({"user_id": user_id})


class FakeGatewayUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__("gateway")
        self.users = FakeUsers()
        self.refresh_tokens = FakeRefreshTokens()
        self.sessions = FakeSessions()
        self.account_tokens = FakeAccountTokens()
        self.pending: list[Callable[[], None]] = []

    def after_commit(self, action: Callable[[], None]) -> None:
        self.pending.append(action)


async def run(uow: FakeGatewayUnitOfWork, work: Callable[[FakeGatewayUnitOfWork], Awaitable[T]]) -> T:
    """Like GatewayRuntime.transact: after-commit actions run only when the work succeeded."""
    before = len(uow.pending)
    try:
        result = await run_fake(uow, work)
    except BaseException:
        del uow.pending[before:]
        raise
    actions, uow.pending[before:] = uow.pending[before:], []
    for action in actions:
        action()
    return result


class FakePasswords:
    async def hash(self, password: str) -> str:
        return f"hashed:{password}"

    async def verify(self, password: str, hashed: str | None) -> tuple[bool, str | None]:
        return hashed is not None and hashed == f"hashed:{password}", None


class FakeTokens:
    def issue(self, user_id: str, *, session_id: str, now: datetime) -> str:
        return f"access:{user_id}:{session_id}"


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[MailMessage] = []

    def send(self, message: MailMessage) -> None:
        self.sent.append(message)

    def token(self, kind: str) -> str:
        """The token in the newest mail of this kind (as a user would click it)."""
        mail = next(m for m in reversed(self.sent) if m.kind == kind)
        return mail.text.split("token=", 1)[1].split()[0]


def tools(**policy: Any) -> tuple[AccountTools, FakeMailer]:
    mailer = FakeMailer()
    return (
        AccountTools(
            passwords=FakePasswords(), tokens=FakeTokens(), mailer=mailer, policy=AccountPolicy(**policy)
        ),
        mailer,
    )


class FakeDashboardReadModel:
    """The read model's rules (a live answer is kept only if no invalidation happened since the
    copy it replaces was read) on a dict; `fail` makes every call raise, like a lost database."""

    def __init__(self) -> None:
        self.sections: dict[tuple[str, str], StoredSection] = {}
        self.fail = False
        self.delay_s = 0.0  # a slow (overloaded) database
        self.invalidations: list[tuple[str, tuple[str, ...]]] = []
        self.loads = 0
        self.tombstones: dict[str, datetime] = {}  # erase key -> deleted_at
        self.batches: list[tuple[str, tuple[str, ...]]] = []  # save_many calls: (user, sections)

    def _check(self) -> None:
        if self.fail:
            raise ConnectionError("database unreachable")

    async def load(self, user_id: str) -> dict[str, StoredSection]:
        self._check()
        self.loads += 1
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        return {name: s for (user, name), s in self.sections.items() if user == user_id}

    async def save(
        self,
        user_id: str,
        section: str,
        data: dict[str, Any],
        *,
        text: str,
        as_of: datetime,
        seen: StoredSection | None,
    ) -> bool:
        self._check()
        current = self.sections.get((user_id, section))
        if (seen is None and current is not None) or (
            seen is not None and (current is None or current.gen != seen.gen)
        ):
            return False
        gen = current.gen if current is not None else 0
        assert json.loads(text) == data  # the text stored is the summary's own JSON
        self.sections[(user_id, section)] = StoredSection(data, as_of, gen=gen, dirty=False, by_write=False)
        return True

    async def save_many(self, user_id: str, answers: dict[str, Answer]) -> int:
        self.batches.append((user_id, tuple(answers)))
        stored = 0
        for name, a in answers.items():
            stored += await self.save(user_id, name, a.data, text=a.text, as_of=a.as_of, seen=a.seen)
        return stored

    async def invalidate(self, user_id: str, sections: tuple[str, ...], *, by_write: bool = False) -> None:
        self._check()
        self.invalidations.append((user_id, sections))
        for name in sections:
            current = self.sections.get((user_id, name), StoredSection(None, None, gen=0))
            self.sections[(user_id, name)] = dataclasses.replace(
                current, gen=current.gen + 1, dirty=True, by_write=current.by_write or by_write
            )

    async def erase(self, user_id: str) -> None:
        self._check()
        for key in [k for k in self.sections if k[0] == user_id]:
            del self.sections[key]

    async def erased_since(self, since: datetime) -> list[str]:
        self._check()
        return [key for key, at in self.tombstones.items() if at >= since]

    async def erase_keys(self, keys: list[str]) -> int:
        self._check()
        gone = [k for k in self.sections if tombstone_id(k[0]) in keys]
        for key in gone:
            del self.sections[key]
        return len(gone)
