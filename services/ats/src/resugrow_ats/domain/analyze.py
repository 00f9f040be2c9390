"""The use-case-facing entry points of the domain: bytes or text in, report out."""

from __future__ import annotations

from datetime import date

from resugrow_ats.domain.document import Document
from resugrow_ats.domain.ingest import Limits, read_document
from resugrow_ats.domain.jd import analyze_job
from resugrow_ats.domain.parse import ParsedResume, parse_resume
from resugrow_ats.domain.read_text import text_to_document
from resugrow_ats.domain.score import Report, build_report


def scan_document(
    doc: Document, *, as_of: date, job_description: str | None = None
) -> tuple[ParsedResume, Report]:
    parsed = parse_resume(doc)
    job = analyze_job(job_description) if job_description and job_description.strip() else None
    return parsed, build_report(parsed, as_of=as_of, job=job)


def scan_bytes(
    data: bytes, *, as_of: date, job_description: str | None = None, limits: Limits | None = None
) -> tuple[ParsedResume, Report]:
    return scan_document(read_document(data, limits=limits), as_of=as_of, job_description=job_description)


def scan_text(text: str, *, as_of: date, job_description: str | None = None) -> tuple[ParsedResume, Report]:
    return scan_document(text_to_document(text, "text"), as_of=as_of, job_description=job_description)
