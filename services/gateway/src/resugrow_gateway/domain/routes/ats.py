"""The ats service's public routes, in the order the OpenAPI document lists them."""

from __future__ import annotations

from resugrow_gateway.domain.routes.model import BodyKind, ProxyRoute

_R = ProxyRoute
_J, _U, _JU, _D = BodyKind.JSON, BodyKind.UPLOAD, BodyKind.JSON_OR_UPLOAD, BodyKind.DOCUMENT
_PAGE = ("limit", "cursor")

ROUTES: tuple[ProxyRoute, ...] = (
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
)
