"""Reading a profile from what the user sent: an export ZIP, a profile PDF or a JSON profile."""

from __future__ import annotations

from typing import Any

from resugrow_domain import DomainError, InvalidInput, TooLarge, Unsupported
from resugrow_linkedin.commands import Upload
from resugrow_linkedin.domain.consistency import ResumePosition, ResumeProjection
from resugrow_linkedin.domain.jsonresume import profile_from_json
from resugrow_linkedin.domain.models import IngestError, IngestReport, Profile
from resugrow_linkedin.domain.review import ingest_file

_ERRORS: dict[str, type[InvalidInput]] = {"unsupported": Unsupported, "too_large": TooLarge}


def ingest_error(exc: IngestError) -> DomainError:
    """The domain error for input the reader refused; `code` keeps the reader's reason."""
    return _ERRORS.get(exc.kind, InvalidInput)(exc.message, code=exc.kind)


def read_profile(
    upload: Upload | None, profile_json: dict[str, Any] | None, *, max_bytes: int
) -> tuple[Profile, IngestReport]:
    try:
        if upload is not None:
            if len(upload.data) > max_bytes:
                raise IngestError(
                    "too_large", f"the upload is {len(upload.data)} bytes; the limit is {max_bytes}"
                )
            if not upload.data:
                raise IngestError("invalid", "the uploaded file is empty")
            result = ingest_file(upload.data)
            return result.profile, result.report
        if profile_json is not None:
            return profile_from_json(profile_json), IngestReport(kind="json")
    except IngestError as exc:
        raise ingest_error(exc) from exc
    raise InvalidInput("send a file (export ZIP or profile PDF) or a JSON profile", field="profile")


def projection(doc: dict[str, Any]) -> ResumeProjection:
    return ResumeProjection(
        resume_id=doc["_id"],
        title=doc.get("title"),
        name=doc.get("name"),
        headline=doc.get("headline"),
        positions=[ResumePosition.model_validate(p) for p in doc.get("positions", [])],
        skills=doc.get("skills", []),
    )
