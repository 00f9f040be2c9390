"""Mongo collections of the resume service and their indexes. Every query filters by user_id."""

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


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[RESUMES].create_index([("user_id", ASCENDING), ("updated_at", DESCENDING)])
    await db[RESUMES].create_index([("user_id", ASCENDING), ("master_id", ASCENDING)])
    await db[VERSIONS].create_index([("resume_id", ASCENDING), ("version", ASCENDING)], unique=True)
    await db[VERSIONS].create_index("user_id")
    await db[COVER_LETTERS].create_index([("user_id", ASCENDING), ("created_at", DESCENDING)])
    await db[RENDERS].create_index([("user_id", ASCENDING), ("created_at", DESCENDING)])
    await db[WRITING_REPORTS].create_index("user_id")
