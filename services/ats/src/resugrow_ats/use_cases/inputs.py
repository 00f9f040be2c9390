"""Resolving what a scan or match reads: the job description and a stored resume version's text."""

from __future__ import annotations

from resugrow_ats.commands import ScanRequest
from resugrow_ats.use_cases.ports import AtsUnitOfWork, Scanner
from resugrow_domain import InvalidInput, NotFound


def checked_job(scanner: Scanner, job_description: str | None) -> str | None:
    if job_description is None or not job_description.strip():
        return None
    limit = scanner.max_job_description_chars
    if len(job_description) > limit:
        raise InvalidInput(f"job_description is longer than {limit} characters", field="job_description")
    return job_description


async def job_for(uow: AtsUnitOfWork, scanner: Scanner, cmd: ScanRequest, *, user_id: str) -> str | None:
    """The job description sent, else the one of the application named (which must have one)."""
    job = checked_job(scanner, cmd.job_description)
    if job is not None or not cmd.application_id:
        return job
    doc = await uow.applications.get(user_id, cmd.application_id)
    if doc is None or not doc.get("job_description"):
        raise NotFound(f"Application {cmd.application_id} has no job description known to the ATS service.")
    return str(doc["job_description"])


async def stored_text(uow: AtsUnitOfWork, *, user_id: str, resume_id: str, version: int) -> str:
    doc = await uow.resume_texts.get(user_id, resume_id, version)
    if doc is None:
        raise NotFound(f"Resume {resume_id} version {version} is not known to the ATS service (yet).")
    return str(doc["text"])
