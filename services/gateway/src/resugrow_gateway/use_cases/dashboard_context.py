"""What the dashboard's use cases share: the runtime they need (a fake in unit tests), whose
summaries a call fetches, and background work kept referenced until it ends."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from resugrow_gateway.adapters.downstream import SmallAnswer
from resugrow_gateway.domain.breaker import CircuitBreaker
from resugrow_gateway.domain.dashboard import Answer, Outcome, RecentCallers, ServiceHealth
from resugrow_gateway.settings import GatewaySettings
from resugrow_gateway.use_cases.ports import DashboardReadModel


class Fetcher(Protocol):
    async def get_json(
        self, service: str, path: str, *, authorization: str, request_id: str | None, timeout: float
    ) -> SmallAnswer: ...


class DashboardContext(Protocol):
    """What the dashboard needs from the runtime (a fake in unit tests)."""

    settings: GatewaySettings

    @property
    def downstreams(self) -> Fetcher: ...

    breakers: dict[str, CircuitBreaker]
    in_flight: dict[str, int]
    late_sections: set[asyncio.Task[Any]]
    reads_in_flight: int
    # One summary call per user and section at a time: pages and refreshes share it.
    fetching: dict[tuple[str, str], tuple[int, asyncio.Task[Outcome]]]
    recent: RecentCallers
    # Summary calls in flight per user, and the answers they brought that wait to be stored
    # together once the user's last call ends (see _call_ended).
    user_calls: dict[str, int]
    unsaved: dict[str, dict[str, Answer]]
    health: ServiceHealth

    @property
    def read_model(self) -> DashboardReadModel: ...

    def clock(self) -> float: ...

    def breaker_changed(self, breaker: CircuitBreaker) -> None: ...

    def erased(self, user_id: str) -> bool: ...

    def token_expiry(self, authorization: str) -> float: ...


@dataclass(frozen=True)
class Caller:
    """Whose summaries are fetched, with what, and when the page (or refresh) asked: every
    summary call of one page or refresh carries the same four."""

    user_id: str
    authorization: str
    request_id: str | None
    now: datetime


def in_background(gw: DashboardContext, work: Coroutine[Any, Any, Any]) -> None:
    task = asyncio.create_task(work)
    gw.late_sections.add(task)  # kept referenced until done
    task.add_done_callback(gw.late_sections.discard)
