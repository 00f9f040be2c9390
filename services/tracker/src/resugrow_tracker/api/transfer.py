"""Import, export, the printable report, and clipping a job page."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from resugrow_domain import Conflict, InvalidInput
from resugrow_domain.safeparse import loads as policy_loads
from resugrow_tracker.api.deps import DateQuery, RuntimeDep, StageQuery, UserDep
from resugrow_tracker.api.schemas import ClipOut, ImportResult
from resugrow_tracker.commands import ClipIn, ExportFilter, ImportRequest, ReportFilter
from resugrow_tracker.use_cases import transfer as uc

router = APIRouter(tags=["tracker"])
IMPORT_BODY = {
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
IMPORT_ATTEMPTS = 3


def _mapping(raw: str | None) -> dict[str, str] | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = policy_loads(raw)
    except json.JSONDecodeError as exc:  # JsonPolicyError too
        raise InvalidInput(f"The mapping is not valid JSON (column {exc.colno}).", field="mapping") from exc
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInput(
            'The mapping must be an object of target field -> column name, e.g. {"company": "Employer"}.',
            field="mapping",
        )
    return value


async def _upload(
    request: Request, fmt: str | None, mapping: str | None
) -> tuple[bytes, str | None, str | None]:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await request.body(), fmt, mapping
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise InvalidInput("Attach the file as the 'file' part.", field="file")
    fmt_field, mapping_field = form.get("format"), form.get("mapping")
    fmt = fmt or (fmt_field if isinstance(fmt_field, str) and fmt_field else None)
    mapping = mapping or (mapping_field if isinstance(mapping_field, str) else None)
    return await upload.read(), fmt, mapping


@router.post(
    "/v1/applications/import",
    operation_id="import_applications",
    status_code=201,
    response_model=ImportResult,
    openapi_extra={"requestBody": {"content": IMPORT_BODY}},
)
async def import_applications(
    request: Request,
    user: UserDep,
    rt: RuntimeDep,
    format: Annotated[str | None, Query(pattern="^(linkedin|huntr|csv)$")] = None,
    mapping: Annotated[str | None, Query(max_length=10_000)] = None,
    date_order: Annotated[str | None, Query(max_length=3)] = None,
    default_stage: Annotated[str | None, Query(max_length=40)] = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Upload a LinkedIn `Job Applications.csv`, a Huntr-style board JSON, or any CSV (with an
    optional column mapping). Every row is validated first: any fault gives a 4xx naming its row
    and column, and nothing is imported. Rows already imported are skipped."""
    content, fmt, raw_mapping = await _upload(request, format, mapping)
    cmd = ImportRequest(
        content=content, format=fmt, mapping=_mapping(raw_mapping), date_order=date_order,
        default_stage=default_stage, dry_run=dry_run,
    )  # fmt: skip
    now = rt.now()
    plan = await uc.plan_import(cmd, now=now)
    for attempt in range(IMPORT_ATTEMPTS):
        try:
            return await rt.transact(
                lambda uow: uc.import_applications(uow, plan, user_id=user.user_id, now=now, dry_run=dry_run)
            )
        except Conflict:
            # A concurrent import of the same rows committed first: re-run; they now exist.
            if attempt == IMPORT_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


@router.get(
    "/v1/applications/export",
    operation_id="export_applications",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            }
        }
    },
)
async def export_applications(
    user: UserDep,
    rt: RuntimeDep,
    format: Annotated[str, Query(pattern="^(csv|json)$")] = "csv",
    date_from: Annotated[datetime | None, Query(alias="from")] = None,
    date_to: Annotated[datetime | None, Query(alias="to")] = None,
    stage: StageQuery = None,
) -> Response:
    """Every application with its full stage history, filtered by application date and stage."""
    cmd = ExportFilter(format=format, date_from=date_from, date_to=date_to, stage=stage)
    kind, payload = await uc.export_applications(rt.reader(), cmd, user_id=user.user_id)
    if kind == "csv":
        return Response(
            payload,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="applications.csv"'},
        )
    return JSONResponse(json.loads(json.dumps(payload, default=_json_default)))


@router.get(
    "/v1/applications/report",
    operation_id="get_applications_report",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
async def applications_report(
    user: UserDep,
    rt: RuntimeDep,
    date_from: Annotated[datetime | None, Query(alias="from")] = None,
    date_to: Annotated[datetime | None, Query(alias="to")] = None,
    stage: StageQuery = None,
    name: Annotated[
        str | None, Query(max_length=120, description="Applicant name printed on the report")
    ] = None,
    as_of: DateQuery = None,
) -> HTMLResponse:
    """A printable proof-of-applications report (HTML with print CSS: print it or save it as PDF)."""
    cmd = ReportFilter(date_from=date_from, date_to=date_to, stage=stage, owner=name, as_of=as_of)
    return HTMLResponse(await uc.report_html(rt.reader(), cmd, user_id=user.user_id, now=rt.now()))


@router.post("/v1/jobs/clip", operation_id="clip_job", status_code=200, response_model=ClipOut)
async def clip_job(body: ClipIn, user: UserDep, rt: RuntimeDep, response: Response) -> dict[str, Any]:
    """Extract a job from a saved page's HTML; with `save: true` it is added as an application (201)."""
    job = await uc.extract_clip(body)
    if not body.save:
        return {"clip": job.as_dict(), "application": None}
    now, days = rt.now(), rt.settings.follow_up_days
    out = await rt.transact(
        lambda uow: uc.save_clip(uow, body, job, user_id=user.user_id, now=now, follow_up_days=days)
    )
    response.status_code = 201
    return out
