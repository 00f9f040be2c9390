"""Import a resume from a file (JSON Resume, RenderCV YAML, a resugrow export) and export one.

``parse_upload`` is the one place uploaded bytes are parsed: in the platform's parse sandbox (a
worker process under a time and memory budget), so a hostile file never stalls the event loop.
The API parses before it opens the transaction, so a slow parse holds no transaction open.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from resugrow_domain import InvalidInput, Unsupported
from resugrow_platform.sandbox import run_bounded
from resugrow_resume.commands import ImportFile, ResumeInput
from resugrow_resume.domain.documents import download_name
from resugrow_resume.domain.importers import (
    EXPORT_FORMATS,
    ImportFailed,
    ImportResult,
    export_document,
    import_document,
)
from resugrow_resume.domain.model import ResumeInvalid
from resugrow_resume.use_cases.errors import invalid_document, unreadable_import
from resugrow_resume.use_cases.ports import Doc, ResumeUoW
from resugrow_resume.use_cases.resumes import create_resume, get_resume

IMPORT_MEDIA = ("application/json", "text/json", "application/yaml", "application/x-yaml", "text/yaml",
                "text/x-yaml", "text/plain", "application/octet-stream", "")  # fmt: skip


IMPORT_PARSE_TIMEOUT_S = 8.0  # under the gateway's 10 s, so the caller gets this service's 422


async def parse_upload(file: ImportFile) -> ImportResult:
    """The upload as a validated document, or the domain error saying why it is not one."""
    media = (file.content_type or "").split(";")[0].strip().lower()
    if media not in IMPORT_MEDIA:
        raise Unsupported(
            f"Import accepts JSON Resume (application/json) or RenderCV YAML (application/yaml), not {media}."
        )
    try:
        return await run_bounded(
            "resume-import",
            import_document,
            file.raw,
            file.content_type,
            file.declared,
            timeout=IMPORT_PARSE_TIMEOUT_S,
        )
    except ImportFailed as exc:
        raise unreadable_import(exc) from None
    except ResumeInvalid as exc:
        raise invalid_document(exc, "") from None


async def import_resume(
    uow: ResumeUoW, file: ImportFile, *, user_id: str, now: datetime, parsed: ImportResult | None = None
) -> Doc:
    """A new master resume from the upload (`parsed` if the caller parsed it already); the answer
    says which format it was read as."""
    result = parsed or await parse_upload(file)
    cmd = ResumeInput.model_construct(title=file.title or result.title, resume=result.resume)
    view = await create_resume(uow, cmd, user_id=user_id, now=now, field="")
    view["import"] = {"format": result.format, "warnings": result.warnings}
    return view


async def export_resume(
    uow: ResumeUoW, resume_id: str, *, user_id: str, fmt: str, version: int | None = None
) -> tuple[dict[str, Any], str]:
    """The document in an interchange format, and the file name to download it as."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            f"unknown export format {fmt!r} (use one of: {', '.join(EXPORT_FORMATS)})", field="format"
        )
    view = await get_resume(uow, resume_id, user_id=user_id, version=version)
    body = export_document(view["resume"], fmt, title=view["title"])
    return body, download_name(view["title"], fmt, "json")
