"""Cursor pages over newest-first lists: the cursor is the last item's (timestamp, id)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from resugrow_domain import InvalidInput
from resugrow_domain.pagination import Page, decode_cursor, page_after
from resugrow_resume.use_cases.ports import After, Doc


def position(cursor: str | None) -> After:
    pos = decode_cursor(cursor)
    if pos is None:
        return None
    try:
        return datetime.fromisoformat(str(pos["t"])), str(pos["id"])
    except (KeyError, ValueError) as exc:
        raise InvalidInput("The cursor is not one this service gave out.", field="cursor") from exc


def newest_page(docs: list[Doc], limit: int, field: str) -> Page[Doc]:
    """``docs`` fetched with ``limit + 1``: the page and the cursor after its last item."""

    def position_of(doc: Doc) -> dict[str, Any]:
        return {"t": doc[field].isoformat(), "id": doc["_id"]}

    return page_after(docs, limit, position_of)
