"""The linkedin service's public routes, in the order the OpenAPI document lists them."""

from __future__ import annotations

from resugrow_gateway.domain.routes.model import BodyKind, ProxyRoute

_R = ProxyRoute
_J, _U, _JU, _D = BodyKind.JSON, BodyKind.UPLOAD, BodyKind.JSON_OR_UPLOAD, BodyKind.DOCUMENT
_PAGE = ("limit", "cursor")

ROUTES: tuple[ProxyRoute, ...] = (
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
)
