"""Run a unit of work, retrying transient transaction errors.

MongoDB aborts one of two transactions that write the same document (WriteConflict, labelled
`TransientTransactionError`) and may leave a commit's outcome unknown
(`UnknownTransactionCommitResult`); both are safe to retry from the start, because the aborted
attempt left nothing behind. Retrying here, once for every service, means a user never sees a 500
for a conflict; when the budget runs out the caller gets `Unavailable` (HTTP 503 + Retry-After,
retried by consumers) instead of a raw driver error.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pymongo.errors import PyMongoError

from resugrow_domain import Unavailable
from resugrow_platform.logging import get_logger
from resugrow_platform.outbox import UnitOfWork, unit_of_work

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

    from resugrow_platform.settings import ServiceSettings

T = TypeVar("T")
log = get_logger("resugrow.transactions")
RETRYABLE_LABELS = ("TransientTransactionError", "UnknownTransactionCommitResult")


def is_transient_transaction_error(exc: BaseException) -> bool:
    return isinstance(exc, PyMongoError) and any(exc.has_error_label(label) for label in RETRYABLE_LABELS)


async def run_in_transaction(
    client: Any,
    db: AsyncDatabase[Any],
    settings: ServiceSettings,
    work: Callable[[UnitOfWork], Awaitable[T]],
    *,
    ledger: tuple[str, str, str] | None = None,
    budget_s: float | None = None,
) -> T:
    """Call `work(uow)` in a transaction and commit; on a transient error start over, with
    exponential backoff and full jitter (so a burst of conflicting writers spreads out), until
    `budget_s` is spent."""
    budget = settings.mongo.transaction_retry_budget_s if budget_s is None else budget_s
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget
    attempt = 0
    while True:
        attempt += 1
        try:
            async with unit_of_work(client, db, settings, ledger=ledger) as uow:
                result = await work(uow)
            return result
        except PyMongoError as exc:
            if not is_transient_transaction_error(exc):
                raise
            delay = random.uniform(0, min(0.5, 0.005 * (2**attempt)))
            if loop.time() + delay >= deadline:
                log.warning("transaction_retries_exhausted", attempts=attempt, exc_type=type(exc).__name__)
                raise Unavailable("The data is busy with other changes; try again.", retry_after_s=1) from exc
            log.info("transaction_retry", attempt=attempt, exc_type=type(exc).__name__)
            await asyncio.sleep(delay)
