"""The resume model: a strict superset of JSON Resume (https://jsonresume.org/schema, v1.0.0).

Why a superset and not our own shape: users arrive with JSON Resume files and leave with them,
so the stored document *is* a JSON Resume document. Fields we do not know (theme settings,
``x-`` extensions, other tools' additions) are kept verbatim, which makes import -> export
lossless. Our additions are few and optional: ``meta.locale`` (drives headings, dates and the
default paper size), ``meta.template`` (the theme cover letters inherit), and publication
``authors``/``doi`` (RenderCV carries them).

Validation is strict (no silent type coercion: a number is not a name) and every failure is
reported with its JSON path, so a client can point at the exact field. Size limits keep one
document from starving the renderer: they are generous for any real resume and tight enough
that a 10,000-bullet document is refused with the field named.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

# --- limits ---------------------------------------------------------------------------------

MAX_DOCUMENT_BYTES = 512 * 1024  # a dense 3-page resume is ~15 KB of JSON
MAX_ENTRIES_PER_SECTION = 100
MAX_BULLETS_PER_ENTRY = 50
MAX_BULLETS_TOTAL = 400
MAX_KEYWORDS = 100
MAX_PROFILES = 30
SHORT_TEXT = 300  # names, titles, places
LONG_TEXT = 5_000  # summaries, descriptions, a reference letter
BULLET_TEXT = 1_000
URL_TEXT = 2_048

# --- scalar types ---------------------------------------------------------------------------

# Tabs and newlines are fine in prose; every other C0/C1 control character breaks PDF text,
# DOCX XML (which cannot hold them at all) and parsers downstream.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LOCALE = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
PRESENT_WORDS = frozenset({"present", "current", "now"})


def _no_control(value: str) -> str:
    found = _CONTROL.search(value)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X}")
    return value


def _iso_date(value: str) -> str:
    """JSON Resume dates: YYYY, YYYY-MM or YYYY-MM-DD (the schema's iso8601 pattern), and real."""
    match = _DATE.match(value)
    if not match:
        raise ValueError("must be a date as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if not 1900 <= year <= 2100:
        raise ValueError("year must be between 1900 and 2100")
    if month is not None and not 1 <= month <= 12:
        raise ValueError("month must be 01-12")
    if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError("day does not exist in that month")
    return value


def _end_date(value: str) -> str:
    # An empty or "present" end date means ongoing; JSON Resume tools write both.
    if value == "" or value.strip().lower() in PRESENT_WORDS:
        return value
    return _iso_date(value)


def _url(value: str) -> str:
    if value == "":
        return value
    if any(ch.isspace() for ch in value):
        raise ValueError("must not contain whitespace")
    scheme = _URL_SCHEME.match(value)
    # Scheme-less "github.com/me" is common on resumes and harmless; javascript:/data: are not.
    if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES and "." not in scheme.group(1):
        raise ValueError(f"URL scheme {scheme.group(1)!r} is not allowed (use http or https)")
    return value


def _email(value: str) -> str:
    if value and not _EMAIL.match(value):
        raise ValueError("must be an email address like name@example.com")
    return value


def _locale(value: str) -> str:
    if not _LOCALE.match(value):
        raise ValueError("must be a BCP 47 language tag such as en, en-US or de-DE")
    return value


def _country(value: str) -> str:
    if value and not _COUNTRY.match(value):
        raise ValueError("must be an ISO 3166-1 alpha-2 country code such as US or DE")
    return value


Short = Annotated[str, Field(max_length=SHORT_TEXT), AfterValidator(_no_control)]
Long = Annotated[str, Field(max_length=LONG_TEXT), AfterValidator(_no_control)]
Bullet = Annotated[str, Field(max_length=BULLET_TEXT), AfterValidator(_no_control)]
Url = Annotated[str, Field(max_length=URL_TEXT), AfterValidator(_url)]
Email = Annotated[str, Field(max_length=SHORT_TEXT), AfterValidator(_email)]
Date = Annotated[str, AfterValidator(_iso_date)]
EndDate = Annotated[str, AfterValidator(_end_date)]
Bullets = Annotated[list[Bullet], Field(max_length=MAX_BULLETS_PER_ENTRY)]
Keywords = Annotated[list[Short], Field(max_length=MAX_KEYWORDS)]


class _Part(BaseModel):
    """Strict about the fields it knows, keeps the ones it does not (lossless round trip)."""

    model_config = ConfigDict(
        strict=True,
        extra="allow",
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
    )


# --- sections -------------------------------------------------------------------------------


class Location(_Part):
    address: Long | None = None
    postal_code: Short | None = None
    city: Short | None = None
    country_code: Annotated[str, AfterValidator(_country)] | None = None
    region: Short | None = None


class Profile(_Part):
    network: Short | None = None
    username: Short | None = None
    url: Url | None = None


class Basics(_Part):
    name: Short | None = None
    label: Short | None = None
    image: Url | None = None
    email: Email | None = None
    phone: Annotated[str, Field(max_length=50), AfterValidator(_no_control)] | None = None
    url: Url | None = None
    summary: Long | None = None
    location: Location | None = None
    profiles: Annotated[list[Profile], Field(max_length=MAX_PROFILES)] | None = None


class _Dated(_Part):
    start_date: Date | None = None
    end_date: EndDate | None = None


class Work(_Dated):
    name: Short | None = None
    location: Short | None = None
    description: Long | None = None
    position: Short | None = None
    url: Url | None = None
    summary: Long | None = None
    highlights: Bullets | None = None


class Volunteer(_Dated):
    organization: Short | None = None
    position: Short | None = None
    url: Url | None = None
    summary: Long | None = None
    highlights: Bullets | None = None


class Education(_Dated):
    institution: Short | None = None
    url: Url | None = None
    area: Short | None = None
    study_type: Short | None = None
    score: Short | None = None
    courses: Keywords | None = None


class Award(_Part):
    title: Short | None = None
    date: Date | None = None
    awarder: Short | None = None
    summary: Long | None = None


class Certificate(_Part):
    name: Short | None = None
    date: Date | None = None
    url: Url | None = None
    issuer: Short | None = None


class Publication(_Part):
    name: Short | None = None
    publisher: Short | None = None
    release_date: Date | None = None
    url: Url | None = None
    summary: Long | None = None
    # superset: RenderCV and academic CVs carry authors and a DOI
    authors: Keywords | None = None
    doi: Short | None = None


class Skill(_Part):
    name: Short | None = None
    level: Short | None = None
    keywords: Keywords | None = None


class Language(_Part):
    language: Short | None = None
    fluency: Short | None = None


class Interest(_Part):
    name: Short | None = None
    keywords: Keywords | None = None


class Reference(_Part):
    name: Short | None = None
    reference: Long | None = None


class Project(_Dated):
    name: Short | None = None
    description: Long | None = None
    highlights: Bullets | None = None
    keywords: Keywords | None = None
    url: Url | None = None
    roles: Keywords | None = None
    entity: Short | None = None
    type: Short | None = None


class Meta(_Part):
    canonical: Url | None = None
    version: Short | None = None
    last_modified: Short | None = None
    # superset
    locale: Annotated[str, Field(max_length=35), AfterValidator(_locale)] | None = None
    template: Short | None = None


_Entry = TypeVar("_Entry", bound=BaseModel)
Section = Annotated[list[_Entry], Field(max_length=MAX_ENTRIES_PER_SECTION)]


SECTIONS: tuple[str, ...] = (
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
)


class Resume(_Part):
    schema_: Url | None = Field(default=None, alias="$schema")
    basics: Basics | None = None
    work: Section[Work] | None = None
    volunteer: Section[Volunteer] | None = None
    education: Section[Education] | None = None
    awards: Section[Award] | None = None
    certificates: Section[Certificate] | None = None
    publications: Section[Publication] | None = None
    skills: Section[Skill] | None = None
    languages: Section[Language] | None = None
    interests: Section[Interest] | None = None
    references: Section[Reference] | None = None
    projects: Section[Project] | None = None
    meta: Meta | None = None

    @model_validator(mode="after")
    def _bullet_budget(self) -> Resume:
        total = sum(len(entry.highlights or ()) for entry in (*(self.work or ()), *(self.volunteer or ())))
        total += sum(len(p.highlights or ()) for p in self.projects or ())
        if total > MAX_BULLETS_TOTAL:
            raise ValueError(
                f"the resume has {total} highlights (bullets) in total; the limit is {MAX_BULLETS_TOTAL}"
            )
        return self

    @property
    def locale(self) -> str | None:
        return self.meta.locale if self.meta else None

    def to_json(self) -> dict[str, Any]:
        """The stored/exported document: only what was given, in JSON Resume's camelCase names."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


# --- validation with path-level errors ------------------------------------------------------


class ResumeInvalid(ValueError):
    """The document breaks the model; ``errors`` lists each bad path (``where``, a list of keys and indices) with a message."""

    def __init__(self, errors: list[dict[str, Any]], *, too_large: bool = False) -> None:
        self.errors = errors
        self.too_large = too_large
        first = errors[0] if errors else {"where": [], "msg": "invalid"}
        where = json_path(first["where"]) or "document"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{where}: {first['msg']}{more}")


def json_path(parts: Sequence[str | int]) -> str:
    """["work", 0, "startDate"] -> "work[0].startDate" (what a person reads in an error)."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_MAX_REPORTED_ERRORS = 50


def _errors_from(exc: ValidationError) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    for err in exc.errors(include_url=False, include_input=False):
        # pydantic's own error location, minus the validator names it inserts
        where = [part for part in err["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
        msg = err["msg"].removeprefix("Value error, ")
        errors.append({"where": where, "path": json_path(where), "msg": msg, "type": err["type"]})
        if len(errors) >= _MAX_REPORTED_ERRORS:
            break
    return errors


def validate_resume(data: Any) -> Resume:
    """Validate a parsed JSON document; raises ResumeInvalid naming every bad path."""
    if not isinstance(data, dict):
        raise ResumeInvalid(
            [{"where": [], "path": "", "msg": "a resume must be a JSON object", "type": "type"}]
        )
    try:
        size = len(json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode())
    except (ValueError, TypeError) as exc:
        # NaN/Infinity parse in Python but are not JSON: stored, they would break every later read.
        raise ResumeInvalid(
            [{"where": [], "path": "", "msg": f"not valid JSON: {exc}", "type": "json"}]
        ) from None
    if size > MAX_DOCUMENT_BYTES:
        raise ResumeInvalid(
            [
                {
                    "where": [],
                    "path": "",
                    "msg": f"the document is {size} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                    "type": "too_large",
                }
            ],
            too_large=True,
        )
    try:
        return Resume.model_validate(data)
    except ValidationError as exc:
        raise ResumeInvalid(_errors_from(exc)) from None


def normalize(data: Any) -> dict[str, Any]:
    """Validate and return the canonical stored form (exactly the given fields, JSON-safe)."""
    return validate_resume(data).to_json()
