"""Account rules: e-mail and password policy, and the refresh-token rotation verdict.

Refresh tokens rotate: each use returns a new token of the same *family* and marks the old
one used. Presenting a used (or revoked) token again means it leaked, so the whole family is
revoked (RFC 9700 section 4.14.2): the thief and the victim are both logged out.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MIN_PASSWORD_LENGTH = 10
# argon2 cost grows with input; a cap keeps a login from being a CPU amplification attack.
MAX_PASSWORD_LENGTH = 128
MAX_EMAIL_LENGTH = 254

# Pragmatic: one @, a dot in the domain, no spaces. Deliverability is the mail system's job.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)

# Passwords every breach list starts with; the length rule already excludes most others.
_COMMON = frozenset(
    {
        "1234567890",
        "0123456789",
        "qwertyuiop",
        "password12",
        "password123",
        "password1234",
        "iloveyou12",
        "letmein123",
        "welcome123",
        "qwerty1234",
        "1q2w3e4r5t",
        "abcdefghij",
        "administrator",
    }
)


class AccountRuleError(ValueError):
    """A registration or login input breaks a rule; `field` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalize_email(raw: str) -> str:
    """Lower-cased and trimmed, so `Ann@X.io` and `ann@x.io ` are one account."""
    email = raw.strip().lower()
    if not email or len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        raise AccountRuleError("email", "Enter a valid e-mail address.")
    return email


def email_domain(email: str) -> str:
    return email.rpartition("@")[2]


def password_problems(password: str, *, email: str) -> list[str]:
    """Every rule the password breaks (empty when acceptable), phrased for the user."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"Use at most {MAX_PASSWORD_LENGTH} characters.")
    if password and len(set(password)) < 4:
        problems.append("Use more than three different characters.")
    lowered = password.lower()
    if lowered in _COMMON:
        problems.append("This password is too common.")
    local = email.partition("@")[0].lower()
    if lowered == email.lower() or (len(local) >= 4 and local in lowered):
        problems.append("Do not use your e-mail address in the password.")
    return problems


def check_password(password: str, *, email: str) -> None:
    problems = password_problems(password, email=email)
    if problems:
        raise AccountRuleError("password", " ".join(problems))


def new_secret_token() -> str:
    """256 bits from the OS CSPRNG, URL-safe: refresh tokens and e-mailed one-time links."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # The token is 256 random bits, so a plain SHA-256 is a safe look-up key (no slow hash needed);
    # only this hash is stored, so a database leak yields no usable token.
    return hashlib.sha256(token.encode()).hexdigest()


class TokenPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"


@dataclass(frozen=True)
class User:
    id: str
    email: str
    password_hash: str
    created_at: datetime
    email_verified_at: datetime | None = None


@dataclass(frozen=True)
class Session:
    """One sign-in: the refresh-token family it started, where it came from and when it was used."""

    id: str
    user_id: str
    created_at: datetime
    last_used_at: datetime
    user_agent: str | None = None
    ip: str | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class AccountToken:
    """A one-time token mailed to the user (verification or reset); only its hash is stored."""

    token_hash: str
    user_id: str
    purpose: TokenPurpose
    email: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


def token_usable(token: AccountToken | None, purpose: TokenPurpose, *, now: datetime) -> bool:
    return token is not None and token.purpose == purpose and token.used_at is None and now < token.expires_at


class RefreshVerdict(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    # A rotated-away token came back: treat the family as stolen.
    REUSED = "reused"
    REVOKED = "revoked"


@dataclass(frozen=True)
class RefreshRecord:
    token_hash: str
    user_id: str
    family_id: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None


def judge_refresh(record: RefreshRecord, *, now: datetime) -> RefreshVerdict:
    # Reuse is checked before expiry: a replayed old token must still burn its family.
    if record.used_at is not None:
        return RefreshVerdict.REUSED
    if record.revoked_at is not None:
        return RefreshVerdict.REVOKED
    if now >= record.expires_at:
        return RefreshVerdict.EXPIRED
    return RefreshVerdict.VALID


def must_revoke_family(verdict: RefreshVerdict) -> bool:
    return verdict in (RefreshVerdict.REUSED, RefreshVerdict.REVOKED)


class RevokedSubjects:
    """Users whose accounts were deleted, remembered for as long as one of their access tokens
    can still be valid, so a deleted account stops working at once on every gateway replica."""

    def __init__(self, *, remember_s: float) -> None:
        self.remember_s = remember_s
        self._until: dict[str, float] = {}

    def add(self, user_id: str, *, now: float) -> None:
        self._until[user_id] = now + self.remember_s
        if len(self._until) > 1024:
            self._until = {u: t for u, t in self._until.items() if t > now}

    def __contains__(self, user_id: str) -> bool:
        return user_id in self._until

    def any(self) -> bool:
        return bool(self._until)

    def is_revoked(self, user_id: str, *, now: float) -> bool:
        until = self._until.get(user_id)
        return until is not None and until > now


class VerifiedTokenCache:
    """Remembers tokens whose signature and claims were already verified, until they expire.

    Verifying a JWT costs far more than a dict look-up, and every proxied call would otherwise
    verify the same token twice (rate limit and authentication). Keyed by the exact token
    string, so a changed byte is a miss; entries never outlive the token's own `exp`.
    """

    def __init__(self, *, max_size: int = 10_000) -> None:
        self.max_size = max_size
        self._entries: dict[str, tuple[str, float]] = {}

    def get(self, token: str, *, now: float) -> str | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        user_id, expires_at = entry
        if now >= expires_at:
            self._entries.pop(token, None)
            return None
        return user_id

    def put(self, token: str, user_id: str, *, expires_at: float, now: float) -> None:
        if expires_at <= now:
            return
        if len(self._entries) >= self.max_size:
            # Drop expired entries first; if still full, the oldest insertions go.
            self._entries = {t: e for t, e in self._entries.items() if e[1] > now}
            while len(self._entries) >= self.max_size:
                self._entries.pop(next(iter(self._entries)))
        self._entries[token] = (user_id, expires_at)
