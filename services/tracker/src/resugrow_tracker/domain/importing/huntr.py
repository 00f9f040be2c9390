"""A Huntr-style board export (JSON lists of jobs with dates and activities)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from resugrow_domain.safeparse import loads as policy_loads
from resugrow_tracker.domain.applications import (
    ApplicationDraft,
    ContactDraft,
    InterviewDraft,
    NoteDraft,
    TaskDraft,
    normalise_priority,
)
from resugrow_tracker.domain.errors import FieldError, InputTooLarge, InvalidInput
from resugrow_tracker.domain.importing.common import (
    MAX_IMPORT_ROWS,
    ImportOptions,
    ImportPlan,
    _clean,
    _dedupe,
    _fail,
    _RowErrors,
    build_moves,
)
from resugrow_tracker.domain.salary import Salary, parse_salary_cell
from resugrow_tracker.domain.sources import normalise_source
from resugrow_tracker.domain.stages import Stage, parse_stage

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


def _board(doc: Any) -> dict[str, Any]:
    if isinstance(doc, list):
        doc = {"jobs": doc}
    if not isinstance(doc, dict):
        raise InvalidInput(
            "The JSON must be an object with lists of jobs.", errors=[FieldError("not an object", column="$")]
        )
    inner = doc.get("board")
    has_jobs = isinstance(inner, dict) and any(k in inner for k in ("lists", "columns", "jobs"))
    return inner if has_jobs else doc  # type: ignore[return-value]


_Entry = tuple[str, str | None, Any]


def _list_jobs(board: dict[str, Any], list_names: dict[str, str]) -> list[_Entry]:
    """Jobs nested in lists (columns); fills `list_names` with each list's id -> name."""
    lists = board.get("lists", board.get("columns"))
    if lists is None:
        return []
    if not isinstance(lists, list):
        raise InvalidInput("'lists' must be an array.", errors=[FieldError("not an array", column="lists")])
    key = "lists" if "lists" in board else "columns"
    out: list[_Entry] = []
    for i, lst in enumerate(lists):
        if not isinstance(lst, dict):
            raise InvalidInput(
                "A list must be an object.", errors=[FieldError("not an object", column=f"{key}[{i}]")]
            )
        name = _name(lst)
        if lst.get("id") is not None and name:
            list_names[str(lst["id"])] = name
        jobs = lst.get("jobs", [])
        if not isinstance(jobs, list):
            raise InvalidInput(
                "A list's jobs must be an array.",
                errors=[FieldError("not an array", column=f"{key}[{i}].jobs")],
            )
        out += [(f"{key}[{i}].jobs[{j}]", name, job) for j, job in enumerate(jobs)]
    return out


def _list_of(job: Any, list_names: dict[str, str]) -> str | None:
    if not isinstance(job, dict):
        return None
    ref = job.get("listId", job.get("list", job.get("column", job.get("stage", job.get("status")))))
    return list_names.get(str(ref), ref if isinstance(ref, str) else _name(ref))


def _jobs_with_lists(doc: Any) -> list[_Entry]:
    """(path, list name, job) for every job, whichever of the known shapes the export uses."""
    board = _board(doc)
    list_names: dict[str, str] = {}
    out = _list_jobs(board, list_names)
    top_jobs = board.get("jobs")
    if isinstance(top_jobs, dict):  # keyed by id
        top_jobs = list(top_jobs.values())
    if isinstance(top_jobs, list):
        out += [(f"jobs[{j}]", _list_of(job, list_names), job) for j, job in enumerate(top_jobs)]
    if not out:
        raise InvalidInput(
            "The board has no jobs.",
            errors=[FieldError("no jobs found under lists[].jobs or jobs", column="$")],
        )
    return out


def _str(job: dict[str, Any], key: str) -> str | None:
    value = job.get(key)
    return _clean(value) if isinstance(value, str) else None


@dataclass
class _Job:
    """What one job of the board contributes, gathered by the small readers below."""

    n: int
    path: str
    evidence: list[tuple[Stage, datetime]] = field(default_factory=list)
    notes: list[NoteDraft] = field(default_factory=list)
    interviews: list[InterviewDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)


def _stage_dates(job: dict[str, Any], j: _Job, errs: _RowErrors, opts: ImportOptions) -> None:
    """`dates: {"firstAppliedDate": ...}` -> (applied, when) evidence."""
    raw = job.get("dates")
    for key, value in (raw if isinstance(raw, dict) else {}).items():
        label = re.sub(r"(?<!^)(?=[A-Z])", " ", key).lower().replace("first ", "").replace("date", "").strip()
        st = parse_stage(label)
        at = errs.date(value, opts.date_order, j.n, f"{j.path}.dates.{key}")
        if st is not None and at is not None:
            j.evidence.append((st, at))


def _activity(
    act: dict[str, Any], j: _Job, apath: str, errs: _RowErrors, opts: ImportOptions, now: datetime
) -> None:
    """An activity is stage evidence, an interview, a future task, or else a note."""
    kind = _name(act.get("category")) or _clean(str(act.get("type") or "")) or ""
    title = _str(act, "title") or kind
    when = act.get("date", act.get("startAt", act.get("completedAt", act.get("createdAt"))))
    at = errs.date(when, opts.date_order, j.n, f"{apath}.date")
    st = parse_stage(kind) if kind else None
    done = bool(act.get("completed", at is not None and at <= now))
    if st is not None and at is not None and (done or at <= now):
        j.evidence.append((st, at))
    if st in (Stage.SCREENING, Stage.INTERVIEWING) and at is not None:
        j.interviews.append(
            InterviewDraft(scheduled_at=at, type=interview_type_from(f"{kind} {title}"), title=title)
        )
    elif st is None and title:
        if not done and at is not None and at > now:
            j.tasks.append(TaskDraft(title=title, due_at=at))
        else:
            body = act.get("note") or act.get("notes") or ""
            j.notes.append(NoteDraft(text=f"{title}: {body}".strip(": ") if body else title, at=at))


def _activities(job: dict[str, Any], j: _Job, errs: _RowErrors, opts: ImportOptions, now: datetime) -> None:
    activities = job.get("activities") or []
    if not isinstance(activities, list):
        errs.errors.append(FieldError("activities must be an array", row=j.n, column=f"{j.path}.activities"))
        return
    for a_i, act in enumerate(activities):
        apath = f"{j.path}.activities[{a_i}]"
        if not isinstance(act, dict):
            errs.errors.append(FieldError("an activity must be an object", row=j.n, column=apath))
            continue
        _activity(act, j, apath, errs, opts, now)
    if isinstance(job.get("notes"), str) and job["notes"].strip():
        j.notes.append(NoteDraft(text=job["notes"].strip()))


def _contact(c: dict[str, Any]) -> ContactDraft:
    full = " ".join(x for x in (c.get("firstName"), c.get("lastName")) if isinstance(x, str))
    return ContactDraft(
        name=_str(c, "name") or full or None,
        email=_str(c, "email"),
        phone=_str(c, "phone"),
        title=_str(c, "title"),
    )


def _salary(raw: Any) -> Salary | None:
    if isinstance(raw, str | int | float) and str(raw).strip():
        try:
            return parse_salary_cell(str(raw))
        except ValueError:
            return Salary(None, None, None, None, str(raw))
    if isinstance(raw, dict):
        return Salary(raw.get("min"), raw.get("max"), raw.get("currency"), raw.get("period"))
    return None


def _job_draft(
    job: dict[str, Any], list_name: str | None, j: _Job, errs: _RowErrors, opts: ImportOptions, now: datetime
) -> ApplicationDraft | None:
    before = len(errs.errors)
    company = _name(job.get("company")) or _str(job, "companyName")
    role = _str(job, "title") or _str(job, "jobTitle")
    if not company:
        errs.errors.append(FieldError("company is missing", row=j.n, column=f"{j.path}.company"))
    if not role:
        errs.errors.append(FieldError("title is missing", row=j.n, column=f"{j.path}.title"))
    current = errs.stage(list_name, j.n, f"{j.path} (list)") if list_name else opts.default_stage
    created = errs.date(job.get("createdAt", job.get("created")), opts.date_order, j.n, f"{j.path}.createdAt")
    updated = errs.date(
        job.get("updatedAt", job.get("lastUpdated")), opts.date_order, j.n, f"{j.path}.updatedAt"
    )
    deadline = errs.date(job.get("deadline"), opts.date_order, j.n, f"{j.path}.deadline")
    _stage_dates(job, j, errs, opts)
    _activities(job, j, errs, opts, now)
    if len(errs.errors) > before or not company or not role:
        return None
    if (
        created is not None
        and current is not Stage.SAVED
        and (not j.evidence or created < min(at for _, at in j.evidence))
    ):
        j.evidence.append((Stage.SAVED, created))
    url, external = _str(job, "url"), job.get("id", job.get("_id"))
    return ApplicationDraft(
        company=company,
        role=role,
        location=_location(job.get("location")),
        remote=None,
        salary=_salary(job.get("salary")),
        source=normalise_source(job.get("source") if isinstance(job.get("source"), str) else None, url)
        or "huntr",
        job_url=url,
        job_description=_str(job, "description"),
        priority=normalise_priority(job["priority"]) if isinstance(job.get("priority"), int) else None,
        deadline=deadline,
        moves=build_moves(j.evidence, current=current, current_at=updated, fallback_at=created or now),
        contacts=[_contact(c) for c in job.get("contacts") or [] if isinstance(c, dict)],
        notes=j.notes,
        interviews=j.interviews,
        tasks=j.tasks,
        external_id=f"huntr:{external}" if external is not None else None,
        row=j.n,
    )


def _load(text: str) -> Any:
    try:
        return policy_loads(text)
    except json.JSONDecodeError as exc:  # JsonPolicyError too: depth, NaN, surrogates, huge ints
        raise InvalidInput(
            f"The JSON is malformed at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
            errors=[FieldError(f"malformed JSON: {exc.msg}", row=exc.lineno, column=f"char {exc.colno}")],
        ) from exc


def parse_huntr(text: str, *, now: datetime, options: ImportOptions | None = None) -> ImportPlan:
    """A Huntr-style board export: lists (columns) holding jobs with dates and activities."""
    opts = options or ImportOptions()
    entries = _jobs_with_lists(_load(text))
    if len(entries) > MAX_IMPORT_ROWS:
        raise InputTooLarge(
            f"At most {MAX_IMPORT_ROWS} jobs can be imported at once.",
            errors=[FieldError("too many jobs", row=len(entries))],
        )
    errs = _RowErrors()
    drafts: list[ApplicationDraft] = []
    for n, (path, list_name, job) in enumerate(entries, start=1):
        if not isinstance(job, dict):
            errs.errors.append(FieldError("a job must be an object", row=n, column=path))
            continue
        draft = _job_draft(job, list_name, _Job(n, path), errs, opts, now)
        if draft is not None:
            drafts.append(draft)
    if errs.errors:
        raise _fail("Some jobs cannot be imported; nothing was imported.", errs.errors)
    unique, dupes = _dedupe(drafts)
    return ImportPlan("huntr", unique, dupes, rows=len(entries))
