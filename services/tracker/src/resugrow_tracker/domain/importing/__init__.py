"""Import applications from LinkedIn's data export, a Huntr-style board JSON, or any CSV.

Everything is validated before anything is stored: the parser returns every draft or raises
with every fault it found (row and column), so a failed import changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from resugrow_tracker.domain.errors import FieldError, InputTooLarge, InvalidInput, UnsupportedFormat
from resugrow_tracker.domain.importing.common import (
    FORMATS,
    LINKEDIN_COLUMNS,
    MAX_ERRORS_REPORTED,
    MAX_FIELD_CHARS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    TARGETS,
    ImportFormat,
    ImportOptions,
    ImportPlan,
    build_moves,
)
from resugrow_tracker.domain.importing.huntr import interview_type_from, parse_huntr
from resugrow_tracker.domain.importing.linkedin import parse_linkedin
from resugrow_tracker.domain.importing.mapped_csv import auto_mapping, parse_mapped_csv, validate_mapping
from resugrow_tracker.domain.importing.reading import decode, detect_format, read_csv, sniff

__all__ = [
    "FORMATS", "LINKEDIN_COLUMNS", "MAX_ERRORS_REPORTED", "MAX_FIELD_CHARS", "MAX_IMPORT_BYTES", "MAX_IMPORT_ROWS",
    "TARGETS", "ImportFormat", "ImportOptions", "ImportPlan", "UnsupportedFormat", "auto_mapping", "build_moves",
    "decode", "detect_format", "interview_type_from", "parse_huntr", "parse_import", "parse_linkedin",
    "parse_mapped_csv", "read_csv", "sniff", "validate_mapping",
]  # fmt: skip


def parse_import(
    content: bytes,
    *,
    now: datetime,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    options: ImportOptions | None = None,
) -> ImportPlan:
    if len(content) > MAX_IMPORT_BYTES:
        raise InputTooLarge(
            f"The file is {len(content)} bytes; the limit is {MAX_IMPORT_BYTES}.",
            errors=[FieldError("file too large")],
        )
    if not content.strip():
        raise InvalidInput("The file is empty.", errors=[FieldError("empty file", row=1)])
    detected = detect_format(content)
    chosen = fmt or detected
    if chosen not in FORMATS:
        raise InvalidInput(
            f"Unknown import format {chosen!r}.",
            errors=[FieldError("use linkedin, huntr or csv", column="format")],
        )
    if (chosen == "huntr") != (detected == "huntr"):
        expected = "JSON" if chosen == "huntr" else "CSV"
        raise InvalidInput(
            f"The format is {chosen!r} but the file is not {expected}.",
            errors=[FieldError("format does not match the file", column="format")],
        )
    text = decode(content)
    if chosen == "linkedin":
        return parse_linkedin(text, now=now, options=options)
    if chosen == "huntr":
        return parse_huntr(text, now=now, options=options)
    return parse_mapped_csv(text, now=now, mapping=mapping, options=options)
