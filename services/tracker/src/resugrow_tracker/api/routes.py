"""The tracker's HTTP API (served through the gateway). Each route calls one use case."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from resugrow_platform import CurrentUser, PlatformDep, Unprocessable
from resugrow_platform.safeparse import loads as policy_loads
from resugrow_tracker import service
from resugrow_tracker.api.schemas import (
    ApplicationIn,
    ApplicationPatch,
    ClipIn,
    ColumnsIn,
    ContactIn,
    InterviewIn,
    MoveIn,
    NoteIn,
    ReminderIn,
    TaskIn,
)

router = APIRouter(tags=["tracker"])

StageQuery = Annotated[list[str] | None, Query(description="Stage(s), repeated or comma-separated")]
DateQuery = Annotated[datetime | None, Query()]


def _now() -> datetime:
    return datetime.now(UTC)


# -- applications --------------------------------------------------------------------------------


@router.post("/v1/applications", operation_id="create_application", status_code=201)
async def create_application(body: ApplicationIn, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.create_application(platform, user_id=user.user_id, body=body, now=_now())


@router.get("/v1/applications", operation_id="list_applications")
async def list_applications(
    user: CurrentUser,
    platform: PlatformDep,
    stage: StageQuery = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    source: Annotated[str | None, Query(max_length=100)] = None,
    priority_min: Annotated[int | None, Query(ge=0, le=3)] = None,
    created_from: DateQuery = None,
    created_to: DateQuery = None,
    sort: Annotated[str, Query(max_length=40)] = "-last_move_at",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    return await service.list_applications(
        platform,
        user_id=user.user_id,
        stage=stage,
        q=q,
        source=source,
        priority_min=priority_min,
        date_from=created_from,
        date_to=created_to,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )


def _mapping(raw: str | None) -> dict[str, str] | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = policy_loads(raw)
    except json.JSONDecodeError as exc:
        raise Unprocessable(
            "The mapping is not valid JSON.",
            errors=[{"loc": ["query", "mapping"], "msg": f"malformed JSON at column {exc.colno}"}],
        ) from exc
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise Unprocessable(
            "The mapping must be an object of target field -> column name.",
            errors=[{"loc": ["query", "mapping"], "msg": 'expected {"company": "Employer", ...}'}],
        )
    return value


@router.post(
    "/v1/applications/import",
    operation_id="import_applications",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "format": {"type": "string", "enum": ["linkedin", "huntr", "csv"]},
                            "mapping": {"type": "string", "description": "JSON object target -> column"},
                        },
                        "required": ["file"],
                    }
                },
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            }
        }
    },
)
async def import_applications(
    request: Request,
    user: CurrentUser,
    platform: PlatformDep,
    format: Annotated[str | None, Query(pattern="^(linkedin|huntr|csv)$")] = None,
    mapping: Annotated[str | None, Query(max_length=10_000)] = None,
    date_order: Annotated[str | None, Query(max_length=3)] = None,
    default_stage: Annotated[str | None, Query(max_length=40)] = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Upload a LinkedIn `Job Applications.csv`, a Huntr-style board JSON, or any CSV (with an
    optional column mapping). Every row is validated first: any fault gives a 4xx naming its row
    and column, and nothing is imported. Rows already imported are skipped."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Unprocessable(
                "Attach the file as the 'file' part.", errors=[{"loc": ["body", "file"], "msg": "missing"}]
            )
        content = await upload.read()
        fmt_field, mapping_field = form.get("format"), form.get("mapping")
        format = format or (fmt_field if isinstance(fmt_field, str) and fmt_field else None)
        mapping = mapping or (mapping_field if isinstance(mapping_field, str) else None)
    else:
        content = await request.body()
    return await service.import_applications(
        platform,
        user_id=user.user_id,
        content=content,
        fmt=format,
        mapping=_mapping(mapping),
        date_order=date_order,
        default_stage=default_stage,
        dry_run=dry_run,
        now=_now(),
    )


@router.get("/v1/applications/export", operation_id="export_applications")
async def export_applications(
    user: CurrentUser,
    platform: PlatformDep,
    format: Annotated[str, Query(pattern="^(csv|json)$")] = "csv",
    date_from: Annotated[datetime | None, Query(alias="from")] = None,
    date_to: Annotated[datetime | None, Query(alias="to")] = None,
    stage: StageQuery = None,
) -> Response:
    """Every application with its full stage history, filtered by application date and stage."""
    kind, payload = await service.export_applications(
        platform, user_id=user.user_id, fmt=format, date_from=date_from, date_to=date_to, stage=stage
    )
    if kind == "csv":
        return Response(
            payload,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="applications.csv"'},
        )
    return JSONResponse(json.loads(json.dumps(payload, default=_json_default)))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


@router.get("/v1/applications/report", operation_id="get_applications_report", response_class=HTMLResponse)
async def applications_report(
    user: CurrentUser,
    platform: PlatformDep,
    date_from: Annotated[datetime | None, Query(alias="from")] = None,
    date_to: Annotated[datetime | None, Query(alias="to")] = None,
    stage: StageQuery = None,
    name: Annotated[
        str | None, Query(max_length=120, description="Applicant name printed on the report")
    ] = None,
    as_of: DateQuery = None,
) -> HTMLResponse:
    """A printable proof-of-applications report (HTML with print CSS: print it or save it as PDF)."""
    html = await service.report_html(
        platform,
        user_id=user.user_id,
        date_from=date_from,
        date_to=date_to,
        stage=stage,
        owner=name,
        as_of=service.utc(as_of) or _now(),
    )
    return HTMLResponse(html)


@router.get("/v1/applications/{application_id}", operation_id="get_application")
async def get_application(application_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_application(platform, user_id=user.user_id, app_id=application_id)


@router.patch("/v1/applications/{application_id}", operation_id="update_application")
async def update_application(
    application_id: str, body: ApplicationPatch, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.update_application(
        platform, user_id=user.user_id, app_id=application_id, body=body, now=_now()
    )


@router.delete("/v1/applications/{application_id}", operation_id="delete_application", status_code=204)
async def delete_application(application_id: str, user: CurrentUser, platform: PlatformDep) -> Response:
    await service.delete_application(platform, user_id=user.user_id, app_id=application_id, now=_now())
    return Response(status_code=204)


@router.post("/v1/applications/{application_id}/moves", operation_id="move_application", status_code=201)
async def move_application(
    application_id: str, body: MoveIn, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    """Move to a stage (or a board column). `at` is when it really happened: history can be
    entered after the fact and is ordered by that time."""
    return await service.move_application(
        platform, user_id=user.user_id, app_id=application_id, body=body, now=_now()
    )


@router.get("/v1/applications/{application_id}/history", operation_id="get_application_history")
async def get_history(application_id: str, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_history(platform, user_id=user.user_id, app_id=application_id, now=_now())


@router.post(
    "/v1/applications/{application_id}/interviews", operation_id="schedule_interview", status_code=201
)
async def schedule_interview(
    application_id: str, body: InterviewIn, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.schedule_interview(
        platform, user_id=user.user_id, app_id=application_id, body=body, now=_now()
    )


@router.get("/v1/applications/{application_id}/contacts", operation_id="list_application_contacts")
async def list_contacts(
    application_id: str, user: CurrentUser, platform: PlatformDep
) -> list[dict[str, Any]]:
    return await service.list_contacts(platform, user_id=user.user_id, app_id=application_id)


@router.post(
    "/v1/applications/{application_id}/contacts", operation_id="add_application_contact", status_code=201
)
async def add_contact(
    application_id: str, body: ContactIn, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.add_contact(
        platform, user_id=user.user_id, app_id=application_id, body=body, now=_now()
    )


@router.get("/v1/applications/{application_id}/notes", operation_id="list_application_notes")
async def list_notes(application_id: str, user: CurrentUser, platform: PlatformDep) -> list[dict[str, Any]]:
    return await service.list_notes(platform, user_id=user.user_id, app_id=application_id)


@router.post("/v1/applications/{application_id}/notes", operation_id="add_application_note", status_code=201)
async def add_note(
    application_id: str, body: NoteIn, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.add_note(
        platform, user_id=user.user_id, app_id=application_id, body=body, now=_now()
    )


@router.get("/v1/applications/{application_id}/tasks", operation_id="list_application_tasks")
async def list_tasks(application_id: str, user: CurrentUser, platform: PlatformDep) -> list[dict[str, Any]]:
    return await service.list_tasks(platform, user_id=user.user_id, app_id=application_id)


@router.post("/v1/applications/{application_id}/tasks", operation_id="add_application_task", status_code=201)
async def add_task(
    application_id: str, body: TaskIn, user: CurrentUser, platform: PlatformDep
) -> dict[str, Any]:
    return await service.add_task(
        platform, user_id=user.user_id, app_id=application_id, body=body, now=_now()
    )


# -- reminders -----------------------------------------------------------------------------------


@router.post("/v1/reminders", operation_id="create_reminder", status_code=201)
async def create_reminder(body: ReminderIn, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.create_reminder(platform, user_id=user.user_id, body=body, now=_now())


@router.get("/v1/reminders", operation_id="list_reminders")
async def list_reminders(
    user: CurrentUser,
    platform: PlatformDep,
    status: Annotated[str | None, Query(max_length=20)] = "pending",
    application_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    return await service.list_reminders(
        platform, user_id=user.user_id, status=status or None, application_id=application_id, limit=limit
    )


# -- analytics, board ----------------------------------------------------------------------------


@router.get("/v1/analytics", operation_id="get_analytics")
async def get_analytics(
    user: CurrentUser,
    platform: PlatformDep,
    as_of: Annotated[datetime | None, Query(description="Compute as of this time (reproducible)")] = None,
    include_ids: bool = True,
    ghost_after: Annotated[
        str | None, Query(max_length=300, description="e.g. applied:30,screening:21")
    ] = None,
    stale_after: Annotated[str | None, Query(max_length=300, description="e.g. saved:14,applied:10")] = None,
) -> dict[str, Any]:
    """Funnel, conversion, response times and time in stage from the stage history, with the
    definition of every figure. The same `as_of` (and thresholds) give the same report later."""
    return await service.get_analytics(
        platform,
        user_id=user.user_id,
        as_of=service.utc(as_of) or _now(),
        include_ids=include_ids,
        thresholds=service.parse_thresholds(ghost_after, stale_after),
    )


@router.get("/v1/board", operation_id="get_board")
async def get_board(
    user: CurrentUser,
    platform: PlatformDep,
    cards_per_column: Annotated[int | None, Query(ge=1, le=500)] = None,
) -> dict[str, Any]:
    return await service.get_board(
        platform, user_id=user.user_id, now=_now(), cards_per_column=cards_per_column
    )


@router.get("/v1/board/columns", operation_id="get_board_columns")
async def get_columns(user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    return await service.get_columns(platform, user_id=user.user_id)


@router.put("/v1/board/columns", operation_id="set_board_columns")
async def set_columns(body: ColumnsIn, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    """Your own columns, each mapped onto a canonical stage (several columns may share one)."""
    return await service.set_columns(platform, user_id=user.user_id, body=body, now=_now())


# -- clipping, activity, summary ------------------------------------------------------------------


@router.post("/v1/jobs/clip", operation_id="clip_job", status_code=200)
async def clip_job(
    body: ClipIn, user: CurrentUser, platform: PlatformDep, response: Response
) -> dict[str, Any]:
    """Extract a job from a saved page's HTML; with `save: true` it is added as an application (201)."""
    saved, out = await service.clip(platform, user_id=user.user_id, body=body, now=_now())
    if saved:
        response.status_code = 201
    return out


@router.get("/v1/activity", operation_id="list_activity")
async def list_activity(
    user: CurrentUser,
    platform: PlatformDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=300)] = None,
    application_id: Annotated[str | None, Query(max_length=64)] = None,
    kind: Annotated[str | None, Query(max_length=80)] = None,
) -> dict[str, Any]:
    return await service.list_activity(
        platform, user_id=user.user_id, limit=limit, cursor=cursor, application_id=application_id, kind=kind
    )


@router.get("/v1/tracker/summary", operation_id="get_tracker_summary")
async def tracker_summary(user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    """For the dashboard: pipeline counts per stage, next reminders, upcoming interviews, recent activity."""
    return await service.summary(platform, user_id=user.user_id, now=_now())
