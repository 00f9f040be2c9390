"""Mongo collections of the resume service and their indexes. Every query filters by user_id.

Stored shapes (every document carries ``user_id``):

* ``resumes``: one per master or variant: title, kind, ``master_id``, ``latest_version``,
  ``latest_ats`` (the newest scan of any version, for the dashboard); a master also carries its
  latest document as ``content`` so the common read costs one query.
* ``resume_versions``: immutable, ``{resume_id}:{n}``. A master version holds the document as
  canonical JSON text (JSON Resume keys such as ``$schema`` are not valid Mongo field names
  everywhere, and text keeps the bytes exact); a variant version holds its overlay operations
  and the master version they were computed against. ``ats`` is the latest scan of that version.
* ``cover_letters``: the letter's words, tied to a resume (and optionally a job application).
* ``renders``: asynchronous render jobs and the artifacts they produced.
* GridFS bucket ``artifacts``: rendered files under their content key (see ``documents.render_key``).
"""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

RESUMES = "resumes"
VERSIONS = "resume_versions"
COVER_LETTERS = "cover_letters"
RENDERS = "renders"
WRITING_REPORTS = "writing_reports"  # rewrite reports and tailoring operations, per resume version
USER_COLLECTIONS = (RESUMES, VERSIONS, COVER_LETTERS, RENDERS, WRITING_REPORTS)


def version_id(resume_id: str, version: int) -> str:
    return f"{resume_id}:{version}"


def newest_first(field: str, after: tuple[Any, str] | None) -> dict[str, Any]:
    """The filter for "older than the cursor" in a (field desc, _id desc) ordering."""
    if after is None:
        return {}
    at, last_id = after
    return {"$or": [{field: {"$lt": at}}, {field: at, "_id": {"$lt": last_id}}]}


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[RESUMES].create_index([("user_id", ASCENDING), ("updated_at", DESCENDING)])
    await db[RESUMES].create_index([("user_id", ASCENDING), ("master_id", ASCENDING)])
    await db[VERSIONS].create_index([("resume_id", ASCENDING), ("version", ASCENDING)], unique=True)
    await db[VERSIONS].create_index("user_id")
    await db[COVER_LETTERS].create_index([("user_id", ASCENDING), ("created_at", DESCENDING)])
    await db[RENDERS].create_index([("user_id", ASCENDING), ("created_at", DESCENDING)])
    await db[WRITING_REPORTS].create_index("user_id")
