"""The dashboard, job look-up and live events on a runtime whose downstream calls are fakes."""

import asyncio
import json
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from resugrow_domain import NotFound, Unavailable
from resugrow_events import RawEnvelope
from resugrow_gateway.adapters.downstream import DownstreamTimeout, DownstreamUnreachable, SmallAnswer
from resugrow_gateway.domain.dashboard import SECTIONS, SUMMARY_PATHS, Failed, FailureReason, Fetched
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.settings import GatewaySettings
from resugrow_gateway.use_cases import dashboard, jobs, live

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


class FakeDownstreams:
    def __init__(self, answers):
        self.answers = answers  # path -> SmallAnswer | Exception
        self.calls = []

    async def get_json(self, service, path, *, authorization, request_id, timeout):
        self.calls.append((service, path, authorization))
        answer = self.answers.get(path, SmallAnswer(404, b'{"status": 404}'))
        if isinstance(answer, Exception):
            raise answer
        return answer


def _runtime(answers):
    settings = GatewaySettings(
        auth={"jwt_secret": SecretStr("k" * 40)},
        passwords={"time_cost": 1, "memory_kib": 1024, "parallelism": 1},
    )
    gw = GatewayRuntime(settings, platform=None)  # type: ignore[arg-type]
    gw.downstreams = FakeDownstreams(answers)  # type: ignore[assignment]
    return gw


def _ok(body):
    return SmallAnswer(200, json.dumps(body).encode())


async def test_a_section_is_fetched_with_the_callers_token_and_cached():
    gw = _runtime({SUMMARY_PATHS["ats"]: _ok({"latest_score": 81})})
    outcome = await dashboard.fetch_section(
        gw, "ats", user_id="u", authorization="Bearer t", request_id=None, deadline_s=1
    )
    assert outcome == Fetched({"latest_score": 81})
    assert gw.downstreams.calls == [("ats", SUMMARY_PATHS["ats"], "Bearer t")]
    assert gw.cache.get("u", "ats", now=gw.clock()) is not None


@pytest.mark.parametrize(
    ("answer", "reason"),
    [(DownstreamTimeout(), FailureReason.TIMEOUT), (DownstreamUnreachable(), FailureReason.UNREACHABLE)],
)
async def test_a_failing_section_says_why_and_counts_against_its_breaker(answer, reason):
    gw = _runtime({SUMMARY_PATHS["resume"]: answer})
    outcome = await dashboard.fetch_section(
        gw, "resume", user_id="u", authorization="", request_id=None, deadline_s=1
    )
    assert outcome == Failed(reason) and gw.breakers["resume"].recent_failures == 1


async def test_the_dashboard_is_partial_when_a_service_fails_and_shows_the_last_good_copy():
    answers = {SUMMARY_PATHS[name]: _ok({"name": name}) for name in SECTIONS}
    gw = _runtime(answers)
    first = await dashboard.get_dashboard(gw, user_id="u", authorization="", request_id=None, now=NOW)
    assert first["partial"] is False and first["sections"]["ats"]["data"] == {"name": "ats"}
    answers[SUMMARY_PATHS["ats"]] = DownstreamUnreachable()
    second = await dashboard.get_dashboard(gw, user_id="u", authorization="", request_id=None, now=NOW)
    assert second["partial"] is True
    assert second["sections"]["ats"]["status"] == "degraded" and second["sections"]["ats"]["stale"] is True
    assert second["sections"]["resume"]["status"] == "ok"


async def test_a_job_is_answered_by_the_service_that_knows_it():
    gw = _runtime({"/v1/renders/r1": _ok({"id": "r1", "status": "succeeded", "artifacts": []})})
    job = await jobs.get_job(gw, job_id="r1", authorization="", request_id=None)
    assert job["kind"] == "render" and job["done"] is True and job["href"] == "/v1/renders/r1"


async def test_an_unknown_job_is_not_found_and_an_unsure_answer_is_unavailable():
    with pytest.raises(NotFound):
        await jobs.get_job(_runtime({}), job_id="nope", authorization="", request_id=None)
    with pytest.raises(NotFound):
        await jobs.get_job(_runtime({}), job_id="../etc", authorization="", request_id=None)
    with pytest.raises(Unavailable) as err:
        await jobs.get_job(
            _runtime({"/v1/renders/x": DownstreamTimeout()}), job_id="x", authorization="", request_id=None
        )
    assert err.value.retry_after_s == 2


def _event(type_, user_id, data):
    return RawEnvelope.model_validate(
        {
            "specversion": "1.0",
            "id": "0192f1d2-7c1a-7b3e-9f00-3c5d2e1a4b6c",
            "type": type_,
            "source": "/services/ats",
            "subject": "s1",
            "time": NOW.isoformat(),
            "userid": user_id,
            "data": data,
        }
    )


async def test_completion_events_reach_only_their_users_stream_and_a_deletion_revokes_at_once():
    gw = _runtime({})
    with gw.hub.subscribe("u1") as mine, gw.hub.subscribe("u2") as theirs:
        await live.on_live_event(gw, _event("resugrow.ats.scan.completed.v1", "u1", {"score": 81}))
        message = await asyncio.wait_for(mine.get(), 1)
        assert message.name == "ats.scan.completed" and theirs.empty()
        gw.cache.put("u1", "ats", {"x": 1}, now=gw.clock())
        await live.on_live_event(
            gw, _event("resugrow.user.deleted.v1", "u1", {"user_id": "u1", "deleted_at": NOW.isoformat()})
        )
        assert (
            gw.revoked.is_revoked("u1", now=gw.clock()) and gw.cache.get("u1", "ats", now=gw.clock()) is None
        )
