import json
from datetime import UTC, datetime

from resugrow_gateway.domain.jobs import JOB_SOURCES, JobKind, JobStatus, job_view, normalise_status
from resugrow_gateway.domain.routing import resolve_service
from resugrow_gateway.domain.stream import STREAMED, to_stream_message

T = datetime(2026, 1, 5, tzinfo=UTC)


def test_completion_events_become_named_sse_messages_for_their_user():
    msg = to_stream_message(
        event_type="resugrow.ats.scan.completed.v1",
        event_id="e1",
        user_id="u1",
        subject="s1",
        data={"score": 81},
        time=T,
    )
    assert msg is not None and msg.name == "ats.scan.completed" and msg.user_id == "u1"
    assert json.loads(msg.sse_data()) == {
        "id": "e1",
        "type": "ats.scan.completed",
        "subject": "s1",
        "time": T.isoformat(),
        "data": {"score": 81},
    }
    assert len(STREAMED) == 7


def test_other_events_and_events_without_a_user_are_never_streamed():
    assert (
        to_stream_message(
            event_type="resugrow.resume.updated.v1", event_id="e", user_id="u", subject="s", data={}, time=T
        )
        is None
    )
    assert (
        to_stream_message(
            event_type="resugrow.resume.rendered.v1", event_id="e", user_id=None, subject="s", data={}, time=T
        )
        is None
    )


def test_job_sources_are_served_by_their_owners():
    for source in JOB_SOURCES:
        rule = resolve_service(source.path("j1"))
        assert rule is not None and rule.service == source.service


def test_job_status_is_normalised():
    render = JOB_SOURCES[0]
    assert normalise_status(JobKind.RENDER, "pending") == JobStatus.QUEUED
    assert normalise_status(JobKind.RENDER, None) == JobStatus.RUNNING
    assert normalise_status(JobKind.SCAN, None) == JobStatus.SUCCEEDED
    view = job_view(render, "r1", {"status": "failed", "error": "overflow"})
    assert view["kind"] == "render" and view["status"] == "failed" and view["done"] is True
    assert view["href"] == "/v1/renders/r1" and view["result"]["error"] == "overflow"
