import json
from datetime import UTC, datetime, timedelta

from resugrow_events import TOPICS
from resugrow_gateway.domain.dashboard import (
    SECTIONS,
    SUMMARY_PATHS,
    Failed,
    FailureReason,
    Fetched,
    RecentCallers,
    SectionStatus,
    ServiceHealth,
    StoredSection,
    assemble,
    can_serve_while_refreshing,
    classify_status,
    counts_against_breaker,
    is_current,
    marked_down,
    page_of,
    refreshing_view,
    section_view,
    stored_view,
)
from resugrow_gateway.domain.dashboard_events import CHANGES, IGNORED, changed_by_event, changed_by_write
from resugrow_gateway.domain.routing import resolve_service

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def test_every_summary_path_is_served_by_its_own_service():
    for name in SECTIONS:
        rule = resolve_service(SUMMARY_PATHS[name])
        assert rule is not None and rule.service == name


def test_all_ok_is_not_partial_and_says_where_each_section_came_from():
    views = {name: section_view(Fetched({"n": 1}), None, now=NOW, degraded_max_age_s=60) for name in SECTIONS}
    views["ats"] = stored_view(StoredSection({"n": 2}, NOW - timedelta(seconds=30)), now=NOW)
    page = assemble(views, generated_at=NOW)
    assert page["partial"] is False
    assert list(page["sections"]) == list(SECTIONS)
    assert page["sections"]["resume"] == {
        "status": "ok",
        "stale": False,
        "data": {"n": 1},
        "source": "live",
        "as_of": NOW.isoformat(),
        "age_s": 0.0,
    }
    assert page["sections"]["ats"]["source"] == "read_model" and page["sections"]["ats"]["age_s"] == 30.0


def test_failed_section_uses_recent_stored_copy_marked_stale_else_unavailable():
    stored = StoredSection({"score": 80}, NOW - timedelta(seconds=30), gen=3, dirty=True)
    stale = section_view(Failed(FailureReason.TIMEOUT), stored, now=NOW, degraded_max_age_s=60)
    assert stale.status == SectionStatus.DEGRADED and stale.stale and stale.data == {"score": 80}
    out = stale.to_dict()
    assert out["age_s"] == 30.0 and out["reason"] == "timeout" and out["source"] == "read_model"
    too_old = section_view(Failed(FailureReason.TIMEOUT), stored, now=NOW, degraded_max_age_s=10)
    assert too_old.status == SectionStatus.UNAVAILABLE
    gone = section_view(Failed(FailureReason.UNREACHABLE), None, now=NOW, degraded_max_age_s=60)
    assert gone.to_dict() == {
        "status": "unavailable",
        "stale": False,
        "data": None,
        "source": "live",
        "reason": "unreachable",
    }
    page = assemble({"ats": stale, "tracker": gone}, generated_at=NOW)
    assert page["partial"] is True


def test_a_stored_section_is_current_only_unchanged_and_within_the_age_bound():
    fresh = StoredSection({"x": 1}, NOW - timedelta(seconds=10))
    assert is_current(fresh, now=NOW, max_age_s=60)
    assert not is_current(fresh, now=NOW, max_age_s=5)  # too old: fetched live again
    assert not is_current(StoredSection({"x": 1}, NOW, gen=1, dirty=True), now=NOW, max_age_s=60)
    assert not is_current(StoredSection(None, None, gen=1, dirty=True), now=NOW, max_age_s=60)
    assert not is_current(None, now=NOW, max_age_s=60)


def test_every_catalogued_event_is_either_mapped_to_sections_or_deliberately_ignored():
    for spec in TOPICS:
        assert (spec.topic in CHANGES) != (spec.topic in IGNORED), spec.topic
    for changed in CHANGES.values():
        assert changed.direct and set(changed.all) <= set(SECTIONS)
    scan = changed_by_event("resugrow.ats.scan.completed.v1")
    assert scan.direct == ("ats",) and scan.derived == ("resume",)
    assert changed_by_event("resugrow.resume.rendered.v1").all == ()
    assert changed_by_event("no.such.event").all == ()


def test_a_forwarded_write_changes_its_own_section_but_reads_and_renders_do_not():
    assert changed_by_write("tracker", "POST", "create_application") == ("tracker",)
    assert changed_by_write("resume", "DELETE", None) == ("resume",)
    assert changed_by_write("tracker", "GET", "list_applications") == ()
    assert changed_by_write("resume", "POST", "render_resume") == ()
    assert changed_by_write("nowhere", "POST", None) == ()


def test_only_real_faults_count_against_the_breaker():
    assert classify_status(200) is None
    assert classify_status(404) == FailureReason.NOT_SUPPORTED
    assert classify_status(503) == FailureReason.ERROR
    assert classify_status(401) == FailureReason.REJECTED
    assert not counts_against_breaker(FailureReason.REJECTED)
    assert not counts_against_breaker(FailureReason.NOT_SUPPORTED)
    assert not counts_against_breaker(FailureReason.CIRCUIT_OPEN)
    assert counts_against_breaker(FailureReason.TIMEOUT)


def test_the_json_page_built_from_stored_text_is_the_same_answer_as_the_dict():
    views = {
        "resume": stored_view(StoredSection(None, NOW, text='{"items": [], "total": 2}'), now=NOW),
        "ats": section_view(Fetched({"n": 1}), None, now=NOW, degraded_max_age_s=60),
        "tracker": section_view(Failed(FailureReason.BUSY), None, now=NOW, degraded_max_age_s=60),
    }
    page = page_of(views, generated_at=NOW)
    assert json.loads(page.to_json()) == page.to_dict() == assemble(views, generated_at=NOW)
    assert page.to_dict()["sections"]["resume"]["data"] == {"items": [], "total": 2}
    assert page.partial is True and list(page.to_dict()["sections"]) == ["resume", "ats", "tracker"]


def test_an_out_of_date_copy_stands_in_only_when_not_changed_by_the_user_and_young_enough():
    old = StoredSection({"x": 1}, NOW - timedelta(seconds=100), gen=2, dirty=True)
    assert can_serve_while_refreshing(old, now=NOW, max_age_s=200)
    assert not can_serve_while_refreshing(old, now=NOW, max_age_s=50)
    assert not can_serve_while_refreshing(
        StoredSection({"x": 1}, NOW, gen=2, dirty=True, by_write=True), now=NOW, max_age_s=200
    )
    assert not can_serve_while_refreshing(
        StoredSection(None, None, gen=1, dirty=True), now=NOW, max_age_s=200
    )
    view = refreshing_view(old, now=NOW).to_dict()
    assert view["status"] == "ok" and view["stale"] is True and view["source"] == "read_model"
    assert view["age_s"] == 100.0 and view["data"] == {"x": 1}


def test_recent_callers_are_bounded_and_forgotten_when_their_token_expires():
    recent = RecentCallers(max_users=2)
    recent.seen("a", "Bearer a", expires_at=100.0)
    recent.seen("b", "Bearer b", expires_at=100.0)
    recent.seen("a", "Bearer a2", expires_at=100.0)  # seen again: now the most recent
    recent.seen("c", "Bearer c", expires_at=100.0)
    assert recent.authorization("b", now=0) is None  # the least recently seen went
    assert recent.authorization("a", now=0) == "Bearer a2"
    assert recent.authorization("c", now=100.0) is None and len(recent) == 1
    recent.forget("a")
    assert len(recent) == 0
    off = RecentCallers(max_users=0)
    off.seen("a", "Bearer a", expires_at=100.0)
    assert off.authorization("a", now=0) is None


def test_service_health_is_due_once_per_interval_and_one_probe_marks_or_clears():
    health = ServiceHealth(interval_s=1.0)
    assert health.due("ats", now=10.0)
    health.started("ats", now=10.0)
    assert not health.due("ats", now=12.0)  # a probe in flight is not doubled
    health.record("ats", FailureReason.TIMEOUT)
    assert health.down("ats") == FailureReason.TIMEOUT and not health.due("ats", now=10.5)
    assert health.due("ats", now=11.0)
    health.started("ats", now=11.0)
    health.record("ats", FailureReason.NOT_SUPPORTED)  # it answered: up
    assert health.down("ats") is None
    assert not ServiceHealth(interval_s=0).due("ats", now=0.0)


def test_a_down_service_marks_read_model_sections_only():
    stored = stored_view(StoredSection({"n": 1}, NOW - timedelta(seconds=30)), now=NOW)
    marked = marked_down(stored, FailureReason.CIRCUIT_OPEN)
    assert (marked.status, marked.reason, marked.data, marked.stale) == (
        SectionStatus.DEGRADED,
        FailureReason.CIRCUIT_OPEN,
        {"n": 1},
        False,
    )
    live = section_view(Fetched({"n": 2}), None, now=NOW, degraded_max_age_s=60)
    assert marked_down(live, FailureReason.TIMEOUT) is live
