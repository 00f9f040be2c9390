"""The career service's public routes, in the order the OpenAPI document lists them."""

from __future__ import annotations

from resugrow_gateway.domain.routes.model import BodyKind, ProxyRoute

_R = ProxyRoute
_J, _U, _JU, _D = BodyKind.JSON, BodyKind.UPLOAD, BodyKind.JSON_OR_UPLOAD, BodyKind.DOCUMENT
_PAGE = ("limit", "cursor")

ROUTES: tuple[ProxyRoute, ...] = (
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
