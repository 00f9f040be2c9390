"""The resume service's public routes, in the order the OpenAPI document lists them."""

from __future__ import annotations

from resugrow_gateway.domain.routes.model import BodyKind, ProxyRoute

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
)
