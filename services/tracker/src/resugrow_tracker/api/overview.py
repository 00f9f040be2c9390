"""Reminders, analytics, the board, the activity timeline and the dashboard summary."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from resugrow_tracker.api.deps import CursorQuery, LimitQuery, RuntimeDep, UserDep
from resugrow_tracker.api.schemas import (
    ActivityPage,
    AnalyticsOut,
    BoardOut,
    ColumnsOut,
    ReminderOut,
    ReminderPage,
    SummaryOut,
)
from resugrow_tracker.commands import ActivityFilter, AnalyticsQuery, ColumnsIn, ReminderFilter, ReminderIn
from resugrow_tracker.use_cases import activity, analytics, board, reminders

router = APIRouter(tags=["tracker"])


@router.post("/v1/reminders", operation_id="create_reminder", status_code=201, response_model=ReminderOut)
async def create_reminder(body: ReminderIn, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    now = rt.now()
    return await rt.transact(lambda uow: reminders.create_reminder(uow, body, user_id=user.user_id, now=now))


@router.get("/v1/reminders", operation_id="list_reminders", response_model=ReminderPage)
async def list_reminders(
    user: UserDep,
    rt: RuntimeDep,
    status: Annotated[str | None, Query(max_length=20)] = "pending",
    application_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: LimitQuery = None,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    cmd = ReminderFilter(status=status or None, application_id=application_id, limit=limit, cursor=cursor)
    return await reminders.list_reminders(rt.reader(), cmd, user_id=user.user_id)


@router.get("/v1/analytics", operation_id="get_analytics", response_model=AnalyticsOut)
async def get_analytics(
    user: UserDep,
    rt: RuntimeDep,
    as_of: Annotated[datetime | None, Query(description="Compute as of this time (reproducible)")] = None,
    include_ids: bool = True,
    ghost_after: Annotated[
        str | None, Query(max_length=300, description="e.g. applied:30,screening:21")
    ] = None,
    stale_after: Annotated[str | None, Query(max_length=300, description="e.g. saved:14,applied:10")] = None,
) -> dict[str, Any]:
    """Funnel, conversion, response times and time in stage from the stage history, with the
    definition of every figure. The same `as_of` (and thresholds) give the same report later."""
    cmd = AnalyticsQuery(
        as_of=as_of or rt.now(), include_ids=include_ids, ghost_after=ghost_after, stale_after=stale_after
    )
    return await analytics.get_analytics(rt.reader(), rt.cache, cmd, user_id=user.user_id)


@router.get("/v1/board", operation_id="get_board", response_model=BoardOut)
async def get_board(
    user: UserDep, rt: RuntimeDep, cards_per_column: Annotated[int | None, Query(ge=1, le=500)] = None
) -> dict[str, Any]:
    return await board.get_board(
        rt.reader(), rt.cache, user_id=user.user_id, now=rt.now(), cards_per_column=cards_per_column,
        default_cards=rt.settings.board_cards_per_column,
    )  # fmt: skip


@router.get("/v1/board/columns", operation_id="get_board_columns", response_model=ColumnsOut)
async def get_columns(user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    return await board.get_columns(rt.reader(), user_id=user.user_id)


@router.put("/v1/board/columns", operation_id="set_board_columns", response_model=ColumnsOut)
async def set_columns(body: ColumnsIn, user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    """Your own columns, each mapped onto a canonical stage (several columns may share one)."""
    now = rt.now()
    return await rt.transact(lambda uow: board.set_columns(uow, body, user_id=user.user_id, now=now))


@router.get("/v1/activity", operation_id="list_activity", response_model=ActivityPage)
async def list_activity(
    user: UserDep,
    rt: RuntimeDep,
    limit: LimitQuery = None,
    cursor: CursorQuery = None,
    application_id: Annotated[str | None, Query(max_length=64)] = None,
    kind: Annotated[str | None, Query(max_length=80)] = None,
) -> dict[str, Any]:
    cmd = ActivityFilter(limit=limit, cursor=cursor, application_id=application_id, kind=kind)
    return await activity.list_activity(rt.reader(), cmd, user_id=user.user_id)


@router.get("/v1/tracker/summary", operation_id="get_tracker_summary", response_model=SummaryOut)
async def tracker_summary(user: UserDep, rt: RuntimeDep) -> dict[str, Any]:
    """For the dashboard: pipeline counts per stage, next reminders, upcoming interviews, recent activity."""
    return await analytics.summary(rt.reader(), user_id=user.user_id, now=rt.now())
