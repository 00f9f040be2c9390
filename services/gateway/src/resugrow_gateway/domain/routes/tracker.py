"""The tracker service's public routes, in the order the OpenAPI document lists them."""

from __future__ import annotations

from resugrow_gateway.domain.routes.model import BodyKind, ProxyRoute

_R = ProxyRoute
_J, _U, _JU, _D = BodyKind.JSON, BodyKind.UPLOAD, BodyKind.JSON_OR_UPLOAD, BodyKind.DOCUMENT
_PAGE = ("limit", "cursor")

ROUTES: tuple[ProxyRoute, ...] = (
    # tracker
    _R("POST", "/v1/applications", "create_application", "Add a job application", _J, status_code=201),
    _R(
        "GET",
        "/v1/applications",
        "list_applications",
        "List, filter and sort applications",
        query=("stage", "q", "sort", "limit", "cursor"),
    ),
    _R(
        "POST",
        "/v1/applications/import",
        "import_applications",
        "Import applications (CSV, LinkedIn)",
        _U,
        status_code=201,
    ),
    _R(
        "GET",
        "/v1/applications/export",
        "export_applications",
        "Export applications with history",
        binary=True,
        query=("format",),
    ),
    _R(
        "GET",
        "/v1/applications/{application_id}/interviews/{interview_id}/thank-you",
        "get_thank_you_draft",
        "A thank-you note draft after an interview",
    ),
    _R("GET", "/v1/applications/{application_id}", "get_application", "Read one application"),
    _R("PATCH", "/v1/applications/{application_id}", "update_application", "Change an application", _J),
    _R(
        "DELETE",
        "/v1/applications/{application_id}",
        "delete_application",
        "Delete an application",
        status_code=204,
    ),
    _R(
        "POST",
        "/v1/applications/{application_id}/moves",
        "move_application",
        "Move to another stage",
        _J,
        status_code=201,
    ),
    _R("GET", "/v1/applications/{application_id}/history", "get_application_history", "Stage history"),
    _R("GET", "/v1/applications/{application_id}/contacts", "list_application_contacts", "Contacts"),
    _R(
        "POST",
        "/v1/applications/{application_id}/contacts",
        "add_application_contact",
        "Add a contact",
        _J,
        status_code=201,
    ),
    _R("GET", "/v1/applications/{application_id}/notes", "list_application_notes", "Notes"),
    _R(
        "POST",
        "/v1/applications/{application_id}/notes",
        "add_application_note",
        "Add a note",
        _J,
        status_code=201,
    ),
    _R("GET", "/v1/applications/{application_id}/tasks", "list_application_tasks", "Tasks"),
    _R(
        "POST",
        "/v1/applications/{application_id}/tasks",
        "add_application_task",
        "Add a task",
        _J,
        status_code=201,
    ),
    _R("GET", "/v1/reminders", "list_reminders", "Upcoming reminders"),
    _R("POST", "/v1/reminders", "create_reminder", "Create a reminder", _J, status_code=201),
    _R(
        "POST",
        "/v1/applications/{application_id}/interviews",
        "schedule_interview",
        "Schedule an interview round",
        _J,
        status_code=201,
    ),
    _R(
        "GET",
        "/v1/applications/report",
        "get_applications_report",
        "Printable proof-of-applications report (HTML)",
        binary=True,
        query=("from", "to", "stage"),
    ),
    _R("GET", "/v1/board/columns", "get_board_columns", "Your board columns"),
    _R("PUT", "/v1/board/columns", "set_board_columns", "Define board columns mapped onto stages", _J),
    _R("GET", "/v1/analytics", "get_analytics", "Pipeline analytics"),
    _R("GET", "/v1/board", "get_board", "The board: columns with cards"),
    _R("POST", "/v1/jobs/clip", "clip_job", "Clip a job posting into an application", _J, status_code=201),
    _R("GET", "/v1/activity", "list_activity", "Your activity timeline", query=_PAGE),
    _R("GET", "/v1/tracker/summary", "get_tracker_summary", "Pipeline counts and next reminders"),
)
