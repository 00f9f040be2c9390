"""Reading one user's document by its id.

Every service keys its documents by `_id` and scopes them to a user. Asking the database for
`{"_id": id, "user_id": user}` sends the query through its planner; `{"_id": id}` alone is the
primary-key point lookup (MongoDB's IDHACK; SecantusDB's fast path), and the owner is then
checked here. On the embedded SecantusDB, reading a resume document (2.9 KB of content) cost
the server 0.50-0.70 ms of CPU by its id alone against 1.23-1.25 ms with the owner in the
filter, and the reader 1.0-1.3 ms against 1.9-2.0 ms of wall time (200 and 3,000 documents in
the collection; issue 16). Another user's document is answered as absent, as the filter did."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OWNER = "user_id"


def _with_owner(projection: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The projection, widened so that the owner field comes back: an inclusion projection
    would drop it, and one that excludes it by name would make every document read as
    another user's. The caller still gets what it asked for (find_owned removes the owner)."""
    if projection is None or projection.get(OWNER):
        return projection
    rest = {k: v for k, v in projection.items() if k != OWNER}
    if any(v for k, v in rest.items() if k != "_id"):
        return {**rest, OWNER: 1}
    if OWNER not in projection:
        return projection  # an exclusion projection that keeps the owner
    return rest or None  # the owner was all it left out


async def find_owned(
    collection: Any,
    doc_id: Any,
    user_id: str,
    projection: Mapping[str, Any] | None = None,
    *,
    session: Any = None,
) -> dict[str, Any] | None:
    """The document `doc_id` if it belongs to `user_id`, else None."""
    asked = _with_owner(projection)
    doc: dict[str, Any] | None = await collection.find_one({"_id": doc_id}, asked, session=session)
    if doc is None or doc.get(OWNER) != user_id:
        return None
    if asked is not projection:
        del doc[OWNER]  # only widened to check it: the caller sees what it asked for
    return doc
