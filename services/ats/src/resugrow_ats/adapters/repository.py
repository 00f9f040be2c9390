"""Mongo collections of the ATS service and their indexes. Every query filters by user_id."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

SCANS = "scans"
MATCHES = "matches"
RESUME_TEXTS = "resume_texts"  # projection of resume.updated: one document per resume version
APPLICATIONS = "applications"  # projection of tracker.application.created
PENDING = "pending_work"  # renders/matches that arrived before their resume version's text
USER_COLLECTIONS = (SCANS, MATCHES, RESUME_TEXTS, APPLICATIONS, PENDING)


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[SCANS].create_index([("user_id", ASCENDING), ("_id", DESCENDING)])
    await db[SCANS].create_index([("user_id", ASCENDING), ("resume_id", ASCENDING), ("version", ASCENDING)])
    await db[MATCHES].create_index([("user_id", ASCENDING), ("application_id", ASCENDING)])
    await db[RESUME_TEXTS].create_index(
        [("user_id", ASCENDING), ("resume_id", ASCENDING), ("version", ASCENDING)]
    )
    await db[APPLICATIONS].create_index([("user_id", ASCENDING), ("application_id", ASCENDING)])
    await db[PENDING].create_index([("user_id", ASCENDING), ("resume_id", ASCENDING), ("version", ASCENDING)])


def text_key(user_id: str, resume_id: str, version: int) -> str:
    return f"{user_id}:{resume_id}:{version}"
