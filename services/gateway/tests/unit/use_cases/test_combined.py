"""The dashboard, job look-up and live events on a runtime whose downstream calls are fakes."""

import asyncio
import base64
import json
import time
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
from resugrow_gateway.use_cases import dashboard, dashboard_upkeep, jobs, live
from resugrow_platform.erasure import tombstone_id

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
        # no liveness probes unless a test asks (they would show among the recorded calls)
        dashboard={"settle_s": 0, "health_interval_s": 0, **dashboard_settings},
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


def _bearer(exp=None):
    """A bearer header whose token carries `exp` (the fakes never check the signature)."""
    claims = base64.urlsafe_b64encode(json.dumps({"exp": exp or time.time() + 600}).encode()).decode()
    return f"Bearer h.{claims.rstrip('=')}.s"


async def _page(gw, user="u", now=NOW, authorization="Bearer t"):
    page = await dashboard.get_dashboard(
        gw, user_id=user, authorization=authorization, request_id=None, now=now
    )
    await _settled(gw)
    return page


def _stale(page):
    return {name for name, section in page["sections"].items() if section["stale"]}


def _sources(page):
    return {name: section["source"] for name, section in page["sections"].items()}


async def test_a_section_is_fetched_with_the_callers_token_and_stored():
    gw = _runtime({SUMMARY_PATHS["ats"]: _ok({"latest_score": 81})})
    outcome = await dashboard.fetch_section(
        gw, "ats", dashboard.Caller("u", "Bearer t", None, NOW), deadline_s=1
    )
    await _settled(gw)
    assert outcome == Fetched({"latest_score": 81}, text='{"latest_score": 81}')
    assert gw.downstreams.calls == [("ats", SUMMARY_PATHS["ats"], "Bearer t")]
    assert gw.read_model.sections[("u", "ats")].data == {"latest_score": 81}


@pytest.mark.parametrize(
    ("answer", "reason"),
    [(DownstreamTimeout(), FailureReason.TIMEOUT), (DownstreamUnreachable(), FailureReason.UNREACHABLE)],
)
async def test_a_failing_section_says_why_and_counts_against_its_breaker(answer, reason):
    gw = _runtime({SUMMARY_PATHS["resume"]: answer})
    outcome = await dashboard.fetch_section(gw, "resume", dashboard.Caller("u", "", None, NOW), deadline_s=1)
    assert outcome == Failed(reason) and gw.breakers["resume"].recent_failures == 1
    assert ("u", "resume") not in gw.read_model.sections


async def test_a_new_users_live_sections_are_stored_in_one_write():
    gw = _runtime(_all_ok())
    await _page(gw)
    assert [(user, sorted(names)) for user, names in gw.read_model.batches] == [("u", sorted(SECTIONS))]
    assert gw.user_calls == {} and gw.unsaved == {}


async def test_a_stored_section_of_a_service_that_stopped_answering_is_marked_and_not_called():
    answers = {**_all_ok(), "/livez": _ok({"status": "ok"})}
    gw = _runtime(answers, health_interval_s=1)
    await _page(gw)  # stores every section, probes every service (all answer)
    assert all(gw.health.down(name) is None for name in SECTIONS)
    gw.health.record("linkedin", FailureReason.TIMEOUT)  # its next probe timed out
    stored_page = await _page(gw, now=NOW + timedelta(seconds=5))
    linkedin = stored_page["sections"]["linkedin"]
    assert (linkedin["status"], linkedin["reason"], linkedin["source"]) == (
        "degraded",
        "timeout",
        "read_model",
    )
    assert linkedin["data"] == {"name": "linkedin"} and stored_page["partial"] is True
    assert all(s["status"] == "ok" for n, s in stored_page["sections"].items() if n != "linkedin")
    # a new user's linkedin section is not called while it is down: no page waits on it
    calls = len(gw.downstreams.calls)
    new_page = await _page(gw, user="new", now=NOW + timedelta(seconds=5))
    assert new_page["sections"]["linkedin"]["status"] == "unavailable"
    assert ("linkedin", SUMMARY_PATHS["linkedin"], "Bearer t") not in gw.downstreams.calls[calls:]


async def test_pages_probe_each_service_at_most_once_per_interval_and_learn_who_is_down():
    answers = {**_all_ok(), "/livez": _ok({"status": "ok"})}
    gw = _runtime(answers, health_interval_s=60)
    gw.downstreams.answers = {**answers, "/livez": DownstreamTimeout()}
    await _page(gw)
    await _page(gw, user="other")
    probes = [c for c in gw.downstreams.calls if c[1] == "/livez"]
    assert sorted(service for service, _, _ in probes) == sorted(SECTIONS)  # once each, not per page
    assert all(gw.health.down(name) == FailureReason.TIMEOUT for name in SECTIONS)


async def test_sections_fetched_at_sign_in_serve_the_first_page_from_the_read_model():
    gw = _runtime(_all_ok())
    dashboard_upkeep.at_sign_in(gw, "u", "t")
    await _settled(gw)
    assert sorted(c[0] for c in gw.downstreams.calls) == sorted(SECTIONS)
    assert {c[2] for c in gw.downstreams.calls} == {"Bearer t"}
    first = await _page(gw, now=NOW)
    assert set(_sources(first).values()) == {"read_model"} and len(gw.downstreams.calls) == len(SECTIONS)
    off = _runtime(_all_ok(), prefetch_at_sign_in=False)
    dashboard_upkeep.at_sign_in(off, "u", "t")
    await _settled(off)
    assert off.downstreams.calls == []


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


async def test_an_old_section_is_shown_stale_while_refreshed_and_fetched_live_past_the_second_bound():
    gw = _runtime(_all_ok(), max_age_s=60, stale_max_age_s=120)
    await _page(gw)
    calls = len(gw.downstreams.calls)
    # Past max_age_s: the stored copy answers at once, marked stale with its age, and one
    # background call per section refreshes it.
    page = await _page(gw, now=NOW + timedelta(seconds=61))
    assert set(_sources(page).values()) == {"read_model"} and _stale(page) == set(SECTIONS)
    assert {s["status"] for s in page["sections"].values()} == {"ok"} and page["partial"] is False
    assert page["sections"]["ats"]["age_s"] == 61.0
    assert len(gw.downstreams.calls) == calls + len(SECTIONS)
    refreshed = await _page(gw, now=NOW + timedelta(seconds=62))
    assert _stale(refreshed) == set() and refreshed["sections"]["ats"]["age_s"] == 1.0
    assert len(gw.downstreams.calls) == calls + len(SECTIONS)
    # Past the second bound a copy is too old to stand in: fetched live for the page.
    page = await _page(gw, now=NOW + timedelta(seconds=62 + 121))
    assert set(_sources(page).values()) == {"live"} and _stale(page) == set()


async def test_an_event_refreshes_a_recent_callers_sections_before_their_next_page():
    answers = _all_ok()
    gw = _runtime(answers)
    await _page(gw, authorization=_bearer())
    calls = len(gw.downstreams.calls)
    answers[SUMMARY_PATHS["ats"]] = _ok({"latest_score": 90})
    await dashboard_upkeep.on_event(gw, event_type="resugrow.ats.scan.completed.v1", user_id="u")
    await _settled(gw)
    # direct (ats) and derived (resume: the score on the resume), the derived one twice
    assert gw.read_model.invalidations == [("u", ("ats", "resume")), ("u", ("resume",))]
    # fetched again with the user's own token, before any page asked
    assert {c[0] for c in gw.downstreams.calls[calls:]} == {"ats", "resume"}
    assert all(c[2].startswith("Bearer h.") for c in gw.downstreams.calls[calls:])
    page = await _page(gw, authorization=_bearer())
    assert set(_sources(page).values()) == {"read_model"} and _stale(page) == set()
    assert page["sections"]["ats"]["data"] == {"latest_score": 90}
    # other users' sections are untouched; events without a user or of no interest do nothing
    await dashboard_upkeep.on_event(gw, event_type="resugrow.resume.rendered.v1", user_id="u")
    await dashboard_upkeep.on_event(gw, event_type="resugrow.ats.scan.completed.v1", user_id=None)
    assert len(gw.read_model.invalidations) == 2


async def test_after_an_event_a_user_not_seen_lately_gets_the_old_copy_marked_stale_then_the_new():
    answers = _all_ok()
    gw = _runtime(answers)
    await _page(gw)  # a token without a readable expiry: never kept for early refreshes
    answers[SUMMARY_PATHS["ats"]] = _ok({"latest_score": 90})
    await dashboard_upkeep.on_event(gw, event_type="resugrow.ats.scan.completed.v1", user_id="u")
    await _settled(gw)
    calls = len(gw.downstreams.calls)
    assert calls == len(SECTIONS)  # nothing fetched without a page
    page = await _page(gw)
    ats = page["sections"]["ats"]
    assert ats["data"] == {"name": "ats"} and ats["stale"] is True and ats["status"] == "ok"
    assert ats["source"] == "read_model" and _stale(page) == {"ats", "resume"}
    page = await _page(gw)
    assert page["sections"]["ats"]["data"] == {"latest_score": 90} and _stale(page) == set()
    assert len(gw.downstreams.calls) == calls + 2


async def test_concurrent_pages_of_one_user_share_each_live_call():
    gw = _runtime(_all_ok())
    pages = await asyncio.gather(*(_page(gw) for _ in range(3)))
    assert len(gw.downstreams.calls) == len(SECTIONS)
    assert all(p["partial"] is False for p in pages)


async def test_a_forwarded_write_marks_its_section_at_once_but_a_render_does_not():
    answers = _all_ok()
    gw = _runtime(answers)
    await _page(gw)
    answers[SUMMARY_PATHS["tracker"]] = _ok({"applications": 1})
    await dashboard_upkeep.on_write(
        gw, user_id="u", service="resume", method="POST", operation_id="render_resume"
    )
    await dashboard_upkeep.on_write(
        gw, user_id="u", service="tracker", method="POST", operation_id="create_application"
    )
    # the user's own write is never shown stale: fetched live for the very next page
    page = await _page(gw)
    assert page["sections"]["tracker"]["data"] == {"applications": 1}
    assert _sources(page) == {**dict.fromkeys(SECTIONS, "read_model"), "tracker": "live"}
    assert _stale(page) == set()


async def test_a_forwarded_write_is_fetched_again_at_once_with_the_writers_token():
    answers = _all_ok()
    gw = _runtime(answers)
    await _page(gw, authorization=_bearer())  # a readable token: the user counts as a recent caller
    answers[SUMMARY_PATHS["tracker"]] = _ok({"applications": 1})
    await dashboard_upkeep.on_write(
        gw, user_id="u", service="tracker", method="POST", operation_id=None, authorization=_bearer()
    )
    await _settled(gw)
    assert gw.downstreams.calls[-1][0] == "tracker"
    page = await _page(gw)
    assert page["sections"]["tracker"] == {**page["sections"]["tracker"], "data": {"applications": 1}}
    assert set(_sources(page).values()) == {"read_model"} and _stale(page) == set()


async def test_a_write_of_a_user_who_opened_no_dashboard_lately_calls_no_service():
    gw = _runtime(_all_ok())
    await dashboard_upkeep.on_write(
        gw, user_id="u", service="resume", method="PUT", operation_id=None, authorization=_bearer()
    )
    await _settled(gw)
    assert gw.downstreams.calls == [] and len(gw.recent) == 0
    page = await _page(gw)  # the invalidation alone: the next page fetches the section live
    assert _sources(page)["resume"] == "live"


async def test_an_answer_fetched_before_a_write_never_overwrites_the_writes_invalidation():
    gw = _runtime(_all_ok())
    await _page(gw)
    await dashboard_upkeep.on_write(gw, user_id="u", service="ats", method="POST", operation_id=None)
    real_get = gw.downstreams.get_json

    async def write_lands_meanwhile(service, path, **kwargs):
        answer = await real_get(service, path, **kwargs)  # the answer from before the write
        await dashboard_upkeep.on_write(gw, user_id="u", service="ats", method="POST", operation_id=None)
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
    await dashboard_upkeep.on_write(gw, user_id="u", service="ats", method="DELETE", operation_id=None)
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
    await dashboard_upkeep.on_write(gw, user_id="u", service="ats", method="POST", operation_id=None)


async def test_a_slow_read_model_means_overload_and_adds_no_live_calls():
    gw = _runtime(_all_ok(), read_model_timeout_s=0.05)
    gw.read_model.delay_s = 0.2
    page = await _page(gw)
    assert gw.downstreams.calls == []  # six live calls per page would only feed the overload
    assert page["partial"] is True
    assert {s["status"] for s in page["sections"].values()} == {"unavailable"}
    assert {s["reason"] for s in page["sections"].values()} == {"busy"}


async def test_a_slow_read_is_left_to_finish_and_no_read_is_added_while_too_many_are_out():
    gw = _runtime(_all_ok(), read_model_timeout_s=0.02, max_reads_in_flight=2)
    gw.read_model.delay_s = 0.1
    pages = [
        asyncio.create_task(
            dashboard.get_dashboard(gw, user_id=f"u{i}", authorization="", request_id=None, now=NOW)
        )
        for i in range(3)
    ]
    answered = await asyncio.gather(*pages)
    assert all({s["reason"] for s in p["sections"].values()} == {"busy"} for p in answered)
    assert gw.read_model.loads == 2 and gw.reads_in_flight == 2  # the third page added no read
    await _settled(gw)  # the two slow reads completed (not cancelled) and were counted out
    assert gw.reads_in_flight == 0 and gw.downstreams.calls == []


async def test_account_deletion_erases_the_users_sections_and_late_answers_are_not_kept():
    gw = _runtime(_all_ok())
    await _page(gw)
    await _page(gw, user="v")
    await dashboard_upkeep.on_event(gw, event_type="resugrow.user.deleted.v1", user_id="u")
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
    await dashboard_upkeep.on_event(gw, event_type="resugrow.user.deleted.v1", user_id="u")
    gw.erased = lambda user_id: user_id == "u"  # type: ignore[method-assign]
    await dashboard_upkeep.on_event(gw, event_type="resugrow.ats.scan.completed.v1", user_id="u")
    await dashboard_upkeep.on_write(gw, user_id="u", service="tracker", method="POST", operation_id=None)
    await dashboard_upkeep.invalidate(gw, "u", ("ats", "resume"))
    assert not any(user == "u" for user, _ in gw.read_model.sections)


async def test_the_sweep_erases_sections_of_accounts_deleted_lately_whatever_events_were_missed():
    gw = _runtime(_all_ok(), erasure_lookback_s=600)
    for user in ("u", "v", "w"):
        await _page(gw, user=user)
    # u was deleted a minute ago but this replica never saw the event; w long ago (swept then)
    gw.read_model.tombstones[tombstone_id("u")] = NOW - timedelta(seconds=60)
    gw.read_model.tombstones[tombstone_id("w")] = NOW - timedelta(seconds=3600)
    assert await dashboard_upkeep.sweep_erased(gw, now=NOW) == len(SECTIONS)
    users = {user for user, _ in gw.read_model.sections}
    assert users == {"v", "w"}


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
