"""Moving applications in and out: import a file, export, the printable report, clip a job page."""

from __future__ import annotations

import asyncio
from datetime import datetime
from functools import partial
from typing import Any

from resugrow_domain import InvalidInput, TooLarge
from resugrow_events import new_event_id
from resugrow_platform.sandbox import run_bounded
from resugrow_tracker.commands import ApplicationIn, ClipIn, ExportFilter, ImportRequest, ReportFilter
from resugrow_tracker.domain import exporting
from resugrow_tracker.domain.applications import ApplicationDraft, canonical_url
from resugrow_tracker.domain.clipping import MAX_CLIP_BYTES, ClippedJob, clip_job
from resugrow_tracker.domain.dates import utc
from resugrow_tracker.domain.importing import ImportOptions, ImportPlan, parse_import
from resugrow_tracker.use_cases.applications import DEFAULT_FOLLOW_UP_DAYS, create_application
from resugrow_tracker.use_cases.common import (
    created_event,
    new_application_doc,
    stage_or_invalid,
    stages_or_invalid,
)
from resugrow_tracker.use_cases.ports import Doc, TrackerUoW

MAX_IDS_RETURNED = 1000
# Under the gateway's 10 s, so the caller gets this service's 422 rather than a gateway timeout.
IMPORT_PARSE_TIMEOUT_S = 8.0


def _import_options(cmd: ImportRequest) -> ImportOptions:
    options = ImportOptions()
    if cmd.date_order:
        if cmd.date_order.upper() not in ("MDY", "DMY"):
            raise InvalidInput("date_order must be MDY or DMY.", field="date_order")
        options.date_order = cmd.date_order.upper()  # type: ignore[assignment]
    if cmd.default_stage:
        options.default_stage = stage_or_invalid(cmd.default_stage, field="default_stage")
    return options


async def plan_import(cmd: ImportRequest, *, now: datetime) -> ImportPlan:
    """Parse and validate the whole file, before any transaction (the one call to the parser)."""
    options = _import_options(cmd)
    # In a worker process under a time and memory budget, not a thread that cannot be stopped.
    return await run_bounded(
        "tracker-import",
        partial(parse_import, cmd.content, now=now, fmt=cmd.format, mapping=cmd.mapping, options=options),
        timeout=IMPORT_PARSE_TIMEOUT_S,
    )


def _interview_docs(d: ApplicationDraft, now: datetime) -> list[Doc]:
    return [
        {
            "id": new_event_id(),
            "round": i + 1,
            "type": iv.type,
            "scheduled_at": iv.scheduled_at,
            "duration_minutes": 60,
            "location": None,
            "interviewers": [],
            "notes": iv.title,
            "created_at": now,
            "prep": [],
        }
        for i, iv in enumerate(d.interviews)
    ]


def draft_doc(d: ApplicationDraft, *, user_id: str, now: datetime) -> Doc:
    upcoming = [iv.scheduled_at for iv in d.interviews if iv.scheduled_at >= now]
    fields: Doc = {
        "location": d.location, "remote": d.remote, "salary": d.salary.as_dict() if d.salary else None,
        "source": d.source, "job_url": d.job_url, "job_description": d.job_description, "resume_id": d.resume_id,
        "resume_version": d.resume_version, "resume_label": d.resume_label, "cover_letter": d.cover_letter,
        "priority": d.priority, "deadline": d.deadline, "custom_fields": d.custom_fields,
        "interviews": _interview_docs(d, now), "next_interview_at": min(upcoming) if upcoming else None,
    }  # fmt: skip
    return new_application_doc(
        app_id=new_event_id(), user_id=user_id, now=now, company=d.company, role=d.role, moves=d.moves,
        key=d.key(), fields=fields,
    )  # fmt: skip


async def _store_children(uow: TrackerUoW, pairs: list[tuple[ApplicationDraft, Doc]], now: datetime) -> None:
    contacts: list[Doc] = []
    notes: list[Doc] = []
    tasks: list[Doc] = []
    for d, doc in pairs:
        base = {"user_id": doc["user_id"], "application_id": doc["_id"], "created_at": now}
        contacts += [{"_id": new_event_id(), **base, **vars(c)} for c in d.contacts]
        notes += [{"_id": new_event_id(), **base, "text": n.text, "at": n.at or now} for n in d.notes]
        tasks += [
            {"_id": new_event_id(), **base, "title": t.title, "due_at": t.due_at, "done": t.done}
            for t in d.tasks
        ]
    await uow.contacts.add_many(contacts)
    await uow.notes.add_many(notes)
    await uow.tasks.add_many(tasks)


async def import_applications(
    uow: TrackerUoW, plan: ImportPlan, *, user_id: str, now: datetime, dry_run: bool = False
) -> Doc:
    """Store a validated plan's new applications; rows imported before are skipped."""
    result: Doc = {
        "format": plan.format, "rows": plan.rows, "duplicates_in_file": plan.duplicates_in_file,
        "mapping": plan.mapping or None, "dry_run": dry_run,
    }  # fmt: skip
    existing = await uow.applications.existing_keys(user_id, [d.key() for d in plan.drafts])
    fresh = [d for d in plan.drafts if d.key() not in existing]
    skipped = len(plan.drafts) - len(fresh)
    if dry_run or not fresh:
        return {
            **result,
            "created": 0,
            "would_create": len(fresh),
            "skipped_existing": skipped,
            "application_ids": [],
        }
    docs = [draft_doc(d, user_id=user_id, now=now) for d in fresh]
    await uow.applications.add_many(docs)
    uow.touch(user_id)
    await _store_children(uow, list(zip(fresh, docs, strict=True)), now)
    for doc in docs:
        # One created event per application (with its current stage): the history is in the
        # export, and a thousand historical moves would only flood the stream.
        uow.publish(created_event(doc), subject=doc["_id"], user_id=user_id)
    ids = [d["_id"] for d in docs[:MAX_IDS_RETURNED]]
    return {**result, "created": len(docs), "skipped_existing": skipped, "application_ids": ids}


async def export_applications(uow: TrackerUoW, cmd: ExportFilter, *, user_id: str) -> tuple[str, Any]:
    if cmd.format not in ("csv", "json"):
        raise InvalidInput("format must be csv or json.", field="format")
    stages = set(stages_or_invalid(cmd.stage)) or None
    apps = exporting.select(
        await uow.applications.active(user_id),
        date_from=utc(cmd.date_from),
        date_to=utc(cmd.date_to),
        stages=stages,
    )
    if cmd.format == "csv":
        return "csv", exporting.to_csv(apps)
    return "json", {"count": len(apps), "applications": [exporting.to_json_obj(a) for a in apps]}


async def report_html(uow: TrackerUoW, cmd: ReportFilter, *, user_id: str, now: datetime) -> str:
    date_from, date_to = utc(cmd.date_from), utc(cmd.date_to)
    stages = set(stages_or_invalid(cmd.stage)) or None
    apps = exporting.select(
        await uow.applications.active(user_id),
        date_from=date_from,
        date_to=date_to,
        stages=stages,
        applied_only=True,
    )
    contacts: dict[str, str] = {}
    for c in await uow.contacts.all_of(user_id):
        label = ", ".join(x for x in (c.get("name"), c.get("email"), c.get("phone")) if x)
        if label:
            contacts.setdefault(c["application_id"], label)
    return exporting.report_html(
        apps,
        as_of=utc(cmd.as_of) or now,
        contacts=contacts,
        owner=cmd.owner,
        period_from=date_from,
        period_to=date_to,
    )


async def extract_clip(cmd: ClipIn) -> ClippedJob:
    """Read the job off a saved page (outside any transaction: parsing is the slow part)."""
    if len(cmd.html.encode()) > MAX_CLIP_BYTES:
        raise TooLarge(f"The page is over {MAX_CLIP_BYTES} bytes.", field="html")
    return await asyncio.to_thread(clip_job, cmd.html, url=cmd.url)


def _application_from_clip(job: ClippedJob, stage: str) -> ApplicationIn:
    assert job.company and job.title
    salary = job.salary or {}
    currency = salary.get("currency")
    return ApplicationIn(
        company=job.company[:200],
        role=job.title[:200],
        stage=stage,
        location=(job.location or None) and job.location[:200],
        remote=job.remote,  # type: ignore[arg-type]
        salary_min=salary.get("min"),
        salary_max=salary.get("max"),
        salary_currency=currency if currency and len(currency) == 3 else None,
        salary_period=salary.get("period"),
        job_url=(canonical_url(job.url) or job.url or None),
        job_description=(job.description or None) and job.description[:100_000],
        deadline=job.valid_through,
        custom_fields={"date_posted": job.date_posted.isoformat()} if job.date_posted else None,
    )


async def save_clip(
    uow: TrackerUoW,
    cmd: ClipIn,
    job: ClippedJob,
    *,
    user_id: str,
    now: datetime,
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS,
) -> Doc:
    """Add the clipped job as an application; the page must name at least the role and company."""
    missing = [f for f in ("title", "company") if not getattr(job, f)]
    if missing:
        raise InvalidInput(
            "The page does not say " + " and ".join(missing) + "; add the application by hand.",
            field="html",
            missing=missing,
        )
    app_in = _application_from_clip(job, cmd.stage)
    application = await create_application(
        uow, app_in, user_id=user_id, now=now, follow_up_days=follow_up_days
    )
    return {"clip": job.as_dict(), "application": application}
