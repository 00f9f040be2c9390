"""The gateway's own domain error: the platform's set has no "who are you?" (HTTP 401)."""

from __future__ import annotations

from resugrow_domain import DomainError


class InvalidCredentials(DomainError):
    """Wrong e-mail/password, or a refresh token that is unknown, expired, used or revoked."""

    title = "Unauthorized"
