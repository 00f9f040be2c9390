"""One review: ingest (done by the caller) -> audit -> targeting -> rewrites -> consistency."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from resugrow_domain.docguard import DocumentRefused, PdfLimits, check_pdf
from resugrow_linkedin.domain.audit import AuditResult, audit
from resugrow_linkedin.domain.consistency import Mismatch, ResumeProjection, compare
from resugrow_linkedin.domain.ingest.export_zip import is_zip, read_export
from resugrow_linkedin.domain.ingest.pdf_profile import parse_profile_pdf
from resugrow_linkedin.domain.models import IngestError, IngestResult, ManualAnswers, Profile
from resugrow_linkedin.domain.rewrites import Rewrites, suggest
from resugrow_linkedin.domain.targeting import TargetingResult, target


class ReviewOutcome(BaseModel):
    profile: Profile
    audit: AuditResult
    targeting: TargetingResult | None = None
    rewrites: Rewrites
    consistency: list[Mismatch] = []


# A LinkedIn profile PDF is a few pages of text: its streams inflate to well under 1 MB.
PDF_LIMITS = PdfLimits(max_inflated_bytes=24 * 1024 * 1024, max_operators=200_000)


def ingest_file(data: bytes) -> IngestResult:
    """Sniff by magic bytes, never by file name or declared type."""
    if is_zip(data):
        return read_export(data)
    if data.lstrip()[:5] == b"%PDF-":
        pdf = data.lstrip()
        try:
            check_pdf(pdf, PDF_LIMITS)
        except DocumentRefused as exc:
            raise IngestError("too_large" if exc.status == 413 else "not_a_pdf", exc.message) from exc
        try:
            return parse_profile_pdf(pdf)
        except IngestError:
            raise
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # a malformed PDF (e.g. a page-tree cycle) is the sender's error
            raise IngestError("not_a_pdf", "the PDF is damaged and could not be read; save it again") from exc
    raise IngestError("unsupported", "upload LinkedIn's export ZIP or the profile PDF ('Save to PDF')")


def apply_manual(profile: Profile, manual: ManualAnswers | None) -> Profile:
    if manual is None:
        return profile
    merged = profile.manual.model_dump() | {k: v for k, v in manual.model_dump().items() if v is not None}
    return profile.model_copy(update={"manual": ManualAnswers.model_validate(merged)})


def review(
    profile: Profile,
    *,
    as_of: date,
    job_description: str | None = None,
    resumes: list[ResumeProjection] | None = None,
) -> ReviewOutcome:
    result = audit(profile, as_of=as_of)
    targeting = target(profile, job_description) if job_description and job_description.strip() else None
    prefer = [k.term for k in targeting.keywords if k.kind == "skill"] if targeting else []
    mismatches = [m for r in resumes or [] for m in compare(profile, r)]
    return ReviewOutcome(
        profile=profile,
        audit=result,
        targeting=targeting,
        rewrites=suggest(profile, prefer_skills=prefer),
        consistency=mismatches,
    )
