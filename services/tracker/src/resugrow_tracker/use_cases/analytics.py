"""Analytics over the stage history, and the dashboard summary."""

from __future__ import annotations

from datetime import datetime

from resugrow_domain import InvalidInput
from resugrow_tracker.commands import AnalyticsQuery
from resugrow_tracker.domain import analytics as analytics_domain
from resugrow_tracker.domain.applications import resume_group_label
from resugrow_tracker.domain.board import presumed_status
from resugrow_tracker.domain.dates import utc
from resugrow_tracker.domain.stages import STAGES, Stage, parse_stage
from resugrow_tracker.use_cases.common import public
from resugrow_tracker.use_cases.ports import Doc, ReadModelCache, TrackerUoW
from resugrow_tracker.use_cases.read_models import current_projection

_ACTIVE = ("applied", "screening", "interviewing", "offer")


def parse_thresholds(ghost_after: str | None, stale_after: str | None) -> analytics_domain.Thresholds:
    """Per-stage overrides like "applied:45,screening:14" on top of the defaults."""
    th = analytics_domain.Thresholds()
    for name, raw, target in (("ghost_after", ghost_after, th.ghost_after_days),
                              ("stale_after", stale_after, th.stale_after_days)):  # fmt: skip
        for part in (raw or "").split(","):
            if not part.strip():
                continue
            stage_text, _, days = part.partition(":")
            stage = parse_stage(stage_text)
            if stage is None or not days.strip().isdigit() or not 1 <= int(days) <= 3650:
                raise InvalidInput(
                    f"Bad threshold {part.strip()!r} (expected stage:days, e.g. applied:30).", field=name
                )
            target[stage] = int(days)
    return th


def _record(d: Doc) -> analytics_domain.AppRecord:
    label = resume_group_label(d.get("resume_label"), d.get("resume_id"), d.get("resume_version"))
    return analytics_domain.AppRecord.from_doc(d, resume_version=label)


async def analytics_records(
    uow: TrackerUoW, cache: ReadModelCache, user_id: str
) -> analytics_domain.PreparedRecords:
    """The user's applications as analytics reads them, kept current incrementally: records of
    unchanged applications (and their walked histories) are reused, and the report's running
    totals are the previous ones with the changed applications swapped."""
    projection = await current_projection(uow, cache, "analytics", user_id, _record)
    if projection.derived is None:
        previous = projection.previous_derived
        projection.derived = analytics_domain.PreparedRecords(
            projection.values(),
            previous=previous if isinstance(previous, analytics_domain.PreparedRecords) else None,
            changes=projection.changes,
        )
        projection.changes, projection.previous_derived = [], None
    return projection.derived  # type: ignore[no-any-return]


async def get_analytics(uow: TrackerUoW, cache: ReadModelCache, cmd: AnalyticsQuery, *, user_id: str) -> Doc:
    thresholds = parse_thresholds(cmd.ghost_after, cmd.stale_after)
    records = await analytics_records(uow, cache, user_id)
    return analytics_domain.compute(
        records, as_of=utc(cmd.as_of), include_ids=cmd.include_ids, thresholds=thresholds
    )


def _pipeline(docs: list[Doc], now: datetime) -> tuple[dict[str, int], int, int]:
    pipeline = {s.value: 0 for s in STAGES}
    ghosted = stale = 0
    for d in docs:
        pipeline[d["stage"]] += 1
        g, s = presumed_status(Stage(d["stage"]), utc(d.get("last_move_at")), now)
        ghosted += g
        stale += s
    return pipeline, ghosted, stale


def _pick(doc: Doc, keys: tuple[str, ...]) -> Doc:
    out = public(doc)
    return {k: out.get(k) for k in keys}


async def summary(uow: TrackerUoW, *, user_id: str, now: datetime) -> Doc:
    """For the dashboard: pipeline counts, next reminders, upcoming interviews, recent activity."""
    docs = await uow.applications.active(user_id, "summary")
    pipeline, ghosted, stale = _pipeline(docs, now)
    reminders = await uow.reminders.page(user_id, status="pending", application_id=None, after=None, limit=5)
    upcoming = await uow.applications.upcoming_interviews(user_id, now, 5)
    recent = await uow.activity.page(user_id, application_id=None, kind=None, before=None, limit=5)
    return {
        "total": len(docs),
        "pipeline": pipeline,
        "active": sum(pipeline[s] for s in _ACTIVE),
        "presumed_ghosted": ghosted,
        "stale": stale,
        "next_reminders": [_pick(r, ("id", "kind", "due_at", "application_id", "note")) for r in reminders],
        "upcoming_interviews": [public(u) for u in upcoming],
        "recent_activity": [_pick(a, ("id", "at", "kind", "title", "application_id")) for a in recent],
        "as_of": now,
    }
