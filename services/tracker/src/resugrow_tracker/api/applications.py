"""Applications: create, list, read, edit, delete, move, history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from resugrow_tracker.api.deps import CursorQuery, DateQuery, RuntimeDep, StageQuery, UserDep
from resugrow_tracker.api.schemas import (
    ApplicationDetail,
    ApplicationOut,
    ApplicationPage,
    HistoryOut,
    MoveResult,
)
from resugrow_tracker.commands import ApplicationIn, ApplicationPatch, ApplicationSearch, MoveIn
from resugrow_tracker.use_cases import applications as uc

router = APIRouter(tags=["tracker"])


@router.post(
    "/v1/applications", operation_id="create_application", status_code=201, response_model=ApplicationOut
)
async def create_application(body: ApplicationIn, user: UserDep, rt: RuntimeDep) -> dict[str, object]:
    now, days = rt.now(), rt.settings.follow_up_days
    return await rt.transact(
        lambda uow: uc.create_application(uow, body, user_id=user.user_id, now=now, follow_up_days=days)
    )


@router.get("/v1/applications", operation_id="list_applications", response_model=ApplicationPage)
async def list_applications(
    user: UserDep,
    rt: RuntimeDep,
    stage: StageQuery = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    source: Annotated[str | None, Query(max_length=100)] = None,
    priority_min: Annotated[int | None, Query(ge=0, le=3)] = None,
    created_from: DateQuery = None,
    created_to: DateQuery = None,
    sort: Annotated[str, Query(max_length=40)] = "-last_move_at",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: CursorQuery = None,
) -> dict[str, object]:
    cmd = ApplicationSearch(
        stage=stage, q=q, source=source, priority_min=priority_min, created_from=created_from,
        created_to=created_to, sort=sort, limit=limit, cursor=cursor,
    )  # fmt: skip
    return await uc.list_applications(
        rt.reader(), cmd, user_id=user.user_id, max_limit=rt.settings.list_limit_max
    )


@router.get(
    "/v1/applications/{application_id}", operation_id="get_application", response_model=ApplicationDetail
)
async def get_application(application_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, object]:
    return await uc.get_application(rt.reader(), user_id=user.user_id, app_id=application_id)


@router.patch(
    "/v1/applications/{application_id}", operation_id="update_application", response_model=ApplicationOut
)
async def update_application(
    application_id: str, body: ApplicationPatch, user: UserDep, rt: RuntimeDep
) -> dict[str, object]:
    now = rt.now()
    return await rt.transact(
        lambda uow: uc.update_application(uow, body, user_id=user.user_id, app_id=application_id, now=now)
    )


@router.delete(
    "/v1/applications/{application_id}",
    operation_id="delete_application",
    status_code=204,
    response_class=Response,
)
async def delete_application(application_id: str, user: UserDep, rt: RuntimeDep) -> Response:
    now = rt.now()
    await rt.transact(
        lambda uow: uc.delete_application(uow, user_id=user.user_id, app_id=application_id, now=now)
    )
    return Response(status_code=204)


@router.post(
    "/v1/applications/{application_id}/moves",
    operation_id="move_application",
    status_code=201,
    response_model=MoveResult,
)
async def move_application(
    application_id: str, body: MoveIn, user: UserDep, rt: RuntimeDep
) -> dict[str, object]:
    """Move to a stage (or a board column). `at` is when it really happened: history can be
    entered after the fact and is ordered by that time."""
    now, days = rt.now(), rt.settings.follow_up_days
    return await rt.transact(
        lambda uow: uc.move_application(
            uow, body, user_id=user.user_id, app_id=application_id, now=now, follow_up_days=days
        )
    )


@router.get(
    "/v1/applications/{application_id}/history",
    operation_id="get_application_history",
    response_model=HistoryOut,
)
async def get_history(application_id: str, user: UserDep, rt: RuntimeDep) -> dict[str, object]:
    return await uc.get_history(rt.reader(), user_id=user.user_id, app_id=application_id, now=rt.now())
