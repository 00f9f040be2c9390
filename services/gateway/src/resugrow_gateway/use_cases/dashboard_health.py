"""Liveness probes of the services, made while dashboards are served (see domain ServiceHealth),
and why a service's section cannot be refreshed now."""

from __future__ import annotations

from resugrow_gateway.adapters.downstream import DownstreamTimeout, DownstreamUnreachable
from resugrow_gateway.domain.breaker import BreakerState
from resugrow_gateway.domain.dashboard import SECTIONS, FailureReason, classify_status
from resugrow_gateway.use_cases.dashboard_context import DashboardContext, in_background

LIVENESS_PATH = "/livez"


def check_services(gw: DashboardContext) -> None:
    """Probe, in the background, each service not probed within the interval (see ServiceHealth)."""
    now = gw.clock()
    for name in SECTIONS:
        if gw.health.due(name, now=now):
            gw.health.started(name, now=now)
            in_background(gw, _probe(gw, name))


async def _probe(gw: DashboardContext, name: str) -> None:
    reason: FailureReason | None = FailureReason.ERROR
    try:
        answer = await gw.downstreams.get_json(
            name,
            LIVENESS_PATH,
            authorization="",
            request_id=None,
            timeout=gw.settings.dashboard.health_timeout_s,
        )
        reason = classify_status(answer.status_code)
    except DownstreamTimeout:
        reason = FailureReason.TIMEOUT
    except DownstreamUnreachable:
        reason = FailureReason.UNREACHABLE
    finally:
        gw.health.record(name, reason)


def down_reason(gw: DashboardContext, name: str) -> FailureReason | None:
    if gw.breakers[name].state == BreakerState.OPEN:
        return FailureReason.CIRCUIT_OPEN
    return gw.health.down(name)
