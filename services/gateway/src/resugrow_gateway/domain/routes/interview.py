"""The interview service's public routes, in the order the OpenAPI document lists them."""

from __future__ import annotations

from resugrow_gateway.domain.routes.model import BodyKind, ProxyRoute

_R = ProxyRoute
_J, _U, _JU, _D = BodyKind.JSON, BodyKind.UPLOAD, BodyKind.JSON_OR_UPLOAD, BodyKind.DOCUMENT
_PAGE = ("limit", "cursor")

ROUTES: tuple[ProxyRoute, ...] = (
    # interview
    _R(
        "GET",
        "/v1/interview/questions",
        "list_interview_questions",
        "Browse the question bank",
        query=("kind", "role", "level", "limit"),
    ),
    _R(
        "POST",
        "/v1/interview/evaluate",
        "evaluate_interview_answer",
        "Evaluate one answer outside a session",
        _J,
    ),
    _R("POST", "/v1/interviews", "start_interview_session", "Start a practice session", _J, status_code=201),
    _R("GET", "/v1/interviews", "list_interview_sessions", "List your practice sessions", query=_PAGE),
    _R("GET", "/v1/interviews/progress", "get_interview_progress", "Your progress across sessions"),
    _R("GET", "/v1/interviews/summary", "get_interview_summary", "Your interview practice summary"),
    _R("GET", "/v1/interviews/{session_id}", "get_interview_session", "Read one session"),
    _R(
        "POST",
        "/v1/interviews/{session_id}/answers",
        "answer_interview_question",
        "Answer the current question",
        _J,
    ),
    _R(
        "POST",
        "/v1/interviews/{session_id}/finish",
        "finish_interview_session",
        "Finish a session with a report",
    ),
    _R("POST", "/v1/interviews/{session_id}/pause", "pause_interview_session", "Pause a session"),
    _R("POST", "/v1/interviews/{session_id}/resume", "resume_interview_session", "Resume a paused session"),
)
