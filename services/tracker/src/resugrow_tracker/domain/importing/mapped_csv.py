"""Any CSV, with a column mapping given or guessed from the header."""

from __future__ import annotations

import re
from datetime import datetime

from resugrow_tracker.domain.applications import (
    ApplicationDraft,
    ContactDraft,
    NoteDraft,
    normalise_priority,
    normalise_remote,
)
from resugrow_tracker.domain.dates import column_order
from resugrow_tracker.domain.errors import FieldError
from resugrow_tracker.domain.importing.common import (
    _DATE_TARGETS,
    TARGETS,
    ImportOptions,
    ImportPlan,
    _clean,
    _dedupe,
    _fail,
    _RowErrors,
    build_moves,
)
from resugrow_tracker.domain.importing.reading import read_csv
from resugrow_tracker.domain.salary import Salary, parse_salary_cell
from resugrow_tracker.domain.sources import normalise_source
from resugrow_tracker.domain.stages import Stage, parse_stage


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
