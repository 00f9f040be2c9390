"""Resugrow platform plumbing: written once, used by every service (see docs/platform.md)."""

from resugrow_platform.app import PlatformDep, ServicePlatform, get_platform
from resugrow_platform.auth import CurrentUser, Principal, current_user, issue_token, verify_token
from resugrow_platform.errors import (
    BadRequest,
    Conflict,
    NotFound,
    PayloadTooLarge,
    PermanentError,
    ProblemError,
    Unauthorized,
    Unprocessable,
    UnsupportedMediaType,
)
from resugrow_platform.outbox import DuplicateEvent, UnitOfWork
from resugrow_platform.owned import find_owned
from resugrow_platform.settings import (
    AuthSettings,
    KafkaSettings,
    MongoSettings,
    ServiceSettings,
    service_settings_config,
)
from resugrow_platform.transactions import run_in_transaction

__all__ = [
    "AuthSettings",
    "BadRequest",
    "Conflict",
    "CurrentUser",
    "DuplicateEvent",
    "KafkaSettings",
    "MongoSettings",
    "NotFound",
    "PayloadTooLarge",
    "PermanentError",
    "PlatformDep",
    "Principal",
    "ProblemError",
    "ServicePlatform",
    "ServiceSettings",
    "Unauthorized",
    "UnitOfWork",
    "Unprocessable",
    "UnsupportedMediaType",
    "current_user",
    "find_owned",
    "get_platform",
    "issue_token",
    "run_in_transaction",
    "service_settings_config",
    "verify_token",
]
