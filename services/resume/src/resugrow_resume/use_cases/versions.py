"""Building blocks every write shares: validation, titles, version documents, resume.updated."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from resugrow_domain import InvalidInput
from resugrow_events import ResumeUpdatedV1
from resugrow_resume.domain.documents import canonical_json
from resugrow_resume.domain.model import ResumeInvalid, normalize
from resugrow_resume.domain.projection import project
from resugrow_resume.use_cases.errors import invalid_document
from resugrow_resume.use_cases.ports import Doc, ResumeUoW
from resugrow_resume.use_cases.reading import VARIANT

MAX_TITLE = 200


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def version_key(resume_id: str, version: int) -> str:
    return f"{resume_id}:{version}"


def validated(data: Any, field: str) -> Doc:
    """The canonical document, or InvalidInput naming paths under ``field`` of the command."""
    try:
        return normalize(data)
    except ResumeInvalid as exc:
        raise invalid_document(exc, field) from None


def check_title(title: Any) -> str | None:
    if title is None:
        return None
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        raise InvalidInput(f"title must be 1-{MAX_TITLE} characters", field="title")
    return title.strip()


def default_title(content: Doc) -> str:
    basics = content.get("basics") or {}
    parts = [p for p in (basics.get("name"), basics.get("label")) if isinstance(p, str) and p.strip()]
    return " - ".join(parts)[:MAX_TITLE] or "Untitled resume"


def version_doc(
    resume: Doc, n: int, at: datetime, *, content: Doc | None = None, ops: list[Any] | None = None,
    base_version: int | None = None,
) -> Doc:  # fmt: skip
    doc: Doc = {
        "_id": version_key(resume["_id"], n),
        "resume_id": resume["_id"],
        "user_id": resume["user_id"],
        "version": n,
        "created_at": at,
        "ats": None,
    }
    if content is not None:
        doc["content"] = dumps(content)
        doc["sha256"] = hashlib.sha256(canonical_json(content)).hexdigest()
    else:
        doc["overlay"] = dumps(ops or [])
        doc["base_version"] = base_version
    return doc


def publish_updated(
    uow: ResumeUoW, *, user_id: str, resume: Doc, version: int, content: Doc, at: datetime,
    master_version: int | None = None,
) -> None:  # fmt: skip
    p = project(content)
    uow.publish(
        ResumeUpdatedV1(
            resume_id=resume["_id"],
            version=version,
            master_version=master_version,
            title=resume["title"],
            is_variant=resume["kind"] == VARIANT,
            master_id=resume.get("master_id"),
            name=p.name,
            headline=p.headline,
            positions=p.positions,
            skills=p.skills,
            text=p.text,
            updated_at=at,
        ),
        subject=resume["_id"],
        user_id=user_id,
    )
