"""Import and export: JSON Resume, RenderCV YAML, and our own JSON.

* JSON Resume is our stored shape, so import is validation and export is the stored document:
  a lossless round trip, unknown fields included.
* RenderCV (https://docs.rendercv.com) YAML: ``cv: {name, location, email, phone, website,
  social_networks, sections: {any title: [entries]}}``. RenderCV infers each entry's type from
  its keys (experience, education, publication, one-line, bullet, numbered, normal, text); we do
  the same and place it in the JSON Resume section the title and type point to. What has no home
  in JSON Resume is reported as a warning: nothing is dropped silently.
* Our own JSON wraps the document with its title: ``{"format": "resugrow/1", "title", "resume"}``.
"""

from __future__ import annotations

import json
from typing import Any

from resugrow_domain.safeparse import loads as policy_loads
from resugrow_resume.domain.import_types import ImportFailed, ImportResult, decode_text
from resugrow_resume.domain.model import MAX_DOCUMENT_BYTES, normalize
from resugrow_resume.domain.rendercv import rendercv_to_jsonresume
from resugrow_resume.domain.rendercv_yaml import parse_yaml

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "ImportFailed",
    "ImportResult",
    "detect_format",
    "export_document",
    "import_document",
]

JSONRESUME = "jsonresume"
RENDERCV = "rendercv"
RESUGROW = "resugrow"
IMPORT_FORMATS = (JSONRESUME, RENDERCV, RESUGROW)
EXPORT_FORMATS = (JSONRESUME, RESUGROW)
RESUGROW_FORMAT_TAG = "resugrow/1"
MAX_IMPORT_BYTES = 2 * MAX_DOCUMENT_BYTES  # YAML and pretty JSON are wordier than what we store

_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
_JSON_TYPES = ("application/json", "text/json")


# --- format detection -----------------------------------------------------------------------


def detect_format(raw: bytes, content_type: str | None = None, declared: str | None = None) -> str:
    """The explicit ``format`` wins; then the media type; then a look at the first character."""
    if declared:
        name = declared.strip().lower().replace("_", "").replace("-", "")
        aliases = {"jsonresume": JSONRESUME, "json": JSONRESUME, "rendercv": RENDERCV, "yaml": RENDERCV}
        aliases |= {"resugrow": RESUGROW}
        if name not in aliases:
            raise ImportFailed(
                f"unknown import format {declared!r} (use one of: {', '.join(IMPORT_FORMATS)})",
                where=["format"],
            )
        return aliases[name]
    media = (content_type or "").split(";")[0].strip().lower()
    if media in _YAML_TYPES:
        return RENDERCV
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if media in _JSON_TYPES or head in (b"{", b"["):
        return JSONRESUME  # the resugrow wrapper is recognised from its "format" tag on parse
    if head:
        return RENDERCV
    raise ImportFailed("the upload is empty")


def import_document(raw: bytes, content_type: str | None = None, declared: str | None = None) -> ImportResult:
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFailed(f"the upload is {len(raw)} bytes; the limit is {MAX_IMPORT_BYTES}", too_large=True)
    fmt = detect_format(raw, content_type, declared)
    if fmt == RENDERCV:
        return import_rendercv(raw)
    data = parse_json(raw)
    if isinstance(data, dict) and data.get("format") == RESUGROW_FORMAT_TAG:
        return import_resugrow(data)
    if fmt == RESUGROW:
        raise ImportFailed(f'a resugrow export needs "format": "{RESUGROW_FORMAT_TAG}"', where=["format"])
    return ImportResult(resume=normalize(data), format=JSONRESUME)


def parse_json(raw: bytes) -> Any:
    try:
        return policy_loads(decode_text(raw))
    except json.JSONDecodeError as exc:  # JsonPolicyError too: depth, NaN, surrogates, huge ints
        raise ImportFailed(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def import_resugrow(data: dict[str, Any]) -> ImportResult:
    resume = data.get("resume")
    if not isinstance(resume, dict):
        raise ImportFailed('a resugrow export needs a "resume" object', where=["resume"])
    title = data.get("title")
    if title is not None and not isinstance(title, str):
        raise ImportFailed('"title" must be a string', where=["title"])
    try:
        return ImportResult(resume=normalize(resume), format=RESUGROW, title=title)
    except ValueError as exc:
        _prefix_locs(exc, "resume")
        raise


def _prefix_locs(exc: Exception, prefix: str) -> None:
    for err in getattr(exc, "errors", None) or []:
        err["where"] = [prefix, *err["where"]]
        if "path" in err:
            err["path"] = f"{prefix}.{err['path']}" if err["path"] else prefix


def export_document(resume: dict[str, Any], fmt: str, *, title: str | None = None) -> dict[str, Any]:
    if fmt == JSONRESUME:
        return resume
    if fmt == RESUGROW:
        return {"format": RESUGROW_FORMAT_TAG, "title": title, "resume": resume}
    raise ImportFailed(
        f"unknown export format {fmt!r} (use one of: {', '.join(EXPORT_FORMATS)})", where=["format"]
    )


# --- RenderCV YAML (converted in domain/rendercv.py) ----------------------------------------


def import_rendercv(raw: bytes) -> ImportResult:
    resume, warnings = rendercv_to_jsonresume(parse_yaml(raw))
    try:
        normalized = normalize(resume)
    except ValueError as exc:
        # Paths refer to the converted document; say so rather than pretend they are YAML lines.
        for err in getattr(exc, "errors", None) or []:
            err["msg"] = f"{err['msg']} (after conversion from RenderCV)"
        raise
    title = (resume.get("basics") or {}).get("name")
    return ImportResult(resume=normalized, format=RENDERCV, title=title, warnings=warnings)
