"""The dashboard sheds calls beyond the pool's size instead of queueing them."""

from datetime import UTC, datetime

from pydantic import SecretStr

from resugrow_gateway.domain.breaker import BreakerState
from resugrow_gateway.domain.dashboard import Failed, FailureReason
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.settings import GatewaySettings
from resugrow_gateway.use_cases import dashboard


class _NoCalls:
    async def get_json(self, *args, **kwargs):
        raise AssertionError("a shed call must never reach the service")


async def test_calls_beyond_the_pool_are_shed_without_touching_the_breaker():
    settings = GatewaySettings(
        auth={"jwt_secret": SecretStr("k" * 40)},
        pool={"max_connections": 2},
        passwords={"time_cost": 1, "memory_kib": 1024, "parallelism": 1},
    )
    gw = GatewayRuntime(settings, platform=None)  # type: ignore[arg-type]
    gw.downstreams = _NoCalls()  # type: ignore[assignment]
    gw.in_flight["ats"] = 2
    caller = dashboard.Caller("u", "Bearer x", None, datetime.now(UTC))
    outcome = await dashboard.fetch_section(gw, "ats", caller, deadline_s=0.1)
    assert outcome == Failed(FailureReason.BUSY)
    assert gw.breakers["ats"].state == BreakerState.CLOSED and gw.breakers["ats"].recent_failures == 0
