"""Which service answers which public path, with the limits of each route.

The gateway forwards paths unchanged: every service serves its public API under the same
`/v1/...` path it has at the gateway. `PREFIXES` decides the service for any path (so a route
a service adds later is reachable at once); `ROUTES` declares each known route explicitly so
the one OpenAPI document is complete, with its own timeout and body limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

MB = 1024 * 1024
JSON_LIMIT = 1 * MB
UPLOAD_LIMIT = 10 * MB
DEFAULT_TIMEOUT_S = 10.0
SERVICES = ("resume", "ats", "interview", "linkedin", "tracker", "career")


class BodyKind(StrEnum):
    NONE = "none"
    JSON = "json"
    UPLOAD = "upload"  # multipart/form-data with a `file` part
    JSON_OR_UPLOAD = "json_or_upload"
    DOCUMENT = "document"  # a JSON, YAML or multipart import


@dataclass(frozen=True)
class ServiceRule:
    prefix: str
    service: str
    max_body_bytes: int = JSON_LIMIT
    timeout_s: float = DEFAULT_TIMEOUT_S


# Longest prefix first so `/v1/jobs/clip` wins over any shorter rule.
PREFIXES: tuple[ServiceRule, ...] = tuple(
    sorted(
        (
            ServiceRule("/v1/resumes", "resume", 2 * MB),
            ServiceRule("/v1/renders", "resume", timeout_s=60.0),
            ServiceRule("/v1/templates", "resume"),
            ServiceRule("/v1/cover-letters", "resume"),
            ServiceRule("/v1/writing", "resume"),
            ServiceRule("/v1/ats", "ats", UPLOAD_LIMIT, 30.0),
            ServiceRule("/v1/interview", "interview"),
            ServiceRule("/v1/interviews", "interview"),
            ServiceRule("/v1/linkedin", "linkedin", UPLOAD_LIMIT, 30.0),
            ServiceRule("/v1/applications", "tracker", 5 * MB),
            ServiceRule("/v1/reminders", "tracker"),
            ServiceRule("/v1/analytics", "tracker"),
            ServiceRule("/v1/board", "tracker"),
            ServiceRule("/v1/jobs/clip", "tracker"),
            ServiceRule("/v1/activity", "tracker"),
            ServiceRule("/v1/tracker", "tracker"),
            ServiceRule("/v1/career", "career"),
            ServiceRule("/v1/glossary", "career"),
        ),
        key=lambda rule: len(rule.prefix),
        reverse=True,
    )
)


def resolve_service(path: str) -> ServiceRule | None:
    """The rule owning `path`, matching whole segments (`/v1/atsx` is nobody's)."""
    for rule in PREFIXES:
        if path == rule.prefix or path.startswith(rule.prefix + "/"):
            return rule
    return None


@dataclass(frozen=True)
class ProxyRoute:
    method: str
    path: str
    operation_id: str
    summary: str
    body: BodyKind = BodyKind.NONE
    timeout_s: float | None = None
    max_body_bytes: int | None = None
    status_code: int = 200
    # The answer may be a file (PDF, DOCX, PNG, ZIP, CSV) rather than JSON.
    binary: bool = False
    query: tuple[str, ...] = ()
    # Served without a token (e.g. template thumbnails, which an <img> tag fetches).
    public: bool = False
    # Answered by the gateway itself, which composes several services (its own router serves it).
    composed: bool = False

    @property
    def rule(self) -> ServiceRule:
        rule = resolve_service(self.path)
        if rule is None:
            raise LookupError(f"no service owns {self.path}")
        return rule

    @property
    def service(self) -> str:
        return self.rule.service

    @property
    def timeout(self) -> float:
        return self.timeout_s if self.timeout_s is not None else self.rule.timeout_s

    @property
    def body_limit(self) -> int:
        if self.max_body_bytes is not None:
            return self.max_body_bytes
        if self.body in (BodyKind.UPLOAD, BodyKind.JSON_OR_UPLOAD):
            return UPLOAD_LIMIT
        if self.body == BodyKind.DOCUMENT:
            return self.rule.max_body_bytes
        return JSON_LIMIT

    @property
    def path_params(self) -> list[str]:
        return [part[1:-1] for part in self.path.split("/") if part.startswith("{") and part.endswith("}")]


_R = ProxyRoute
_J, _U, _JU, _D = BodyKind.JSON, BodyKind.UPLOAD, BodyKind.JSON_OR_UPLOAD, BodyKind.DOCUMENT
_PAGE = ("limit", "cursor")

ROUTES: tuple[ProxyRoute, ...] = (
    # resume
    _R("POST", "/v1/resumes", "create_resume", "Create a master resume", _J, status_code=201),
    _R("GET", "/v1/resumes", "list_resumes", "List your resumes", query=_PAGE),
    _R("GET", "/v1/resumes/summary", "resume_summary", "Your latest resumes and their ATS scores"),
    _R(
        "POST",
        "/v1/resumes/import",
        "import_resume",
        "Import a JSON Resume or RenderCV YAML file",
        _D,
        status_code=201,
    ),
    _R("GET", "/v1/resumes/{resume_id}", "get_resume", "Read one resume"),
    _R("PUT", "/v1/resumes/{resume_id}", "replace_resume", "Replace a resume (new version)", _J),
    _R("PATCH", "/v1/resumes/{resume_id}", "patch_resume", "Change part of a resume (new version)", _J),
    _R("DELETE", "/v1/resumes/{resume_id}", "delete_resume", "Delete a resume", status_code=204),
    _R("GET", "/v1/resumes/{resume_id}/versions/{version}", "get_resume_version", "Read one version"),
    _R(
        "POST",
        "/v1/resumes/{resume_id}/variants",
        "create_variant",
        "Tailor a variant for a job",
        _J,
        status_code=201,
    ),
    _R(
        "GET",
        "/v1/resumes/{resume_id}/export",
        "export_resume",
        "Export a resume (e.g. JSON Resume)",
        binary=True,
        query=("format",),
    ),
    _R(
        "POST",
        "/v1/resumes/{resume_id}/renders",
        "render_resume",
        "Render a resume: the file itself, or a job for several formats",
        _J,
        timeout_s=60.0,
        binary=True,
    ),
    _R("GET", "/v1/renders/{render_id}", "get_render", "Read a render job"),
    _R(
        "GET",
        "/v1/renders/{render_id}/file",
        "get_render_file",
        "Download a rendered file",
        binary=True,
        query=("format",),
    ),
    _R("GET", "/v1/templates", "list_templates", "List resume templates", public=True),
    _R(
        "GET",
        "/v1/templates/{name}/thumbnail.png",
        "get_template_thumbnail",
        "A template's PNG thumbnail",
        binary=True,
        public=True,
    ),
    # writing tools (issue 13)
    _R("POST", "/v1/writing/bullets", "review_bullets", "Review bullets and get stronger rewrites", _J),
    _R(
        "POST",
        "/v1/resumes/{resume_id}/bullets/apply",
        "apply_bullet_rewrites",
        "Accept chosen rewrites as a new version",
        _J,
        status_code=201,
    ),
    _R(
        "GET",
        "/v1/resumes/{resume_id}/versions/{version}/writing-report",
        "get_writing_report",
        "The rewrite report or tailoring operations of a version",
    ),
    _R(
        "POST",
        "/v1/resumes/{resume_id}/tailor",
        "tailor_resume",
        "Tailor a resume to a job in one step",
        _J,
        status_code=201,
        timeout_s=30.0,
        composed=True,
    ),
    _R(
        "POST",
        "/v1/cover-letters/drafts",
        "draft_cover_letter",
        "Draft a cover letter from a resume",
        _J,
        status_code=201,
    ),
    _R("PUT", "/v1/cover-letters/{letter_id}", "replace_cover_letter", "Replace a cover letter", _J),
    _R(
        "POST",
        "/v1/cover-letters/{letter_id}/renders",
        "render_cover_letter",
        "Render a cover letter in its resume's theme",
        _J,
        binary=True,
    ),
    _R("POST", "/v1/cover-letters", "create_cover_letter", "Write a cover letter", _J, status_code=201),
    _R("GET", "/v1/cover-letters", "list_cover_letters", "List your cover letters", query=_PAGE),
    _R("GET", "/v1/cover-letters/{letter_id}", "get_cover_letter", "Read one cover letter"),
    _R(
        "DELETE",
        "/v1/cover-letters/{letter_id}",
        "delete_cover_letter",
        "Delete a cover letter",
        status_code=204,
    ),
    # ats
    _R(
        "POST",
        "/v1/ats/scans",
        "create_ats_scan",
        "Scan a resume file, or a stored resume version",
        _JU,
        status_code=201,
    ),
    _R("GET", "/v1/ats/scans", "list_ats_scans", "List your scans", query=_PAGE),
    _R("GET", "/v1/ats/scans/{scan_id}", "get_ats_scan", "Read one scan report"),
    _R("POST", "/v1/ats/parse", "parse_ats_resume", "Parse a resume file into JSON Resume", _U),
    _R("GET", "/v1/ats/summary", "get_ats_summary", "Your latest ATS scores"),
    _R("POST", "/v1/ats/match", "match_ats_resume", "Score a resume against a job description", _JU),
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
    # linkedin
    _R(
        "POST",
        "/v1/linkedin/reviews",
        "create_linkedin_review",
        "Review a LinkedIn export ZIP, profile PDF or JSON profile",
        _JU,
        status_code=201,
    ),
    _R("GET", "/v1/linkedin/reviews", "list_linkedin_reviews", "List your profile reviews", query=_PAGE),
    _R("GET", "/v1/linkedin/reviews/{review_id}", "get_linkedin_review", "Read one review"),
    _R(
        "GET",
        "/v1/linkedin/reviews/{review_id}/diff/{other_id}",
        "diff_linkedin_reviews",
        "Compare two reviews",
    ),
    _R(
        "POST",
        "/v1/linkedin/profile/export",
        "export_linkedin_profile",
        "Turn a profile into a resume document",
        _J,
        query=("format",),
    ),
    _R("GET", "/v1/linkedin/summary", "get_linkedin_summary", "Your latest LinkedIn score"),
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
    # career
    _R(
        "GET",
        "/v1/career/occupations",
        "search_career_occupations",
        "Find occupations by job title",
        query=("q", "limit"),
    ),
    _R(
        "POST",
        "/v1/career/occupations/match",
        "match_career_resume",
        "Match a resume's titles and skills",
        _J,
    ),
    _R(
        "GET",
        "/v1/career/occupations/{code}",
        "get_career_occupation",
        "An occupation's profile and wages",
        query=("location",),
    ),
    _R("POST", "/v1/career/paths", "plan_career_paths", "Next roles and lateral moves", _J),
    _R("POST", "/v1/career/offers/evaluate", "evaluate_career_offers", "Evaluate and compare offers", _J),
    _R(
        "GET",
        "/v1/career/offers/evaluations",
        "list_offer_evaluations",
        "List your offer evaluations",
        query=_PAGE,
    ),
    _R(
        "GET",
        "/v1/career/offers/evaluations/{evaluation_id}",
        "get_offer_evaluation",
        "Read one offer evaluation",
    ),
    _R("POST", "/v1/career/offers/counter", "counter_career_offer", "Plan a counter-offer with a script", _J),
    _R(
        "GET",
        "/v1/career/guides/skills",
        "get_career_skills_guide",
        "Resume skills guide",
        query=("occupation",),
    ),
    _R("GET", "/v1/career/summary", "get_career_summary", "Your suggested next role and latest offer"),
    _R(
        "GET",
        "/v1/glossary",
        "list_glossary_terms",
        "Career glossary",
        query=("q", "limit", "cursor"),
        public=True,
    ),
    _R("GET", "/v1/glossary/{slug}", "get_glossary_term", "One glossary term", public=True),
)


# Hop-by-hop headers (RFC 9110 section 7.6.1) never cross a proxy; `host` is the downstream's own.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# Set by the gateway itself; a caller must not be able to spoof them downstream.
_REQUEST_OWNED = frozenset(
    {
        "host",
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-host",
        "forwarded",
        "x-real-ip",
        "x-request-id",
        "cookie",
    }
)
# Re-added by the gateway's own server and middlewares; passing them would duplicate them.
_RESPONSE_OWNED = frozenset({"server", "date", "x-request-id", "via", "set-cookie"})


def _connection_listed(headers: Iterable[tuple[str, str]]) -> set[str]:
    listed: set[str] = set()
    for name, value in headers:
        if name.lower() == "connection":
            listed.update(token.strip().lower() for token in value.split(",") if token.strip())
    return listed


def forward_request_headers(
    headers: Iterable[tuple[str, str]], *, client_ip: str | None, request_id: str | None, scheme: str = "http"
) -> list[tuple[str, str]]:
    pairs = list(headers)
    drop = _HOP_BY_HOP | _REQUEST_OWNED | _connection_listed(pairs)
    out = [(name, value) for name, value in pairs if name.lower() not in drop]
    if client_ip:
        out.append(("x-forwarded-for", client_ip))
    out.append(("x-forwarded-proto", scheme))
    if request_id:
        out.append(("x-request-id", request_id))
    return out


def forward_response_headers(
    headers: Iterable[tuple[str, str]], *, internal_bases: Iterable[str] = ()
) -> list[tuple[str, str]]:
    pairs = list(headers)
    drop = _HOP_BY_HOP | _RESPONSE_OWNED | _connection_listed(pairs)
    bases = tuple(internal_bases)
    out: list[tuple[str, str]] = []
    for name, value in pairs:
        lowered = name.lower()
        if lowered in drop or lowered.startswith("x-internal-"):
            continue
        if lowered in ("location", "content-location"):
            value = public_location(value, bases)
        out.append((name, value))
    return out


def public_location(value: str, internal_bases: Iterable[str]) -> str:
    """An absolute URL pointing at a downstream becomes a path, so no internal host leaks."""
    parts = urlsplit(value)
    if not parts.netloc:
        return value
    for base in internal_bases:
        if urlsplit(base).netloc == parts.netloc:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return value


def path_pattern(template: str) -> re.Pattern[str]:
    """`/v1/resumes/{resume_id}` -> a regex matching one non-empty segment per parameter."""
    parts = []
    for segment in template.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(segment))
    return re.compile("^/" + "/".join(parts) + "/?$")


class RouteTable:
    """Finds the declared route of a concrete request (for its timeout, body limit and name)."""

    def __init__(self, routes: Iterable[ProxyRoute] = ROUTES) -> None:
        self._by_service: dict[str, list[tuple[str, re.Pattern[str], ProxyRoute]]] = {}
        for route in routes:
            self._by_service.setdefault(route.service, []).append(
                (route.method, path_pattern(route.path), route)
            )

    def match(self, method: str, path: str) -> tuple[ServiceRule, ProxyRoute | None] | None:
        rule = resolve_service(path)
        if rule is None:
            return None
        for route_method, pattern, route in self._by_service.get(rule.service, ()):
            if route_method == method and pattern.match(path):
                return None if route.composed else (rule, route)
        return rule, None
