"""Import applications from LinkedIn's data export, a Huntr-style board JSON, or any CSV.

Everything is validated before anything is stored: the parser returns every draft or raises
with every fault it found (row and column), so a failed import changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from resugrow_platform.safeparse import loads as policy_loads
from resugrow_tracker.domain.applications import (
    ApplicationDraft,
    ContactDraft,
    InterviewDraft,
    NoteDraft,
    TaskDraft,
    normalise_priority,
    normalise_remote,
)
from resugrow_tracker.domain.dates import DateParseError, column_order, parse_datetime
from resugrow_tracker.domain.errors import FieldError, InputTooLarge, InvalidInput
from resugrow_tracker.domain.history import Move, MoveSource
from resugrow_tracker.domain.salary import Salary, parse_salary_cell
from resugrow_tracker.domain.sources import normalise_source
from resugrow_tracker.domain.stages import FUNNEL_RANK, Stage, parse_stage

ImportFormat = Literal["linkedin", "huntr", "csv"]
FORMATS: tuple[str, ...] = ("linkedin", "huntr", "csv")

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
MAX_FIELD_CHARS = 200_000
MAX_ERRORS_REPORTED = 50

LINKEDIN_COLUMNS = (
    "Application Date", "Contact Email", "Contact Phone Number", "Company Name", "Job Title", "Job Url",
    "Resume Name", "Question And Answers",
)  # fmt: skip

# Targets a generic CSV mapping can name; "stage_date.<stage>" and "custom.<name>" are open-ended.
TARGETS: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organization", "organisation", "firm"),
    "role": ("role", "job title", "title", "position", "job", "position title", "job role"),
    "location": ("location", "city", "place", "office location"),
    "remote": (
        "remote",
        "remote?",
        "work type",
        "workplace",
        "workplace type",
        "work mode",
        "on site remote",
    ),
    "salary": ("salary", "compensation", "pay", "salary range", "comp", "base salary"),
    "salary_min": ("salary min", "min salary", "salary from"),
    "salary_max": ("salary max", "max salary", "salary to"),
    "salary_currency": ("currency", "salary currency"),
    "source": (
        "source",
        "found via",
        "found on",
        "via",
        "platform",
        "job board",
        "channel",
        "where found",
        "where i found it",
        "found",
        "origin",
        "lead source",
    ),
    "job_url": (
        "url",
        "job url",
        "link",
        "job link",
        "posting",
        "posting url",
        "job posting",
        "job posting url",
    ),
    "job_description": ("description", "job description", "jd"),
    "stage": ("stage", "status", "state", "column", "list", "current status", "current stage"),
    "stage_date": ("status date", "stage date", "last update", "last updated", "updated", "date updated"),
    "applied_at": ("applied", "date applied", "applied on", "application date", "applied date", "date"),
    "saved_at": ("saved", "date saved", "saved on", "added", "date added", "created"),
    "deadline": ("deadline", "apply by", "closing date", "due"),
    "priority": ("priority", "excitement", "interest", "rating"),
    "notes": ("notes", "note", "comments", "comment"),
    "contact_name": ("contact", "contact name", "recruiter", "recruiter name", "hiring manager"),
    "contact_email": ("contact email", "email", "recruiter email"),
    "contact_phone": ("contact phone", "phone", "contact phone number"),
    "resume_version": ("resume", "resume version", "cv", "resume name", "resume used", "cv version"),
    "cover_letter": ("cover letter",),
    "external_id": ("id", "external id", "job id"),
}
_DATE_TARGETS = ("stage_date", "applied_at", "saved_at", "deadline")


@dataclass
class ImportOptions:
    date_order: Literal["MDY", "DMY"] | None = None  # None: decided per column
    default_stage: Stage = Stage.APPLIED
    default_source: str | None = None


@dataclass
class ImportPlan:
    format: str
    drafts: list[ApplicationDraft]
    duplicates_in_file: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    rows: int = 0


class UnsupportedFormat(InvalidInput):
    """The upload is not a CSV or JSON document at all (e.g. an Excel workbook)."""


def _fail(detail: str, errors: list[FieldError]) -> InvalidInput:
    return InvalidInput(detail, errors[:MAX_ERRORS_REPORTED])


# ---------------------------------------------------------------------------------------- reading


def sniff(content: bytes) -> None:
    """Refuse binary uploads by their magic bytes before trying to read them as text."""
    head = content[:8]
    if head.startswith(b"PK\x03\x04"):
        raise UnsupportedFormat("This is a ZIP or Excel workbook; export the sheet as CSV first.")
    if head.startswith(b"%PDF"):
        raise UnsupportedFormat("This is a PDF; upload a CSV or JSON export.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat("This is an old Excel (.xls) file; export the sheet as CSV first.")
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat("The upload is binary, not CSV or JSON text.")


def decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved on Windows: cp1252 covers curly quotes and the euro sign.
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            return content.decode("latin-1")


def detect_format(content: bytes) -> ImportFormat:
    sniff(content)
    text = decode(content[:8192]).lstrip()
    if text.startswith(("{", "[")):
        return "huntr"
    first = text.splitlines()[0] if text else ""
    if "Company Name" in first and "Application Date" in first and "Job Title" in first:
        return "linkedin"
    return "csv"


def read_csv(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (spreadsheet row number, cells) per non-blank record; the header is row 1."""
    if not text.strip():
        raise InvalidInput("The file is empty.", [FieldError("empty file", row=1)])
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    records: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            if number > MAX_IMPORT_ROWS + 1:
                raise InputTooLarge(
                    f"At most {MAX_IMPORT_ROWS} rows can be imported at once.",
                    [FieldError("too many rows", row=number)],
                )
            if not any(c.strip() for c in cells):
                continue
            records.append((number, cells))
    except csv.Error as exc:
        raise InvalidInput(
            f"The CSV is malformed near row {number + 1}: {exc}.",
            [FieldError(f"malformed CSV: {exc}", row=number + 1)],
        ) from exc
    if not records:
        raise InvalidInput("The file is empty.", [FieldError("empty file", row=1)])
    header_row, header = records[0]
    header = [h.strip().lstrip("\ufeff") for h in header]
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if not name:
            header[i] = name = f"column {i + 1}"
        if name in seen:
            seen[name] += 1
            header[i] = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
    rows: list[tuple[int, list[str]]] = []
    errors: list[FieldError] = []
    for number, cells in records[1:]:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            errors.append(
                FieldError(
                    f"row has {len(cells)} cells but the header has {len(header)} columns",
                    row=number,
                    column=f"column {len(header) + 1}",
                )
            )
            continue
        rows.append((number, (cells + [""] * len(header))[: len(header)]))
    if errors:
        raise _fail("Some rows do not fit the header.", errors)
    if not rows:
        raise InvalidInput(
            "The file has a header but no rows.", [FieldError("no data rows", row=header_row + 1)]
        )
    return header, rows


# ---------------------------------------------------------------------------------------- helpers


class _RowErrors:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def date(self, value: Any, order: Literal["MDY", "DMY"] | None, row: int, column: str) -> datetime | None:
        try:
            return parse_datetime(value, order=order)
        except DateParseError:
            self.errors.append(FieldError("not a date", row=row, column=column, value=str(value)))
            return None

    def stage(self, value: str | None, row: int, column: str) -> Stage | None:
        if value is None or not str(value).strip():
            return None
        stage = parse_stage(str(value))
        if stage is None:
            self.errors.append(
                FieldError(
                    "unknown stage; use one of " + ", ".join(s.value for s in Stage),
                    row=row,
                    column=column,
                    value=str(value),
                )
            )
        return stage

    def call(self, fn: Callable[[Any], Any], value: Any, row: int, column: str) -> Any:
        try:
            return fn(value)
        except ValueError as exc:
            self.errors.append(FieldError(str(exc), row=row, column=column, value=str(value)))
            return None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def build_moves(
    evidence: Iterable[tuple[Stage, datetime]],
    *,
    current: Stage | None,
    current_at: datetime | None,
    fallback_at: datetime,
) -> list[Move]:
    """History from dated stage evidence plus the current stage, in time order.

    Same-day evidence keeps funnel order (applied before screening); the current stage is
    appended when the dated evidence does not already end in it.
    """
    items = sorted(evidence, key=lambda e: (e[1], FUNNEL_RANK[e[0]] if FUNNEL_RANK[e[0]] is not None else 9))
    if current is not None and (not items or items[-1][0] is not current):
        at = current_at or (items[-1][1] if items else fallback_at)
        if items and at < items[-1][1]:
            at = items[-1][1]
        items.append((current, at))
    moves: list[Move] = []
    for stage, at in items:
        if moves and moves[-1].to is stage:
            continue
        moves.append(
            Move(
                to=stage,
                at=at,
                source=MoveSource.IMPORT,
                from_stage=moves[-1].to if moves else None,
                seq=len(moves),
            )
        )
    return moves


def _dedupe(drafts: list[ApplicationDraft]) -> tuple[list[ApplicationDraft], int]:
    seen: set[str] = set()
    out: list[ApplicationDraft] = []
    for d in drafts:
        k = d.key()
        if k in seen:
            continue
        seen.add(k)
        out.append(d)
    return out, len(drafts) - len(out)


# ---------------------------------------------------------------------------------------- LinkedIn


def parse_linkedin(text: str, *, now: datetime, options: ImportOptions | None = None) -> ImportPlan:
    """LinkedIn data export: Jobs/Job Applications.csv (one row per Easy Apply / tracked application)."""
    opts = options or ImportOptions()
    header, rows = read_csv(text)
    required = ("Company Name", "Job Title", "Application Date")
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidInput(
            "This does not look like LinkedIn's Job Applications.csv.",
            [FieldError("required column is missing", row=1, column=c) for c in missing],
        )
    idx = {name: header.index(name) for name in header}

    def cell(cells: list[str], name: str) -> str | None:
        return _clean(cells[idx[name]]) if name in idx else None

    order = opts.date_order or column_order((cell(c, "Application Date") for _, c in rows), "MDY")
    errs = _RowErrors()
    drafts: list[ApplicationDraft] = []
    for number, cells in rows:
        company, role = cell(cells, "Company Name"), cell(cells, "Job Title")
        if not company:
            errs.errors.append(FieldError("company is empty", row=number, column="Company Name"))
        if not role:
            errs.errors.append(FieldError("job title is empty", row=number, column="Job Title"))
        applied = errs.date(cell(cells, "Application Date"), order, number, "Application Date")
        if not company or not role:
            continue
        url = cell(cells, "Job Url")
        contacts = []
        email, phone = cell(cells, "Contact Email"), cell(cells, "Contact Phone Number")
        if email or phone:
            contacts.append(ContactDraft(email=email, phone=phone))
        notes = []
        qa = cell(cells, "Question And Answers")
        if qa:
            notes.append(NoteDraft(text="Application questions and answers:\n" + qa, at=applied))
        drafts.append(
            ApplicationDraft(
                company=company,
                role=role,
                job_url=url,
                source="linkedin",
                resume_label=cell(cells, "Resume Name"),
                moves=build_moves([], current=Stage.APPLIED, current_at=applied, fallback_at=now),
                contacts=contacts,
                notes=notes,
                row=number,
            )
        )
    if errs.errors:
        raise _fail("The LinkedIn export has rows that cannot be imported.", errs.errors)
    unique, dupes = _dedupe(drafts)
    return ImportPlan("linkedin", unique, dupes, rows=len(rows))


# ---------------------------------------------------------------------------------------- any CSV


def _norm_header(name: str) -> str:
    return re.sub(r"[^a-z0-9?]+", " ", name.lower()).strip()


def auto_mapping(header: list[str]) -> dict[str, str]:
    """Guess target -> column from header names; the first matching column wins for each target."""
    by_norm = {_norm_header(h): h for h in reversed(header)}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for target, names in TARGETS.items():
        for name in names:
            col = by_norm.get(_norm_header(name))
            if col and col not in used:
                mapping[target] = col
                used.add(col)
                break
    for h in header:
        norm = _norm_header(h)
        for pattern, stage in ((r"(.+?) (date|on|at)$", None), (r"^date (.+)$", None)):
            m = re.match(pattern, norm)
            if m and h not in used and stage is None:
                st = parse_stage(m.group(1))
                if (
                    st is not None
                    and f"stage_date.{st.value}" not in mapping
                    and not (st is Stage.APPLIED and "applied_at" in mapping)
                ):
                    mapping[f"stage_date.{st.value}"] = h
                    used.add(h)
    return mapping


def validate_mapping(mapping: dict[str, str], header: list[str]) -> None:
    errors: list[FieldError] = []
    for target, column in mapping.items():
        base = target.split(".", 1)[0]
        if base == "stage_date":
            stage_name = target.split(".", 1)[1] if "." in target else ""
            if stage_name not in {s.value for s in Stage}:
                errors.append(FieldError(f"unknown stage in mapping target {target!r}", column=target))
        elif base == "custom":
            if "." not in target or not target.split(".", 1)[1].strip():
                errors.append(FieldError("custom fields are mapped as 'custom.<name>'", column=target))
        elif target not in TARGETS:
            errors.append(
                FieldError(
                    f"unknown mapping target {target!r}; known: "
                    + ", ".join(TARGETS)
                    + ", stage_date.<stage>, custom.<name>",
                    column=target,
                )
            )
        if not isinstance(column, str) or column not in header:
            errors.append(
                FieldError(
                    f"mapping {target!r} names a column the file does not have; columns: "
                    + ", ".join(header)[:300],
                    row=1,
                    column=str(column),
                )
            )
    for target in ("company", "role"):
        if target not in mapping:
            errors.append(FieldError(f"the mapping must name the column holding {target}", column=target))
    if errors:
        raise _fail("The column mapping does not fit the file.", errors)


def parse_mapped_csv(
    text: str,
    *,
    now: datetime,
    mapping: dict[str, str] | None = None,
    options: ImportOptions | None = None,
) -> ImportPlan:
    opts = options or ImportOptions()
    header, rows = read_csv(text)
    mapping = dict(mapping) if mapping else auto_mapping(header)
    validate_mapping(mapping, header)
    col = {name: i for i, name in enumerate(header)}

    def get(cells: list[str], target: str) -> str | None:
        column = mapping.get(target)
        return _clean(cells[col[column]]) if column else None

    date_targets = [t for t in mapping if t in _DATE_TARGETS or t.startswith("stage_date.")]
    orders = {t: opts.date_order or column_order((get(c, t) for _, c in rows), "MDY") for t in date_targets}
    errs = _RowErrors()
    drafts: list[ApplicationDraft] = []
    for number, cells in rows:
        before = len(errs.errors)
        company, role = get(cells, "company"), get(cells, "role")
        if not company:
            errs.errors.append(FieldError("company is empty", row=number, column=mapping["company"]))
        if not role:
            errs.errors.append(FieldError("role is empty", row=number, column=mapping["role"]))
        dates = {t: errs.date(get(cells, t), orders[t], number, mapping[t]) for t in date_targets}
        stage = errs.stage(get(cells, "stage"), number, mapping.get("stage", "stage"))
        remote = errs.call(normalise_remote, get(cells, "remote"), number, mapping.get("remote", "remote"))
        priority = errs.call(
            normalise_priority, get(cells, "priority"), number, mapping.get("priority", "priority")
        )
        salary = _salary(get(cells, "salary"), get(cells, "salary_min"), get(cells, "salary_max"),
                         get(cells, "salary_currency"), errs, number, mapping)  # fmt: skip
        if len(errs.errors) > before or not company or not role:
            continue
        evidence: list[tuple[Stage, datetime]] = []
        if dates.get("saved_at"):
            evidence.append((Stage.SAVED, dates["saved_at"]))  # type: ignore[arg-type]
        if dates.get("applied_at"):
            evidence.append((Stage.APPLIED, dates["applied_at"]))  # type: ignore[arg-type]
        for t, value in dates.items():
            if t.startswith("stage_date.") and value is not None:
                evidence.append((Stage(t.split(".", 1)[1]), value))
        current = stage
        if current is None and not evidence:
            current = opts.default_stage
        url = get(cells, "job_url")
        contacts = []
        cname, cemail, cphone = (
            get(cells, "contact_name"),
            get(cells, "contact_email"),
            get(cells, "contact_phone"),
        )
        if cname or cemail or cphone:
            contacts.append(ContactDraft(name=cname, email=cemail, phone=cphone))
        note = get(cells, "notes")
        drafts.append(
            ApplicationDraft(
                company=company,
                role=role,
                location=get(cells, "location"),
                remote=remote,
                salary=salary,
                source=normalise_source(get(cells, "source"), url) or opts.default_source,
                job_url=url,
                job_description=get(cells, "job_description"),
                resume_label=get(cells, "resume_version"),
                cover_letter=get(cells, "cover_letter"),
                priority=priority,
                deadline=dates.get("deadline"),
                custom_fields={
                    t.split(".", 1)[1]: v for t in mapping if t.startswith("custom.") and (v := get(cells, t))
                },
                moves=build_moves(
                    evidence, current=current, current_at=dates.get("stage_date"), fallback_at=now
                ),
                contacts=contacts,
                notes=[NoteDraft(text=note)] if note else [],
                external_id=get(cells, "external_id"),
                row=number,
            )
        )
    if errs.errors:
        raise _fail("Some rows cannot be imported; nothing was imported.", errs.errors)
    unique, dupes = _dedupe(drafts)
    return ImportPlan("csv", unique, dupes, mapping=mapping, rows=len(rows))


def _salary_min(value: str | None) -> float | None:
    parsed = parse_salary_cell(value) if value else None
    return parsed.min if parsed is not None else None


def _salary_max(value: str | None) -> float | None:
    parsed = parse_salary_cell(value) if value else None
    return parsed.max if parsed is not None else None


def _salary(
    text: str | None,
    lo: str | None,
    hi: str | None,
    currency: str | None,
    errs: _RowErrors,
    row: int,
    mapping: dict[str, str],
) -> Salary | None:
    parsed: Salary | None = None
    if text:
        try:
            parsed = parse_salary_cell(text)
        except ValueError:
            # "Competitive", "DOE": the sheet states no figure; keep the words, not a number.
            parsed = Salary(None, None, None, None, text)
    if lo or hi:
        lo_v = errs.call(_salary_min, lo, row, mapping.get("salary_min", ""))
        hi_v = errs.call(_salary_max, hi, row, mapping.get("salary_max", ""))
        parsed = Salary(
            lo_v, hi_v, parsed.currency if parsed else None, parsed.period if parsed else None, text
        )
    if parsed and currency:
        parsed = Salary(parsed.min, parsed.max, currency.upper()[:3], parsed.period, parsed.text)
    return parsed


# ---------------------------------------------------------------------------------------- Huntr JSON


_INTERVIEW_TYPES = {
    "phone": "phone_screen", "screen": "phone_screen", "video": "video", "onsite": "onsite", "on site": "onsite",
    "technical": "technical", "coding": "technical", "behavioral": "behavioral", "behavioural": "behavioral",
    "panel": "panel", "final": "final", "take home": "take_home", "case": "case_study", "hr": "hr",
}  # fmt: skip


def interview_type_from(text: str | None) -> str:
    key = (text or "").lower()
    for word, kind in _INTERVIEW_TYPES.items():
        if word in key:
            return kind
    return "other"


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return _clean(value) if isinstance(value, str) else None


def _location(value: Any) -> str | None:
    if isinstance(value, dict):
        for k in ("name", "address", "city"):
            if isinstance(value.get(k), str) and value[k].strip():
                return str(value[k]).strip()
        return None
    return _clean(value) if isinstance(value, str) else None


def _jobs_with_lists(doc: Any) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(path, list name, job) for every job, whichever of the known shapes the export uses."""
    out: list[tuple[str, str | None, dict[str, Any]]] = []
    if isinstance(doc, list):
        doc = {"jobs": doc}
    if not isinstance(doc, dict):
        raise InvalidInput(
            "The JSON must be an object with lists of jobs.", [FieldError("not an object", column="$")]
        )
    inner = doc.get("board")
    board = (
        inner if isinstance(inner, dict) and any(k in inner for k in ("lists", "columns", "jobs")) else doc
    )
    lists = board.get("lists", board.get("columns"))
    list_names: dict[str, str] = {}
    if isinstance(lists, list):
        key = "lists" if "lists" in board else "columns"
        for i, lst in enumerate(lists):
            if not isinstance(lst, dict):
                raise InvalidInput(
                    "A list must be an object.", [FieldError("not an object", column=f"{key}[{i}]")]
                )
            name = _name(lst)
            if lst.get("id") is not None and name:
                list_names[str(lst["id"])] = name
            jobs = lst.get("jobs", [])
            if not isinstance(jobs, list):
                raise InvalidInput(
                    "A list's jobs must be an array.", [FieldError("not an array", column=f"{key}[{i}].jobs")]
                )
            for j, job in enumerate(jobs):
                out.append((f"{key}[{i}].jobs[{j}]", name, job))
    elif lists is not None:
        raise InvalidInput("'lists' must be an array.", [FieldError("not an array", column="lists")])
    top_jobs = board.get("jobs")
    if isinstance(top_jobs, dict):  # keyed by id
        top_jobs = list(top_jobs.values())
    if isinstance(top_jobs, list):
        for j, job in enumerate(top_jobs):
            list_name = None
            if isinstance(job, dict):
                ref = job.get(
                    "listId", job.get("list", job.get("column", job.get("stage", job.get("status"))))
                )
                list_name = list_names.get(str(ref), ref if isinstance(ref, str) else _name(ref))
            out.append((f"jobs[{j}]", list_name, job))
    if not out:
        raise InvalidInput(
            "The board has no jobs.", [FieldError("no jobs found under lists[].jobs or jobs", column="$")]
        )
    return out


def parse_huntr(text: str, *, now: datetime, options: ImportOptions | None = None) -> ImportPlan:
    """A Huntr-style board export: lists (columns) holding jobs with dates and activities."""
    opts = options or ImportOptions()
    try:
        doc = policy_loads(text)
    except json.JSONDecodeError as exc:  # JsonPolicyError too: depth, NaN, surrogates, huge ints
        raise InvalidInput(
            f"The JSON is malformed at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
            [FieldError(f"malformed JSON: {exc.msg}", row=exc.lineno, column=f"char {exc.colno}")],
        ) from exc
    entries = _jobs_with_lists(doc)
    if len(entries) > MAX_IMPORT_ROWS:
        raise InputTooLarge(
            f"At most {MAX_IMPORT_ROWS} jobs can be imported at once.",
            [FieldError("too many jobs", row=len(entries))],
        )
    errs = _RowErrors()
    drafts: list[ApplicationDraft] = []
    for n, (path, list_name, job) in enumerate(entries, start=1):
        before = len(errs.errors)
        if not isinstance(job, dict):
            errs.errors.append(FieldError("a job must be an object", row=n, column=path))
            continue
        company = _name(job.get("company")) or _clean(
            job.get("companyName") if isinstance(job.get("companyName"), str) else None
        )
        role = _clean(job.get("title") if isinstance(job.get("title"), str) else None) or _clean(
            job.get("jobTitle") if isinstance(job.get("jobTitle"), str) else None
        )
        if not company:
            errs.errors.append(FieldError("company is missing", row=n, column=f"{path}.company"))
        if not role:
            errs.errors.append(FieldError("title is missing", row=n, column=f"{path}.title"))
        current = errs.stage(list_name, n, f"{path} (list)") if list_name else opts.default_stage
        created = errs.date(job.get("createdAt", job.get("created")), opts.date_order, n, f"{path}.createdAt")
        updated = errs.date(
            job.get("updatedAt", job.get("lastUpdated")), opts.date_order, n, f"{path}.updatedAt"
        )
        deadline = errs.date(job.get("deadline"), opts.date_order, n, f"{path}.deadline")
        evidence: list[tuple[Stage, datetime]] = []
        raw_dates = job.get("dates")
        dates: dict[Any, Any] = raw_dates if isinstance(raw_dates, dict) else {}
        for key, value in dates.items():
            label = (
                re.sub(r"(?<!^)(?=[A-Z])", " ", key).lower().replace("first ", "").replace("date", "").strip()
            )
            st = parse_stage(label)
            at = errs.date(value, opts.date_order, n, f"{path}.dates.{key}")
            if st is not None and at is not None:
                evidence.append((st, at))
        notes: list[NoteDraft] = []
        interviews: list[InterviewDraft] = []
        tasks: list[TaskDraft] = []
        activities = job.get("activities") or []
        if not isinstance(activities, list):
            errs.errors.append(FieldError("activities must be an array", row=n, column=f"{path}.activities"))
            activities = []
        for a_i, act in enumerate(activities):
            apath = f"{path}.activities[{a_i}]"
            if not isinstance(act, dict):
                errs.errors.append(FieldError("an activity must be an object", row=n, column=apath))
                continue
            kind = _name(act.get("category")) or _clean(str(act.get("type") or "")) or ""
            title = _clean(act.get("title") if isinstance(act.get("title"), str) else None) or kind
            at = errs.date(
                act.get("date", act.get("startAt", act.get("completedAt", act.get("createdAt")))),
                opts.date_order,
                n,
                f"{apath}.date",
            )
            st = parse_stage(kind) if kind else None
            done = bool(act.get("completed", at is not None and at <= now))
            if st is not None and at is not None and (done or at <= now):
                evidence.append((st, at))
            if st in (Stage.SCREENING, Stage.INTERVIEWING) and at is not None:
                interviews.append(
                    InterviewDraft(scheduled_at=at, type=interview_type_from(f"{kind} {title}"), title=title)
                )
            elif st is None and title:
                if not done and at is not None and at > now:
                    tasks.append(TaskDraft(title=title, due_at=at))
                else:
                    body = act.get("note") or act.get("notes") or ""
                    notes.append(NoteDraft(text=f"{title}: {body}".strip(": ") if body else title, at=at))
        if isinstance(job.get("notes"), str) and job["notes"].strip():
            notes.append(NoteDraft(text=job["notes"].strip()))
        contacts = []
        for c in job.get("contacts") or []:
            if isinstance(c, dict):
                contacts.append(
                    ContactDraft(
                        name=_clean(c.get("name") if isinstance(c.get("name"), str) else None)
                        or " ".join(x for x in (c.get("firstName"), c.get("lastName")) if isinstance(x, str))
                        or None,
                        email=_clean(c.get("email")) if isinstance(c.get("email"), str) else None,
                        phone=_clean(c.get("phone")) if isinstance(c.get("phone"), str) else None,
                        title=_clean(c.get("title")) if isinstance(c.get("title"), str) else None,
                    )
                )
        salary_raw = job.get("salary")
        salary = None
        if isinstance(salary_raw, str | int | float) and str(salary_raw).strip():
            try:
                salary = parse_salary_cell(str(salary_raw))
            except ValueError:
                salary = Salary(None, None, None, None, str(salary_raw))
        elif isinstance(salary_raw, dict):
            salary = Salary(
                salary_raw.get("min"),
                salary_raw.get("max"),
                salary_raw.get("currency"),
                salary_raw.get("period"),
            )
        if len(errs.errors) > before or not company or not role:
            continue
        if (
            created is not None
            and (not evidence or created < min(at for _, at in evidence))
            and current is not Stage.SAVED
        ):
            evidence.append((Stage.SAVED, created))
        url = _clean(job.get("url")) if isinstance(job.get("url"), str) else None
        external = job.get("id", job.get("_id"))
        drafts.append(
            ApplicationDraft(
                company=company,
                role=role,
                location=_location(job.get("location")),
                remote=None,
                salary=salary,
                source=normalise_source(
                    job.get("source") if isinstance(job.get("source"), str) else None, url
                )
                or "huntr",
                job_url=url,
                job_description=_clean(job.get("description"))
                if isinstance(job.get("description"), str)
                else None,
                priority=normalise_priority(job["priority"])
                if isinstance(job.get("priority"), int)
                else None,
                deadline=deadline,
                moves=build_moves(
                    evidence,
                    current=current,
                    current_at=updated,
                    fallback_at=created or now,
                ),
                contacts=contacts,
                notes=notes,
                interviews=interviews,
                tasks=tasks,
                external_id=f"huntr:{external}" if external is not None else None,
                row=n,
            )
        )
    if errs.errors:
        raise _fail("Some jobs cannot be imported; nothing was imported.", errs.errors)
    unique, dupes = _dedupe(drafts)
    return ImportPlan("huntr", unique, dupes, rows=len(entries))


# ---------------------------------------------------------------------------------------- entry point


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
            [FieldError("file too large")],
        )
    if not content.strip():
        raise InvalidInput("The file is empty.", [FieldError("empty file", row=1)])
    detected = detect_format(content)
    chosen = fmt or detected
    if chosen not in FORMATS:
        raise InvalidInput(
            f"Unknown import format {chosen!r}.", [FieldError("use linkedin, huntr or csv", column="format")]
        )
    if (chosen == "huntr") != (detected == "huntr"):
        expected = "JSON" if chosen == "huntr" else "CSV"
        raise InvalidInput(
            f"The format is {chosen!r} but the file is not {expected}.",
            [FieldError("format does not match the file", column="format")],
        )
    text = decode(content)
    if chosen == "linkedin":
        return parse_linkedin(text, now=now, options=options)
    if chosen == "huntr":
        return parse_huntr(text, now=now, options=options)
    return parse_mapped_csv(text, now=now, mapping=mapping, options=options)
