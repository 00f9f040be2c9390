"""Matching a resume against a job description, and parsing a resume file to JSON Resume."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any

from resugrow_ats.commands import ScanRequest, Upload
from resugrow_ats.domain.analyze import scan_bytes, scan_text
from resugrow_ats.domain.ingest import IngestError, Limits, read_document
from resugrow_ats.domain.parse import parse_resume
from resugrow_ats.domain.score import Report
from resugrow_ats.domain.weights import ALGO_VERSION
from resugrow_ats.use_cases.inputs import job_for, stored_text
from resugrow_ats.use_cases.ports import AtsUnitOfWork, Scanner
from resugrow_domain import InvalidInput

Doc = dict[str, Any]
Scan = Callable[[], tuple[Any, Report]]


async def _matcher(
    uow: AtsUnitOfWork,
    cmd: ScanRequest,
    *,
    user_id: str,
    upload: Upload | None,
    scanner: Scanner,
    job: str,
    as_of: date,
) -> Scan:
    """The scan to run: of the upload, else of the text sent, else of a stored resume version.

    Partials of module-level functions, not lambdas: the job is pickled to a sandbox worker."""
    if upload is not None:
        return partial(scan_bytes, upload.data, as_of=as_of, job_description=job, limits=scanner.limits)
    if cmd.text and cmd.text.strip():
        return partial(scan_text, cmd.text, as_of=as_of, job_description=job)
    if cmd.resume_id and cmd.version is not None:
        stored = await stored_text(uow, user_id=user_id, resume_id=cmd.resume_id, version=cmd.version)
        return partial(scan_text, stored, as_of=as_of, job_description=job)
    raise InvalidInput("Send a file, a text, or a resume_id and version.", field="text")


async def match_resume(
    uow: AtsUnitOfWork,
    cmd: ScanRequest,
    *,
    user_id: str,
    now: datetime,
    upload: Upload | None,
    scanner: Scanner,
) -> Doc:
    """Score a resume against a job description (sent, or the application's); nothing is stored."""
    job = await job_for(uow, scanner, cmd, user_id=user_id)
    if job is None:
        raise InvalidInput(
            "A job_description (or an application_id with one) is required.", field="job_description"
        )
    as_of = cmd.as_of or now.date()
    run = await _matcher(uow, cmd, user_id=user_id, upload=upload, scanner=scanner, job=job, as_of=as_of)
    _, report = await scanner.run(run)
    body = report.to_dict()
    return {
        "algo_version": ALGO_VERSION,
        "score": body["match"]["score"],
        "match": body["match"],
        "findings": [f for f in body["findings"] if f["section"] == "match"],
        "quality_score": body["quality"]["score"],
    }


async def parse_resume_file(upload: Upload, *, scanner: Scanner) -> Doc:
    """A resume file read into JSON Resume, with what was noticed about its layout."""
    return await scanner.run(partial(_parse_file, upload.data, scanner.limits))


def _parse_file(data: bytes, limits: Limits) -> Doc:
    """Runs in the parse sandbox (a worker process): module-level so it can be sent there."""
    doc = read_document(data, limits=limits)
    if not doc.text.strip():
        raise IngestError("image_only", "The file holds only images (a scan); no text can be read.")
    return {
        "algo_version": ALGO_VERSION,
        "json_resume": parse_resume(doc).to_json_resume(),
        "document": {"kind": doc.kind, "pages": doc.layout.pages, "characters": len(doc.text)},
        "layout": {
            "multi_column_pages": doc.layout.multi_column_pages,
            "tables": doc.layout.tables,
            "text_boxes": doc.layout.text_boxes,
            "images": doc.layout.images,
        },
    }
