"""Domain failures of the resume model and the render engine, as the shared domain errors.

The one place that turns a ``ResumeInvalid``, ``ImportFailed`` or ``RenderError`` into a
``resugrow_domain`` error naming the field of the command that was wrong.
"""

from __future__ import annotations

from typing import Any

from resugrow_domain import FieldError, InvalidInput, TooLarge, Unavailable
from resugrow_domain.errors import DomainError
from resugrow_resume.domain.importers import ImportFailed
from resugrow_resume.domain.model import ResumeInvalid
from resugrow_resume.domain.render import RenderError, RenderTimeout

RENDER_RETRY_AFTER_S = 5.0


def _dotted(prefix: str, parts: list[Any]) -> str:
    return ".".join([p for p in (prefix,) if p] + [str(p) for p in parts])


def invalid_document(exc: ResumeInvalid, field: str) -> InvalidInput:
    """``field`` is where the document sits in the command ("resume", "patch", "" for the whole)."""
    errors = [
        FieldError(msg=str(err.get("msg", "invalid")), field=_dotted(field, list(err.get("where") or [])) or None,
                   type=str(err.get("type") or "invalid"))
        for err in exc.errors
    ]  # fmt: skip
    if exc.too_large:
        return TooLarge(str(exc), errors=errors)
    return InvalidInput(f"The document is invalid: {exc}", errors=errors)


def unreadable_import(exc: ImportFailed) -> InvalidInput:
    if exc.too_large:
        return TooLarge(exc.message)
    errors = [
        FieldError(msg=str(e["msg"]), field=_dotted("", list(e.get("where") or [])) or None, type="import")
        for e in exc.errors
    ]
    return InvalidInput(exc.message, errors=errors, code="unreadable_import")


def _render_field(code: str, info: dict[str, Any]) -> str | None:
    if code == "missing_glyph":
        return _dotted("resume", str(info.get("path") or "").split(".")) if info.get("path") else "resume"
    return {
        "unknown_template": "template",
        "unsupported_format": "format",
        "invalid_render_options": str(info.get("field") or "") or None,
        "cannot_fit": "fit_pages",
    }.get(code)


def render_failed(exc: RenderError) -> DomainError:
    """A render the engine refused: the input's fault (InvalidInput) or too slow now (Unavailable)."""
    info = exc.to_dict()
    detail = str(info.pop("detail", str(exc)))
    code = str(info.pop("code", "render_error"))
    if isinstance(exc, RenderTimeout):
        return Unavailable(detail, retry_after_s=RENDER_RETRY_AFTER_S, code=code, **info)
    field = _render_field(code, info)
    info.pop("field", None)  # carried by the error entry
    errors = [FieldError(msg=detail, field=field, type=code)]
    return InvalidInput(detail, field=field, errors=errors, code=code, **info)
