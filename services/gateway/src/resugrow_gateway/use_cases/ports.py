"""What the gateway's use cases need from the outside world, as protocols (adapters implement them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from resugrow_events import EventPayload
from resugrow_gateway.domain.accounts import AccountToken, RefreshRecord, Session, TokenPurpose, User
from resugrow_gateway.domain.dashboard import Answer, StoredSection
from resugrow_gateway.domain.mail import MailMessage


class UsersRepo(Protocol):
    async def insert(self, user: User) -> None: ...
    async def by_email(self, email: str) -> User | None: ...
    async def by_id(self, user_id: str) -> User | None: ...
    async def set_password_hash(self, user_id: str, password_hash: str) -> None: ...
    async def mark_verified(self, user_id: str, *, email: str, now: datetime) -> bool: ...
    async def delete(self, user_id: str) -> bool: ...


class RefreshTokensRepo(Protocol):
    async def insert(
        self, *, token_hash: str, user_id: str, family_id: str, issued_at: datetime, expires_at: datetime
    ) -> None: ...
    async def get(self, token_hash: str) -> RefreshRecord | None: ...
    async def mark_used(self, token_hash: str, *, now: datetime, replaced_by: str) -> bool: ...
    async def revoke_family(self, family_id: str, *, now: datetime) -> int: ...
    async def revoke_user(self, user_id: str, *, now: datetime, keep_family: str | None = None) -> int: ...
    async def delete_for_user(self, user_id: str) -> int: ...


class SessionsRepo(Protocol):
    async def insert(self, session: Session) -> None: ...
    async def get(self, session_id: str) -> Session | None: ...
    async def touch(self, session_id: str, *, now: datetime) -> None: ...
    async def active_for_user(self, user_id: str, *, limit: int, after: str | None) -> list[Session]: ...
    async def revoke(self, session_id: str, *, now: datetime) -> bool: ...
    async def revoke_user(self, user_id: str, *, now: datetime, keep: str | None = None) -> list[str]: ...
    async def delete_for_user(self, user_id: str) -> int: ...


class AccountTokensRepo(Protocol):
    async def insert(self, token: AccountToken) -> None: ...
    async def get(self, token_hash: str) -> AccountToken | None: ...
    async def use(self, token_hash: str, *, now: datetime) -> bool: ...
    async def count_since(self, user_id: str, purpose: TokenPurpose, *, since: datetime) -> int: ...
    async def invalidate(self, user_id: str, purpose: TokenPurpose, *, now: datetime) -> int: ...
    async def delete_for_user(self, user_id: str) -> int: ...


class GatewayUoW(Protocol):
    # Read-only members, so an adapter's concrete repository types satisfy them.
    @property
    def users(self) -> UsersRepo: ...
    @property
    def refresh_tokens(self) -> RefreshTokensRepo: ...
    @property
    def sessions(self) -> SessionsRepo: ...
    @property
    def account_tokens(self) -> AccountTokensRepo: ...

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Any: ...

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once the work is committed (never for an aborted or retried attempt)."""


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...
    async def verify(self, password: str, hashed: str | None) -> tuple[bool, str | None]: ...


class AccessTokens(Protocol):
    def issue(self, user_id: str, *, session_id: str, now: datetime) -> str: ...


class Mailer(Protocol):
    def send(self, message: MailMessage) -> None:
        """Queue a message; delivery happens in the background, so answers never wait on SMTP
        (and never take longer for an address that has an account)."""


@dataclass(frozen=True)
class AccountPolicy:
    access_ttl_s: int = 900
    refresh_ttl_days: int = 30
    verify_ttl_s: int = 48 * 3600
    reset_ttl_s: int = 3600
    # Reset mails per address per hour; more requests get the same answer but no mail.
    resets_per_hour: int = 3
    app_url: str = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class AccountTools:
    """Everything an account use case needs besides its unit of work."""

    passwords: PasswordHasher
    tokens: AccessTokens
    mailer: Mailer
    policy: AccountPolicy


class DashboardReadModel(Protocol):
    """Each user's last summary per dashboard section (see domain/dashboard.StoredSection)."""

    async def load(self, user_id: str) -> dict[str, StoredSection]: ...

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
        """Store a live answer unless the section was invalidated since `seen` was read."""

    async def save_many(self, user_id: str, answers: dict[str, Answer]) -> int:
        """`save` for several sections of one user at once (one write when none was
        invalidated meanwhile); how many were stored."""

    async def invalidate(self, user_id: str, sections: tuple[str, ...], *, by_write: bool = False) -> None:
        """Mark sections out of date (`by_write`: by the user's own write, so never shown stale)."""

    async def erase(self, user_id: str) -> None: ...

    async def erased_since(self, since: datetime) -> list[str]:
        """Erasure keys (tombstone digests) of the accounts deleted since then."""

    async def erase_keys(self, keys: list[str]) -> int:
        """Delete every section carrying one of these erasure keys; how many went."""
