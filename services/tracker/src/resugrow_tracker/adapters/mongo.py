"""The tracker's collection names and indexes; only `adapters/` names a collection."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

APPLICATIONS = "applications"
CONTACTS = "contacts"
NOTES = "notes"
TASKS = "tasks"
REMINDERS = "reminders"
ACTIVITY = "activity"
BOARDS = "boards"
# Per-user counters of changes to what analytics and the board read (see adapters/versions.py):
# a replica's read model needs no refresh while they have not moved.
VERSIONS = "user_versions"
USER_COLLECTIONS = (APPLICATIONS, CONTACTS, NOTES, TASKS, REMINDERS, ACTIVITY, BOARDS, VERSIONS)

# Stamped on an application by every write: the read models re-read only what changed.
CHANGED_AT = "rm_changed_at"

# What analytics and the board read: everything else stays on disk.
ANALYTICS_PROJECTION = {"moves": 1, "source": 1, "resume_label": 1, "resume_id": 1, "resume_version": 1}
BOARD_PROJECTION = {
    "company": 1, "role": 1, "location": 1, "priority": 1, "deadline": 1, "stage": 1, "column_id": 1,
    "last_move_at": 1, "ats_match.score": 1, "next_interview_at": 1,
}  # fmt: skip


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    apps = db[APPLICATIONS]
    await apps.create_index([("user_id", ASCENDING), ("natural_key", ASCENDING)], unique=True)
    await apps.create_index([("user_id", ASCENDING), ("deleted", ASCENDING), ("last_move_at", DESCENDING)])
    await apps.create_index([("user_id", ASCENDING), ("deleted", ASCENDING), ("stage", ASCENDING)])
    await apps.create_index([("user_id", ASCENDING), (CHANGED_AT, ASCENDING)])
    for name in (CONTACTS, NOTES, TASKS):
        await db[name].create_index([("user_id", ASCENDING), ("application_id", ASCENDING)])
    await db[REMINDERS].create_index([("status", ASCENDING), ("due_at", ASCENDING)])
    await db[REMINDERS].create_index([("user_id", ASCENDING), ("due_at", ASCENDING)])
    await db[ACTIVITY].create_index([("user_id", ASCENDING), ("at", DESCENDING)])
