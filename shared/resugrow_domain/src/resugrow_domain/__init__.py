"""Framework-free pieces shared by every service's domain and use cases (no I/O, no HTTP, no Mongo)."""

from resugrow_domain.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooLarge,
    Unavailable,
    Unsupported,
)

__all__ = [
    "Conflict",
    "DomainError",
    "FieldError",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "TooLarge",
    "Unavailable",
    "Unsupported",
]
