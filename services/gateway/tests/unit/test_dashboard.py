from datetime import UTC, datetime

from resugrow_gateway.domain.dashboard import (
    SECTIONS,
    SUMMARY_PATHS,
    Failed,
    FailureReason,
    Fetched,
    SectionCache,
    SectionStatus,
    assemble,
    classify_status,
    counts_against_breaker,
    section_view,
)
from resugrow_gateway.domain.routing import resolve_service

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def test_every_summary_path_is_served_by_its_own_service():
    for name in SECTIONS:
        rule = resolve_service(SUMMARY_PATHS[name])
        assert rule is not None and rule.service == name


def test_all_ok_is_not_partial():
    views = {name: section_view(Fetched({"n": 1}), None, now=0) for name in SECTIONS}
    page = assemble(views, generated_at=NOW)
    assert page["partial"] is False
    assert list(page["sections"]) == list(SECTIONS)
    assert page["sections"]["ats"] == {"status": "ok", "stale": False, "data": {"n": 1}}


def test_failed_section_uses_recent_cache_marked_stale_else_unavailable():
    cache = SectionCache(ttl_s=60)
    cache.put("u1", "ats", {"score": 80}, now=100)
    stale = section_view(Failed(FailureReason.TIMEOUT), cache.get("u1", "ats", now=130), now=130)
    assert stale.status == SectionStatus.DEGRADED and stale.stale and stale.data == {"score": 80}
    assert stale.to_dict()["age_s"] == 30.0 and stale.to_dict()["reason"] == "timeout"
    assert cache.get("u1", "ats", now=161) is None  # too old to show
    gone = section_view(Failed(FailureReason.UNREACHABLE), None, now=200)
    assert gone.to_dict() == {"status": "unavailable", "stale": False, "data": None, "reason": "unreachable"}
    page = assemble(
        {"ats": stale, "tracker": gone, "resume": section_view(Fetched({}), None, now=0)}, generated_at=NOW
    )
    assert page["partial"] is True


def test_cache_is_per_user_and_bounded():
    cache = SectionCache(ttl_s=60, max_users=2)
    cache.put("a", "ats", {"x": 1}, now=0)
    assert cache.get("b", "ats", now=0) is None
    cache.put("b", "ats", {}, now=0)
    cache.put("c", "ats", {}, now=0)
    assert cache.get("a", "ats", now=0) is None
    cache.forget("b")
    assert cache.get("b", "ats", now=0) is None


def test_only_real_faults_count_against_the_breaker():
    assert classify_status(200) is None
    assert classify_status(404) == FailureReason.NOT_SUPPORTED
    assert classify_status(503) == FailureReason.ERROR
    assert classify_status(401) == FailureReason.REJECTED
    assert not counts_against_breaker(FailureReason.REJECTED)
    assert not counts_against_breaker(FailureReason.NOT_SUPPORTED)
    assert not counts_against_breaker(FailureReason.CIRCUIT_OPEN)
    assert counts_against_breaker(FailureReason.TIMEOUT)
