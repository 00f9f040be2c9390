"""The dashboard, job look-up and live events on a runtime whose downstream calls are fakes."""

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from fakes import FakeDashboardReadModel
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


def _runtime(answers, **dashboard_settings):
    settings = GatewaySettings(
        auth={"jwt_secret": SecretStr("k" * 40)},
        passwords={"time_cost": 1, "memory_kib": 1024, "parallelism": 1},
        dashboard={"settle_s": 0, **dashboard_settings},
    )
    gw = GatewayRuntime(settings, platform=None)  # type: ignore[arg-type]
    gw.downstreams = FakeDownstreams(answers)  # type: ignore[assignment]
    gw.read_model = FakeDashboardReadModel()  # type: ignore[assignment]
    return gw


def _ok(body):
    return SmallAnswer(200, json.dumps(body).encode())


def _all_ok():
    return {SUMMARY_PATHS[name]: _ok({"name": name}) for name in SECTIONS}


async def _settled(gw):
    """Let the background writes (stored answers, later invalidations) finish."""
    while gw.late_sections:
        await asyncio.gather(*list(gw.late_sections))


async def _page(gw, user="u", now=NOW):
    page = await dashboard.get_dashboard(gw, user_id=user, authorization="Bearer t", request_id=None, now=now)
    await _settled(gw)
    return page


def _sources(page):
    return {name: section["source"] for name, section in page["sections"].items()}


async def test_a_section_is_fetched_with_the_callers_token_and_stored():
    gw = _runtime({SUMMARY_PATHS["ats"]: _ok({"latest_score": 81})})
    outcome = await dashboard.fetch_section(
        gw, "ats", user_id="u", authorization="Bearer t", request_id=None, deadline_s=1, now=NOW
    )
    await _settled(gw)
    assert outcome == Fetched({"latest_score": 81})
    assert gw.downstreams.calls == [("ats", SUMMARY_PATHS["ats"], "Bearer t")]
    assert gw.read_model.sections[("u", "ats")].data == {"latest_score": 81}


@pytest.mark.parametrize(
    ("answer", "reason"),
    [(DownstreamTimeout(), FailureReason.TIMEOUT), (DownstreamUnreachable(), FailureReason.UNREACHABLE)],
)
async def test_a_failing_section_says_why_and_counts_against_its_breaker(answer, reason):
    gw = _runtime({SUMMARY_PATHS["resume"]: answer})
    outcome = await dashboard.fetch_section(
        gw, "resume", user_id="u", authorization="", request_id=None, deadline_s=1, now=NOW
    )
    assert outcome == Failed(reason) and gw.breakers["resume"].recent_failures == 1
    assert ("u", "resume") not in gw.read_model.sections


async def test_the_second_page_comes_from_the_read_model_without_calling_any_service():
    gw = _runtime(_all_ok())
    first = await _page(gw)
    assert first["partial"] is False and set(_sources(first).values()) == {"live"}
    assert len(gw.downstreams.calls) == len(SECTIONS)
    later = NOW + timedelta(seconds=30)
    second = await _page(gw, now=later)
    assert len(gw.downstreams.calls) == len(SECTIONS)  # no new call
    assert second["partial"] is False and set(_sources(second).values()) == {"read_model"}
    ats = second["sections"]["ats"]
    assert ats["data"] == {"name": "ats"} and ats["age_s"] == 30.0 and ats["as_of"] == NOW.isoformat()
    # Another user has nothing stored: all live, never the first user's copy.
    other = await _page(gw, user="v", now=later)
    assert set(_sources(other).values()) == {"live"}


async def test_a_section_older_than_the_bound_is_fetched_live_again():
    gw = _runtime(_all_ok(), max_age_s=60)
    await _page(gw)
    page = await _page(gw, now=NOW + timedelta(seconds=61))
    assert set(_sources(page).values()) == {"live"} and len(gw.downstreams.calls) == 2 * len(SECTIONS)


async def test_an_event_invalidates_its_sections_and_the_next_page_shows_the_change():
    answers = _all_ok()
    gw = _runtime(answers)
    await _page(gw)
    answers[SUMMARY_PATHS["ats"]] = _ok({"latest_score": 90})
    await dashboard.on_event(gw, event_type="resugrow.ats.scan.completed.v1", user_id="u")
    await _settled(gw)
    # direct (ats) and derived (resume: the score on the resume), the derived one twice
    assert gw.read_model.invalidations == [("u", ("ats", "resume")), ("u", ("resume",))]
    page = await _page(gw)
    assert page["sections"]["ats"] == {
        **page["sections"]["ats"],
        "data": {"latest_score": 90},
        "source": "live",
    }
    assert _sources(page) == {**dict.fromkeys(SECTIONS, "read_model"), "ats": "live", "resume": "live"}
    # other users' sections are untouched; events without a user or of no interest do nothing
    await dashboard.on_event(gw, event_type="resugrow.resume.rendered.v1", user_id="u")
    await dashboard.on_event(gw, event_type="resugrow.ats.scan.completed.v1", user_id=None)
    assert len(gw.read_model.invalidations) == 2


async def test_a_forwarded_write_marks_its_section_at_once_but_a_render_does_not():
    answers = _all_ok()
    gw = _runtime(answers)
    await _page(gw)
    answers[SUMMARY_PATHS["tracker"]] = _ok({"applications": 1})
    await dashboard.on_write(gw, user_id="u", service="resume", method="POST", operation_id="render_resume")
    await dashboard.on_write(
        gw, user_id="u", service="tracker", method="POST", operation_id="create_application"
    )
    page = await _page(gw)
    assert page["sections"]["tracker"]["data"] == {"applications": 1}
    assert _sources(page) == {**dict.fromkeys(SECTIONS, "read_model"), "tracker": "live"}


async def test_an_answer_fetched_before_a_write_never_overwrites_the_writes_invalidation():
    gw = _runtime(_all_ok())
    await _page(gw)
    await dashboard.on_write(gw, user_id="u", service="ats", method="POST", operation_id=None)
    real_get = gw.downstreams.get_json

    async def write_lands_meanwhile(service, path, **kwargs):
        answer = await real_get(service, path, **kwargs)  # the answer from before the write
        await dashboard.on_write(gw, user_id="u", service="ats", method="POST", operation_id=None)
        return answer

    gw.downstreams.get_json = write_lands_meanwhile
    await _page(gw)
    assert gw.read_model.sections[("u", "ats")].dirty  # not stored: the next page asks again
    gw.downstreams.get_json = real_get
    await _page(gw)
    assert not gw.read_model.sections[("u", "ats")].dirty


async def test_a_failing_service_shows_the_last_stored_copy_as_degraded_or_unavailable():
    answers = _all_ok()
    gw = _runtime(answers)
    await _page(gw)
    answers[SUMMARY_PATHS["ats"]] = DownstreamUnreachable()
    await dashboard.on_write(gw, user_id="u", service="ats", method="DELETE", operation_id=None)
    page = await _page(gw, now=NOW + timedelta(seconds=5))
    ats = page["sections"]["ats"]
    assert page["partial"] is True
    assert ats["status"] == "degraded" and ats["stale"] is True and ats["reason"] == "unreachable"
    assert ats["data"] == {"name": "ats"} and ats["age_s"] == 5.0 and ats["source"] == "read_model"
    assert page["sections"]["resume"]["status"] == "ok"
    fresh_user = await _page(gw, user="v")
    assert fresh_user["sections"]["ats"]["status"] == "unavailable"
    assert fresh_user["sections"]["ats"]["source"] == "live"


async def test_without_the_database_every_section_is_fetched_live_and_the_page_still_answers():
    gw = _runtime(_all_ok())
    gw.read_model.fail = True
    page = await _page(gw)
    assert page["partial"] is False and set(_sources(page).values()) == {"live"}
    # a forwarded write is not failed by a lost database either
    await dashboard.on_write(gw, user_id="u", service="ats", method="POST", operation_id=None)


async def test_a_slow_read_model_means_overload_and_adds_no_live_calls():
    gw = _runtime(_all_ok(), read_model_timeout_s=0.05)
    gw.read_model.delay_s = 0.2
    page = await _page(gw)
    assert gw.downstreams.calls == []  # six live calls per page would only feed the overload
    assert page["partial"] is True
    assert {s["status"] for s in page["sections"].values()} == {"unavailable"}
    assert {s["reason"] for s in page["sections"].values()} == {"busy"}


async def test_account_deletion_erases_the_users_sections_and_late_answers_are_not_kept():
    gw = _runtime(_all_ok())
    await _page(gw)
    await _page(gw, user="v")
    await dashboard.on_event(gw, event_type="resugrow.user.deleted.v1", user_id="u")
    assert not any(user == "u" for user, _ in gw.read_model.sections)
    assert any(user == "v" for user, _ in gw.read_model.sections)
    gw.erased = lambda user_id: user_id == "u"  # type: ignore[method-assign]
    await _page(gw)  # an answer in flight when the account went
    assert not any(user == "u" for user, _ in gw.read_model.sections)


async def test_invalidations_after_an_erasure_write_nothing_back():
    # Found by tests/e2e/test_erasure.py: an event's delayed re-check (or a write forwarded while
    # the account was being deleted) upserted the user's sections back after the erasure.
    gw = _runtime(_all_ok())
    await _page(gw)
    await dashboard.on_event(gw, event_type="resugrow.user.deleted.v1", user_id="u")
    gw.erased = lambda user_id: user_id == "u"  # type: ignore[method-assign]
    await dashboard.on_event(gw, event_type="resugrow.ats.scan.completed.v1", user_id="u")
    await dashboard.on_write(gw, user_id="u", service="tracker", method="POST", operation_id=None)
    await dashboard.invalidate(gw, "u", ("ats", "resume"))
    assert not any(user == "u" for user, _ in gw.read_model.sections)


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
        await live.on_live_event(
            gw, _event("resugrow.user.deleted.v1", "u1", {"user_id": "u1", "deleted_at": NOW.isoformat()})
        )
        assert gw.revoked.is_revoked("u1", now=gw.clock())
