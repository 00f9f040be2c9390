"""One repository per aggregate: the only code that names a collection.

Each is built on a database and a session (the platform unit of work's, inside a transaction;
``None`` for plain reads).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_platform import find_owned
from resugrow_resume.adapters.collections import (
    COVER_LETTERS,
    RENDERS,
    RESUMES,
    VERSIONS,
    WRITING_REPORTS,
    newest_first,
    version_id,
)

Doc = dict[str, Any]
_NEWEST = [("updated_at", -1), ("_id", -1)]
_NEWEST_CREATED = [("created_at", -1), ("_id", -1)]


class _Repo:
    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self.db = db
        self.session = session


class MongoResumes(_Repo):
    """Resumes (masters and variants) and their immutable versions."""

    async def get(self, user_id: str, resume_id: str) -> Doc | None:
        doc: Doc | None = await find_owned(self.db[RESUMES], resume_id, user_id, session=self.session)
        return doc

    async def get_version(self, user_id: str, resume_id: str, version: int) -> Doc | None:
        doc: Doc | None = await find_owned(
            self.db[VERSIONS], version_id(resume_id, version), user_id, session=self.session
        )
        return doc

    async def add(self, resume: Doc, version: Doc) -> None:
        await self.db[RESUMES].insert_one(resume, session=self.session)
        await self.db[VERSIONS].insert_one(version, session=self.session)

    async def append_version(self, resume: Doc, *, expected_latest: int, changes: Doc, version: Doc) -> bool:
        """Version n+1, only if the resume is still at ``expected_latest`` (False: someone else won)."""
        result = await self.db[RESUMES].update_one(
            {"_id": resume["_id"], "user_id": resume["user_id"], "latest_version": expected_latest},
            {"$set": changes},
            session=self.session,
        )
        if result.matched_count == 0:
            return False
        await self.db[VERSIONS].insert_one(version, session=self.session)
        return True

    async def mark_rendered(self, user_id: str, resume_id: str, version: int) -> bool:
        """Record that an artifact of ``version`` was stored (False: the resume is gone)."""
        result = await self.db[RESUMES].update_one(
            {"_id": resume_id, "user_id": user_id},
            {"$max": {"rendered_upto": version}},
            session=self.session,
        )
        return result.matched_count > 0

    async def set_title(self, user_id: str, resume_id: str, title: str, at: datetime) -> None:
        await self.db[RESUMES].update_one(
            {"_id": resume_id, "user_id": user_id},
            {"$set": {"title": title, "updated_at": at}},
            session=self.session,
        )

    async def newest(
        self, user_id: str, *, kind: str | None, limit: int, after: tuple[datetime, str] | None
    ) -> list[Doc]:
        query: Doc = {
            "user_id": user_id,
            **({"kind": kind} if kind else {}),
            **newest_first("updated_at", after),
        }
        cursor = self.db[RESUMES].find(query, {"content": 0}, session=self.session).sort(_NEWEST).limit(limit)
        return [doc async for doc in cursor]

    async def count(self, user_id: str, *, kind: str | None = None) -> int:
        query: Doc = {"user_id": user_id, **({"kind": kind} if kind else {})}
        return await self.db[RESUMES].count_documents(query, session=self.session)

    async def delete(self, user_id: str, resume_id: str) -> None:
        await self.db[RESUMES].delete_one({"_id": resume_id, "user_id": user_id}, session=self.session)
        await self.db[VERSIONS].delete_many(
            {"resume_id": resume_id, "user_id": user_id}, session=self.session
        )


class MongoVariants(_Repo):
    """Variants seen from their master (they are resumes of kind "variant")."""

    async def of_master(self, user_id: str, master_id: str) -> list[Doc]:
        cursor = self.db[RESUMES].find(
            {"user_id": user_id, "master_id": master_id}, {"content": 0}, session=self.session
        )
        return [doc async for doc in cursor]


class MongoCoverLetters(_Repo):
    async def get(self, user_id: str, letter_id: str) -> Doc | None:
        doc: Doc | None = await find_owned(self.db[COVER_LETTERS], letter_id, user_id, session=self.session)
        return doc

    async def add(self, letter: Doc) -> None:
        await self.db[COVER_LETTERS].insert_one(letter, session=self.session)

    async def update(self, user_id: str, letter_id: str, changes: Doc) -> None:
        await self.db[COVER_LETTERS].update_one(
            {"_id": letter_id, "user_id": user_id}, {"$set": changes}, session=self.session
        )

    async def delete(self, user_id: str, letter_id: str) -> bool:
        result = await self.db[COVER_LETTERS].delete_one(
            {"_id": letter_id, "user_id": user_id}, session=self.session
        )
        return result.deleted_count > 0

    async def ids_for_resume(self, user_id: str, resume_id: str) -> list[str]:
        cursor = self.db[COVER_LETTERS].find(
            {"user_id": user_id, "resume_id": resume_id}, {"_id": 1}, session=self.session
        )
        return [doc["_id"] async for doc in cursor]

    def _query(self, user_id: str, resume_id: str | None) -> Doc:
        return {"user_id": user_id, **({"resume_id": resume_id} if resume_id else {})}

    async def newest(
        self, user_id: str, *, resume_id: str | None, limit: int, after: tuple[datetime, str] | None
    ) -> list[Doc]:
        query = {**self._query(user_id, resume_id), **newest_first("created_at", after)}
        cursor = self.db[COVER_LETTERS].find(query, session=self.session).sort(_NEWEST_CREATED).limit(limit)
        return [doc async for doc in cursor]

    async def count(self, user_id: str, *, resume_id: str | None = None) -> int:
        return await self.db[COVER_LETTERS].count_documents(
            self._query(user_id, resume_id), session=self.session
        )


class MongoRenderJobs(_Repo):
    async def get(self, render_id: str, *, user_id: str | None = None) -> Doc | None:
        query: Doc = {"_id": render_id, **({"user_id": user_id} if user_id is not None else {})}
        doc: Doc | None = await self.db[RENDERS].find_one(query, session=self.session)
        return doc

    async def add(self, job: Doc) -> None:
        await self.db[RENDERS].insert_one(job, session=self.session)

    async def finish(self, render_id: str, changes: Doc) -> None:
        """Record the outcome of a pending job (a finished one keeps its first outcome)."""
        await self.db[RENDERS].update_one(
            {"_id": render_id, "status": "pending"}, {"$set": changes}, session=self.session
        )

    async def delete_for_resume(self, user_id: str, resume_id: str) -> None:
        await self.db[RENDERS].delete_many({"resume_id": resume_id, "user_id": user_id}, session=self.session)


class MongoScores(_Repo):
    """The latest ATS scan per resume version and per resume; only a newer scan replaces one."""

    async def record_version(self, resume_id: str, version: int, owner: str | None, ats: Doc) -> None:
        older = [{"ats": None}, {"ats.scanned_at": {"$lte": ats["scanned_at"]}}]
        await self.db[VERSIONS].update_one(
            {"_id": version_id(resume_id, version), **_owner(owner), "$or": older},
            {"$set": {"ats": ats}},
            session=self.session,
        )

    async def record_latest(self, resume_id: str, owner: str | None, ats: Doc) -> None:
        older = [{"latest_ats": None}, {"latest_ats.scanned_at": {"$lte": ats["scanned_at"]}}]
        await self.db[RESUMES].update_one(
            {"_id": resume_id, **_owner(owner), "$or": older},
            {"$set": {"latest_ats": ats}},
            session=self.session,
        )


def _owner(user_id: str | None) -> Doc:
    return {"user_id": user_id} if user_id else {}


class MongoWritingReports(_Repo):
    """Rewrite reports and tailoring operations, one per resume version."""

    async def put(self, report: Doc) -> None:
        await self.db[WRITING_REPORTS].replace_one(
            {"_id": report["_id"]}, report, upsert=True, session=self.session
        )

    async def get(self, user_id: str, report_id: str) -> Doc | None:
        doc: Doc | None = await find_owned(self.db[WRITING_REPORTS], report_id, user_id, session=self.session)
        return doc
