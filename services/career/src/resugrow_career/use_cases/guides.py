"""Skills guides and the glossary (read-only content)."""

from __future__ import annotations

from typing import Any

from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.guides import search_glossary, skills_guide
from resugrow_domain.errors import InvalidInput, NotFound
from resugrow_domain.pagination import Page, clamp_limit, decode_cursor, encode_cursor


def get_skills_guide(catalog: Catalog, *, occupation: str) -> dict[str, Any]:
    if not occupation.strip():
        raise InvalidInput("Give an occupation code or title.", field="occupation")
    occ = catalog.occupations.get(occupation) or catalog.occupations.get(f"{occupation}.00")
    if occ is None:
        hits = catalog.index.match(occupation, limit=1).hits
        if not hits:
            raise NotFound(f"No occupation matches {occupation!r}.")
        occ = catalog.occupations[hits[0].code]
    return skills_guide(occ)


def list_glossary(
    terms: list[dict[str, Any]], *, q: str | None, limit: int | None, cursor: str | None
) -> Page[dict[str, Any]]:
    found = search_glossary(terms, q)
    start = int((decode_cursor(cursor) or {}).get("offset", 0))
    size = clamp_limit(limit)
    items = found[start : start + size]
    more = start + size < len(found)
    return Page(items=items, next_cursor=encode_cursor({"offset": start + size}) if more else None)


def get_glossary_term(terms: list[dict[str, Any]], *, slug: str) -> dict[str, Any]:
    for t in terms:
        if t["slug"] == slug:
            return t
    raise NotFound(f"No glossary term {slug!r}.", slug=slug)
