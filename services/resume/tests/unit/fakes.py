"""In-memory repositories implementing the resume use cases' ports, a fake unit of work, and fake
render tools (a renderer that returns fixed bytes, a dict artifact store)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from resugrow_resume.use_cases.ports import After, Doc, RenderTools, StoredFile
from resugrow_testing.fakes import FakeUnitOfWork, InMemoryCollection


def _older(docs: list[Doc], field_name: str, after: After) -> list[Doc]:
    docs = sorted(docs, key=lambda d: (d[field_name], d["_id"]), reverse=True)
    if after is None:
        return docs
    return [d for d in docs if (d[field_name], d["_id"]) < after]


class FakeResumes:
    def __init__(self) -> None:
        self.resumes = InMemoryCollection()
        self.versions = InMemoryCollection()

    async def get(self, user_id: str, resume_id: str) -> Doc | None:
        return self.resumes.find_one({"_id": resume_id, "user_id": user_id})

    async def get_version(self, user_id: str, resume_id: str, version: int) -> Doc | None:
        return self.versions.find_one({"_id": f"{resume_id}:{version}", "user_id": user_id})

    async def add(self, resume: Doc, version: Doc) -> None:
        self.resumes.insert(resume)
        self.versions.insert(version)

    async def append_version(self, resume: Doc, *, expected_latest: int, changes: Doc, version: Doc) -> bool:
        query = {"_id": resume["_id"], "user_id": resume["user_id"], "latest_version": expected_latest}
        if self.resumes.update(query, changes) == 0:
            return False
        self.versions.insert(version)
        return True

    async def mark_rendered(self, user_id: str, resume_id: str, version: int) -> bool:
        doc = self.resumes.find_one({"_id": resume_id, "user_id": user_id})
        if doc is None:
            return False
        self.resumes.update({"_id": resume_id}, {"rendered_upto": max(version, doc.get("rendered_upto", 0))})
        return True

    async def set_title(self, user_id: str, resume_id: str, title: str, at: datetime) -> None:
        self.resumes.update({"_id": resume_id, "user_id": user_id}, {"title": title, "updated_at": at})

    async def newest(self, user_id: str, *, kind: str | None, limit: int, after: After) -> list[Doc]:
        query = {"user_id": user_id, **({"kind": kind} if kind else {})}
        docs = [{k: v for k, v in d.items() if k != "content"} for d in self.resumes.find(query)]
        return _older(docs, "updated_at", after)[:limit]

    async def count(self, user_id: str, *, kind: str | None = None) -> int:
        return len(self.resumes.find({"user_id": user_id, **({"kind": kind} if kind else {})}))

    async def delete(self, user_id: str, resume_id: str) -> None:
        self.resumes.delete({"_id": resume_id, "user_id": user_id})
        self.versions.delete({"resume_id": resume_id, "user_id": user_id})


class FakeVariants:
    def __init__(self, resumes: FakeResumes) -> None:
        self._resumes = resumes

    async def of_master(self, user_id: str, master_id: str) -> list[Doc]:
        return self._resumes.resumes.find({"user_id": user_id, "master_id": master_id})


class FakeCoverLetters:
    def __init__(self) -> None:
        self.docs = InMemoryCollection()

    async def get(self, user_id: str, letter_id: str) -> Doc | None:
        return self.docs.find_one({"_id": letter_id, "user_id": user_id})

    async def add(self, letter: Doc) -> None:
        self.docs.insert(letter)

    async def update(self, user_id: str, letter_id: str, changes: Doc) -> None:
        self.docs.update({"_id": letter_id, "user_id": user_id}, changes)

    async def delete(self, user_id: str, letter_id: str) -> bool:
        return self.docs.delete({"_id": letter_id, "user_id": user_id}) > 0

    async def ids_for_resume(self, user_id: str, resume_id: str) -> list[str]:
        return [d["_id"] for d in self.docs.find({"user_id": user_id, "resume_id": resume_id})]

    async def newest(self, user_id: str, *, resume_id: str | None, limit: int, after: After) -> list[Doc]:
        docs = self.docs.find({"user_id": user_id, **({"resume_id": resume_id} if resume_id else {})})
        return _older(docs, "created_at", after)[:limit]

    async def count(self, user_id: str, *, resume_id: str | None = None) -> int:
        return len(self.docs.find({"user_id": user_id, **({"resume_id": resume_id} if resume_id else {})}))


class FakeRenderJobs:
    def __init__(self) -> None:
        self.docs = InMemoryCollection()

    async def get(self, render_id: str, *, user_id: str | None = None) -> Doc | None:
        return self.docs.find_one({"_id": render_id, **({"user_id": user_id} if user_id is not None else {})})

    async def add(self, job: Doc) -> None:
        self.docs.insert(job)

    async def finish(self, render_id: str, changes: Doc) -> None:
        self.docs.update({"_id": render_id, "status": "pending"}, changes)

    async def delete_for_resume(self, user_id: str, resume_id: str) -> None:
        self.docs.delete({"resume_id": resume_id, "user_id": user_id})


class FakeScores:
    def __init__(self, resumes: FakeResumes) -> None:
        self._resumes = resumes

    async def record_version(self, resume_id: str, version: int, owner: str | None, ats: Doc) -> None:
        doc = self._resumes.versions.get(f"{resume_id}:{version}")
        if doc is None or (owner and doc["user_id"] != owner):
            return
        if doc.get("ats") is None or doc["ats"]["scanned_at"] <= ats["scanned_at"]:
            self._resumes.versions.update({"_id": doc["_id"]}, {"ats": ats})

    async def record_latest(self, resume_id: str, owner: str | None, ats: Doc) -> None:
        doc = self._resumes.resumes.get(resume_id)
        if doc is None or (owner and doc["user_id"] != owner):
            return
        if doc.get("latest_ats") is None or doc["latest_ats"]["scanned_at"] <= ats["scanned_at"]:
            self._resumes.resumes.update({"_id": resume_id}, {"latest_ats": ats})


class FakeArtifacts:
    """Both the artifact store of the render tools and the in-transaction eraser."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, Doc]] = {}
        self.recent: dict[str, tuple[bytes, Doc]] = {}  # remembered, not (yet) stored
        self.store_lookups = 0  # finds that went past the remembered files to the store

    async def find(
        self, artifact_id: str, *, user_id: str | None = None, remembered_only: bool = False
    ) -> StoredFile | None:
        found = self.recent.get(artifact_id)
        if found is None and not remembered_only:
            self.store_lookups += 1
            found = self.files.get(artifact_id)
        if found is None or (user_id is not None and found[1]["user_id"] != user_id):
            return None
        return StoredFile(artifact_id, len(found[0]), dict(found[1]))

    async def read(self, artifact: StoredFile) -> bytes | None:
        found = self.files.get(artifact.artifact_id) or self.recent.get(artifact.artifact_id)
        return found[0] if found else None

    def remember(self, artifact_id: str, content: bytes, metadata: Doc) -> None:
        self.recent[artifact_id] = (content, dict(metadata))

    async def put(self, artifact_id: str, filename: str, content: bytes, metadata: Doc) -> None:
        self.files.setdefault(artifact_id, (content, dict(metadata)))

    async def delete_ids(self, ids: list[str]) -> None:
        for key in ids:
            self.files.pop(key, None)
            self.recent.pop(key, None)

    async def delete_user(self, user_id: str) -> int:
        doomed = [k for k, (_, meta) in self.files.items() if meta["user_id"] == user_id]
        await self.delete_ids(doomed)
        return len(doomed)


@dataclass
class FakeResult:
    content: bytes
    media_type: str
    extension: str
    pages: int | None = 1
    overflow: bool = False
    fit_report: Doc | None = None
    verification: Doc | None = None


_MEDIA = {"pdf": "application/pdf", "png": "image/png", "md": "text/markdown; charset=utf-8"}


@dataclass
class FakeRenderer:
    """Renders "<kind>:<format>:<name>" bytes; ``fail`` makes every render raise it."""

    fail: Exception | None = None
    calls: list[tuple[str, str]] = field(default_factory=list)

    async def render(self, kind: str, resume: Doc, letter: Doc | None, options: Any) -> FakeResult:
        if self.fail is not None:
            raise self.fail
        self.calls.append((kind, options.format))
        name = (resume.get("basics") or {}).get("name", "")
        body = f"{kind}:{options.format}:{name}".encode()
        return FakeResult(body, _MEDIA.get(options.format, "application/octet-stream"), options.format)

    async def thumbnail(self, template: str) -> bytes:
        return b"\x89PNG" + template.encode()


class InlineWrites:
    """Background writes kept to be awaited by the test."""

    def __init__(self) -> None:
        self.pending: list[Coroutine[Any, Any, Any]] = []

    def spawn(self, write: Coroutine[Any, Any, Any]) -> None:
        self.pending.append(write)

    def spawn_latest(self, slot: str, version: int, write: Callable[[], Coroutine[Any, Any, Any]]) -> None:
        self.spawn(write())

    async def drain(self) -> None:
        writes, self.pending = self.pending, []
        await asyncio.gather(*writes)


class FakeWritingReports:
    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}

    async def put(self, report: Doc) -> None:
        self.docs[report["_id"]] = dict(report)

    async def get(self, user_id: str, report_id: str) -> Doc | None:
        doc = self.docs.get(report_id)
        return dict(doc) if doc is not None and doc["user_id"] == user_id else None


class FakeResumeUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__("resume")
        self.resumes = FakeResumes()
        self.variants = FakeVariants(self.resumes)
        self.letters = FakeCoverLetters()
        self.jobs = FakeRenderJobs()
        self.scores = FakeScores(self.resumes)
        self.artifacts = FakeArtifacts()
        self.writing_reports = FakeWritingReports()


def render_tools(uow: FakeResumeUnitOfWork, renderer: FakeRenderer | None = None) -> RenderTools:
    return RenderTools(renderer or FakeRenderer(), uow.artifacts, InlineWrites(), engine="test-engine")
