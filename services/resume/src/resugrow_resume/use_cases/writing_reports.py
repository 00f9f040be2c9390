"""Where the writing tools keep what they did: the rewrite report of an applied version and the
tailoring operations of a variant (one document per resume version, in ``writing_reports``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from resugrow_platform import ServicePlatform
from resugrow_resume.adapters.repository import WRITING_REPORTS, version_id


async def save_report(
    platform: ServicePlatform, *, user_id: str, resume_id: str, version: int, kind: str, body: dict[str, Any]
) -> dict[str, Any]:
    doc = {
        "_id": version_id(resume_id, version),
        "user_id": user_id,
        "resume_id": resume_id,
        "version": version,
        "kind": kind,
        "created_at": datetime.now(UTC),
        **body,
    }
    await platform.db[WRITING_REPORTS].replace_one({"_id": doc["_id"], "user_id": user_id}, doc, upsert=True)
    return doc


async def get_report(
    platform: ServicePlatform, *, user_id: str, resume_id: str, version: int
) -> dict[str, Any] | None:
    doc: dict[str, Any] | None = await platform.db[WRITING_REPORTS].find_one(
        {"_id": version_id(resume_id, version), "user_id": user_id}, {"_id": 0, "user_id": 0}
    )
    return doc
