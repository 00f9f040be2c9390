"""Find occupations by title or resume, and show one occupation's profile."""

from __future__ import annotations

from typing import Any

from resugrow_career.commands import ResumeFacts
from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.occupations import Occupation
from resugrow_career.domain.profile import match_resume, match_view, profile_view
from resugrow_domain.errors import InvalidInput


def search_occupations(catalog: Catalog, *, q: str, limit: int = 5) -> dict[str, Any]:
    if not q.strip():
        raise InvalidInput("Give a job title to search for.", field="q")
    return match_view(catalog, catalog.index.match(q, limit=limit))


def get_occupation(catalog: Catalog, *, code: str, location: str | None) -> dict[str, Any]:
    occ = catalog.occupation(code)
    return profile_view(catalog, occ, catalog.area(location))


def match_from_resume(catalog: Catalog, *, resume: ResumeFacts) -> dict[str, Any]:
    if not any(t.strip() for t in resume.titles):
        raise InvalidInput("The resume has no job titles to match.", field="resume.titles")
    return match_resume(catalog, resume.titles, resume.skills)


def resolve_occupation(
    catalog: Catalog,
    *,
    code: str | None,
    title: str | None,
    resume: ResumeFacts | None = None,
    profile: dict[str, Any] | None = None,
    field: str = "title",
) -> Occupation:
    """The occupation a request is about: explicit code, else title, else resume, else stored profile."""
    if code:
        return catalog.occupation(code)
    if title and title.strip():
        hits = catalog.index.match(title, limit=1).hits
        if not hits:
            raise InvalidInput(f"No occupation matches {title!r}.", field=field)
        return catalog.occupations[hits[0].code]
    if resume is not None and any(t.strip() for t in resume.titles):
        best = match_resume(catalog, resume.titles, resume.skills)["best"]
        if best:
            return catalog.occupations[best["code"]]
    if profile and profile.get("occupation"):
        return catalog.occupation(profile["occupation"])
    raise InvalidInput("Give an occupation code, a job title or a resume.", field=field)
