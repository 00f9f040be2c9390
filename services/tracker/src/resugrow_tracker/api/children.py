"""An application's interviews, contacts, notes and tasks."""

from __future__ import annotations

from fastapi import APIRouter

from resugrow_tracker.api.deps import CursorQuery, LimitQuery, RuntimeDep, UserDep
from resugrow_tracker.api.schemas import ChildOut, ChildPage, InterviewResult
from resugrow_tracker.commands import ContactIn, InterviewIn, NoteIn, PageQuery, TaskIn
from resugrow_tracker.use_cases import children as uc
from resugrow_tracker.use_cases.interviews import schedule_interview as schedule

router = APIRouter(tags=["tracker"])
BASE = "/v1/applications/{application_id}"


@router.post(
    f"{BASE}/interviews", operation_id="schedule_interview", status_code=201, response_model=InterviewResult
)
async def schedule_interview(
    application_id: str, body: InterviewIn, user: UserDep, rt: RuntimeDep
) -> dict[str, object]:
    now = rt.now()
    return await rt.transact(
        lambda uow: schedule(uow, body, user_id=user.user_id, app_id=application_id, now=now)
    )


@router.get(f"{BASE}/contacts", operation_id="list_application_contacts", response_model=ChildPage)
async def list_contacts(
    application_id: str, user: UserDep, rt: RuntimeDep, limit: LimitQuery = None, cursor: CursorQuery = None
) -> dict[str, object]:
    page = PageQuery(limit=limit, cursor=cursor)
    return await uc.list_contacts(rt.reader(), page, user_id=user.user_id, app_id=application_id)


@router.post(
    f"{BASE}/contacts", operation_id="add_application_contact", status_code=201, response_model=ChildOut
)
async def add_contact(
    application_id: str, body: ContactIn, user: UserDep, rt: RuntimeDep
) -> dict[str, object]:
    now = rt.now()
    return await rt.transact(
        lambda uow: uc.add_contact(uow, body, user_id=user.user_id, app_id=application_id, now=now)
    )


@router.get(f"{BASE}/notes", operation_id="list_application_notes", response_model=ChildPage)
async def list_notes(
    application_id: str, user: UserDep, rt: RuntimeDep, limit: LimitQuery = None, cursor: CursorQuery = None
) -> dict[str, object]:
    page = PageQuery(limit=limit, cursor=cursor)
    return await uc.list_notes(rt.reader(), page, user_id=user.user_id, app_id=application_id)


@router.post(f"{BASE}/notes", operation_id="add_application_note", status_code=201, response_model=ChildOut)
async def add_note(application_id: str, body: NoteIn, user: UserDep, rt: RuntimeDep) -> dict[str, object]:
    now = rt.now()
    return await rt.transact(
        lambda uow: uc.add_note(uow, body, user_id=user.user_id, app_id=application_id, now=now)
    )


@router.get(f"{BASE}/tasks", operation_id="list_application_tasks", response_model=ChildPage)
async def list_tasks(
    application_id: str, user: UserDep, rt: RuntimeDep, limit: LimitQuery = None, cursor: CursorQuery = None
) -> dict[str, object]:
    page = PageQuery(limit=limit, cursor=cursor)
    return await uc.list_tasks(rt.reader(), page, user_id=user.user_id, app_id=application_id)


@router.post(f"{BASE}/tasks", operation_id="add_application_task", status_code=201, response_model=ChildOut)
async def add_task(application_id: str, body: TaskIn, user: UserDep, rt: RuntimeDep) -> dict[str, object]:
    now = rt.now()
    return await rt.transact(
        lambda uow: uc.add_task(uow, body, user_id=user.user_id, app_id=application_id, now=now)
    )
