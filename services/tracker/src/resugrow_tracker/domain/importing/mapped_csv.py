"""Any CSV, with a column mapping given or guessed from the header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

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


class _Cells:
    """One row read through the mapping: `get("company")` is the cleaned cell of that target."""

    def __init__(self, mapping: dict[str, str], header: list[str]) -> None:
        self.mapping = mapping
        self._col = {name: i for i, name in enumerate(header)}
        self.cells: list[str] = []

    def get(self, target: str) -> str | None:
        column = self.mapping.get(target)
        return _clean(self.cells[self._col[column]]) if column else None

    def column(self, target: str) -> str:
        return self.mapping.get(target, target)


def _evidence(dates: dict[str, datetime | None]) -> list[tuple[Stage, datetime]]:
    evidence: list[tuple[Stage, datetime]] = []
    for target, stage in (("saved_at", Stage.SAVED), ("applied_at", Stage.APPLIED)):
        when = dates.get(target)
        if when:
            evidence.append((stage, when))
    for t, value in dates.items():
        if t.startswith("stage_date.") and value is not None:
            evidence.append((Stage(t.split(".", 1)[1]), value))
    return evidence


def _contacts(row: _Cells) -> list[ContactDraft]:
    name, email, phone = row.get("contact_name"), row.get("contact_email"), row.get("contact_phone")
    return [ContactDraft(name=name, email=email, phone=phone)] if name or email or phone else []


def _row_draft(
    row: _Cells, number: int, errs: _RowErrors, orders: dict[str, Any], opts: ImportOptions, now: datetime
) -> ApplicationDraft | None:
    before = len(errs.errors)
    company, role = row.get("company"), row.get("role")
    if not company:
        errs.errors.append(FieldError("company is empty", row=number, column=row.mapping["company"]))
    if not role:
        errs.errors.append(FieldError("role is empty", row=number, column=row.mapping["role"]))
    dates = {t: errs.date(row.get(t), order, number, row.mapping[t]) for t, order in orders.items()}
    stage = errs.stage(row.get("stage"), number, row.column("stage"))
    remote = errs.call(normalise_remote, row.get("remote"), number, row.column("remote"))
    priority = errs.call(normalise_priority, row.get("priority"), number, row.column("priority"))
    salary = _salary(row.get("salary"), row.get("salary_min"), row.get("salary_max"),
                     row.get("salary_currency"), errs, number, row.mapping)  # fmt: skip
    if len(errs.errors) > before or not company or not role:
        return None
    evidence = _evidence(dates)
    current = opts.default_stage if stage is None and not evidence else stage
    url, note = row.get("job_url"), row.get("notes")
    custom = {t.split(".", 1)[1]: v for t in row.mapping if t.startswith("custom.") and (v := row.get(t))}
    return ApplicationDraft(
        company=company,
        role=role,
        location=row.get("location"),
        remote=remote,
        salary=salary,
        source=normalise_source(row.get("source"), url) or opts.default_source,
        job_url=url,
        job_description=row.get("job_description"),
        resume_label=row.get("resume_version"),
        cover_letter=row.get("cover_letter"),
        priority=priority,
        deadline=dates.get("deadline"),
        custom_fields=custom,
        moves=build_moves(evidence, current=current, current_at=dates.get("stage_date"), fallback_at=now),
        contacts=_contacts(row),
        notes=[NoteDraft(text=note)] if note else [],
        external_id=row.get("external_id"),
        row=number,
    )


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
    row = _Cells(mapping, header)

    def cells_of(target: str) -> Iterator[str | None]:
        for _, cells in rows:
            row.cells = cells
            yield row.get(target)

    date_targets = [t for t in mapping if t in _DATE_TARGETS or t.startswith("stage_date.")]
    orders = {t: opts.date_order or column_order(list(cells_of(t)), "MDY") for t in date_targets}
    errs = _RowErrors()
    drafts: list[ApplicationDraft] = []
    for number, cells in rows:
        row.cells = cells
        draft = _row_draft(row, number, errs, orders, opts, now)
        if draft is not None:
            drafts.append(draft)
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
