"""Rendered files and render jobs as HTTP answers (headers, 202 + Location, failure statuses)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from resugrow_resume.domain.render import MEDIA_TYPES
from resugrow_resume.use_cases.render_core import RenderedFile

# How a failed job's category reads over HTTP: the status a direct render would have answered.
FAILURE_STATUS = {"invalid_input": 422, "not_found": 404, "unavailable": 503, "conflict": 409}
FILE_CONTENT: dict[str, Any] = {media: {} for media in dict.fromkeys(MEDIA_TYPES.values())}
RENDER_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The rendered file (one format).", "content": FILE_CONTENT},
    422: {"description": "Unknown template, unsupported format, missing glyph, or cannot fit."},
}
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The rendered file.", "content": FILE_CONTENT},
}


def _headers(rendered: RenderedFile) -> dict[str, str]:
    artifact = rendered.artifact
    verification = artifact.get("verification")
    headers = {
        "Content-Disposition": f'attachment; filename="{rendered.filename}"',
        "ETag": f'"{artifact["sha256"]}"',
        "X-Artifact-Id": artifact["artifact_id"],
        "X-Render-Overflow": "true" if artifact["overflow"] else "false",
        "X-Render-Cache": "hit" if artifact.get("reused") else "miss",
        "X-Render-Verification": "none"
        if not verification
        else ("passed" if verification["passed"] else "failed"),
    }
    if artifact.get("pages") is not None:
        headers["X-Render-Pages"] = str(artifact["pages"])
    if artifact.get("fit_report"):
        report = json.dumps(artifact["fit_report"], separators=(",", ":"))
        if len(report) < 4000:
            headers["X-Render-Fit-Report"] = report
    return headers


def file_response(rendered: RenderedFile) -> Response:
    return Response(rendered.content, media_type=rendered.media_type, headers=_headers(rendered))


def job_answer(job: dict[str, Any]) -> dict[str, Any]:
    """A job view with its failure's HTTP reading added."""
    error = job.get("error")
    if error:
        job = {**job, "error": {**error, "status": FAILURE_STATUS.get(str(error.get("category")), 422)}}
    return job


def accepted(job: dict[str, Any]) -> JSONResponse:
    body = jsonable_encoder(job_answer(job))
    return JSONResponse(body, status_code=202, headers={"Location": job["links"]["self"]})
