"""LinkedIn's data export (Jobs/Job Applications.csv)."""

from __future__ import annotations

from datetime import datetime

from resugrow_tracker.domain.applications import (
    ApplicationDraft,
    ContactDraft,
    NoteDraft,
)
from resugrow_tracker.domain.dates import column_order
from resugrow_tracker.domain.errors import FieldError, InvalidInput
from resugrow_tracker.domain.importing.common import (
    ImportOptions,
    ImportPlan,
    _clean,
    _dedupe,
    _fail,
    _RowErrors,
    build_moves,
)
from resugrow_tracker.domain.importing.reading import read_csv
from resugrow_tracker.domain.stages import Stage


def parse_linkedin(text: str, *, now: datetime, options: ImportOptions | None = None) -> ImportPlan:
    """LinkedIn data export: Jobs/Job Applications.csv (one row per Easy Apply / tracked application)."""
    opts = options or ImportOptions()
    header, rows = read_csv(text)
    required = ("Company Name", "Job Title", "Application Date")
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidInput(
            "This does not look like LinkedIn's Job Applications.csv.",
            errors=[FieldError("required column is missing", row=1, column=c) for c in missing],
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
