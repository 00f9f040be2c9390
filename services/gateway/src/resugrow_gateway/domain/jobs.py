"""`GET /v1/jobs/{id}`: one view of asynchronous work, whichever service owns it.

A job id is a render id (resume service, `GET /v1/renders/{id}`) or a scan id (ATS service,
`GET /v1/ats/scans/{id}`). Both owners are asked at once with the caller's own token; the one
that knows the id answers, and its status is normalised to queued/running/succeeded/failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class JobKind(StrEnum):
    RENDER = "render"
    SCAN = "scan"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class JobSource:
    kind: JobKind
    service: str
    path_template: str

    def path(self, job_id: str) -> str:
        return self.path_template.format(id=job_id)


JOB_SOURCES: tuple[JobSource, ...] = (
    JobSource(JobKind.RENDER, "resume", "/v1/renders/{id}"),
    JobSource(JobKind.SCAN, "ats", "/v1/ats/scans/{id}"),
)

_STATUS_WORDS = {
    JobStatus.QUEUED: {"queued", "pending", "requested", "accepted", "waiting"},
    JobStatus.RUNNING: {"running", "processing", "in_progress", "started", "rendering", "scanning"},
    JobStatus.SUCCEEDED: {
        "succeeded",
        "success",
        "completed",
        "complete",
        "done",
        "ok",
        "rendered",
        "scored",
    },
    JobStatus.FAILED: {"failed", "failure", "error", "errored", "cancelled", "canceled", "timed_out"},
}


def normalise_status(kind: JobKind, raw: object) -> JobStatus:
    word = str(raw).strip().lower() if raw is not None else ""
    for status, words in _STATUS_WORDS.items():
        if word in words:
            return status
    # A scan is stored only once it is scored; a render without a known status is still at work.
    return JobStatus.SUCCEEDED if kind == JobKind.SCAN else JobStatus.RUNNING


def job_view(source: JobSource, job_id: str, body: dict[str, Any]) -> dict[str, Any]:
    status = normalise_status(source.kind, body.get("status"))
    return {
        "id": job_id,
        "kind": source.kind.value,
        "status": status.value,
        "done": status in (JobStatus.SUCCEEDED, JobStatus.FAILED),
        "href": source.path(job_id),
        "result": body,
    }
