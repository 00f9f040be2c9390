"""Transient transaction errors are retried from the start; others and exhausted budgets are not."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from pymongo.errors import OperationFailure

from resugrow_domain import Unavailable
from resugrow_platform import transactions
from resugrow_platform.settings import ServiceSettings


def _conflict() -> OperationFailure:
    err = OperationFailure("WriteConflict", code=112)
    err._add_error_label("TransientTransactionError")
    return err


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    @contextlib.asynccontextmanager
    async def fake_uow(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        yield object()

    monkeypatch.setattr(transactions, "unit_of_work", fake_uow)
    return calls


async def test_conflict_is_retried_until_it_succeeds(attempts: list[int]) -> None:
    failures = [_conflict(), _conflict()]

    async def work(uow: Any) -> str:
        if failures:
            raise failures.pop()
        return "done"

    result = await transactions.run_in_transaction(None, None, ServiceSettings(), work)  # type: ignore[arg-type]
    assert result == "done" and len(attempts) == 3


async def test_non_transient_error_is_not_retried(attempts: list[int]) -> None:
    async def work(uow: Any) -> None:
        raise OperationFailure("bad", code=2)

    with pytest.raises(OperationFailure):
        await transactions.run_in_transaction(None, None, ServiceSettings(), work)  # type: ignore[arg-type]
    assert len(attempts) == 1


async def test_exhausted_budget_is_unavailable(attempts: list[int]) -> None:
    async def work(uow: Any) -> None:
        raise _conflict()

    with pytest.raises(Unavailable):
        await transactions.run_in_transaction(None, None, ServiceSettings(), work, budget_s=0.05)  # type: ignore[arg-type]
    assert len(attempts) >= 2
