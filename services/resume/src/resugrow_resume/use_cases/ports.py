"""What the use cases need from the outside world, as Protocols (Mongo adapters and in-memory
fakes implement them). Documents are plain dicts shaped as described in ``adapters/collections``."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from resugrow_events import EventPayload

Doc = dict[str, Any]
After = tuple[datetime, str] | None


class Resumes(Protocol):
    async def get(self, user_id: str, resume_id: str) -> Doc | None: ...
    async def get_version(self, user_id: str, resume_id: str, version: int) -> Doc | None: ...
    async def add(self, resume: Doc, version: Doc) -> None: ...
    async def append_version(
        self, resume: Doc, *, expected_latest: int, changes: Doc, version: Doc
    ) -> bool: ...
    async def set_title(self, user_id: str, resume_id: str, title: str, at: datetime) -> None: ...
    async def newest(self, user_id: str, *, kind: str | None, limit: int, after: After) -> list[Doc]: ...
    async def count(self, user_id: str, *, kind: str | None = None) -> int: ...
    async def delete(self, user_id: str, resume_id: str) -> None: ...
    async def mark_rendered(self, user_id: str, resume_id: str, version: int) -> bool:
        """Raise the resume's ``rendered_upto`` to ``version``; False when the resume is gone."""


class Variants(Protocol):
    async def of_master(self, user_id: str, master_id: str) -> list[Doc]: ...


class CoverLetters(Protocol):
    async def get(self, user_id: str, letter_id: str) -> Doc | None: ...
    async def add(self, letter: Doc) -> None: ...
    async def update(self, user_id: str, letter_id: str, changes: Doc) -> None: ...
    async def delete(self, user_id: str, letter_id: str) -> bool: ...
    async def ids_for_resume(self, user_id: str, resume_id: str) -> list[str]: ...
    async def newest(self, user_id: str, *, resume_id: str | None, limit: int, after: After) -> list[Doc]: ...
    async def count(self, user_id: str, *, resume_id: str | None = None) -> int: ...


class RenderJobs(Protocol):
    async def get(self, render_id: str, *, user_id: str | None = None) -> Doc | None: ...
    async def add(self, job: Doc) -> None: ...
    async def finish(self, render_id: str, changes: Doc) -> None: ...
    async def delete_for_resume(self, user_id: str, resume_id: str) -> None: ...


class Scores(Protocol):
    async def record_version(self, resume_id: str, version: int, owner: str | None, ats: Doc) -> None: ...
    async def record_latest(self, resume_id: str, owner: str | None, ats: Doc) -> None: ...


class WritingReports(Protocol):
    """The rewrite report or tailoring operations kept with a resume version."""

    async def put(self, report: Doc) -> None: ...
    async def get(self, user_id: str, report_id: str) -> Doc | None: ...


class UserArtifacts(Protocol):
    """The user's rendered files, inside the transaction (erasure)."""

    async def delete_user(self, user_id: str) -> int: ...


class ResumeUoW(Protocol):
    """One transaction of the resume service: its repositories plus the outbox."""

    resumes: Resumes
    variants: Variants
    letters: CoverLetters
    jobs: RenderJobs
    scores: Scores
    artifacts: UserArtifacts
    writing_reports: WritingReports

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Any: ...


@dataclass(frozen=True)
class StoredFile:
    artifact_id: str
    size: int
    metadata: Doc


class ArtifactStore(Protocol):
    """Rendered files by content key (GridFS in production)."""

    async def find(
        self, artifact_id: str, *, user_id: str | None = None, remembered_only: bool = False
    ) -> StoredFile | None:
        """The file by key; ``remembered_only``: only if this process still holds it in memory
        (no store round trip), for an input known never to have been stored."""

    async def read(self, artifact: StoredFile) -> bytes | None: ...
    async def put(self, artifact_id: str, filename: str, content: bytes, metadata: Doc) -> None: ...
    async def delete_ids(self, ids: list[str]) -> None: ...
    def remember(self, artifact_id: str, content: bytes, metadata: Doc) -> None:
        """Serve this file to a repeat at once, before ``put`` (in the background) has finished."""


class Renderer(Protocol):
    """The render engine (a process pool in production)."""

    async def render(self, kind: str, resume: Doc, letter: Doc | None, options: Any) -> Any: ...
    async def thumbnail(self, template: str) -> bytes: ...


class Spawner(Protocol):
    """Runs a write after the response (awaited at shutdown)."""

    def spawn(self, write: Coroutine[Any, Any, Any]) -> None: ...
    def spawn_latest(self, slot: str, version: int, write: Callable[[], Coroutine[Any, Any, Any]]) -> None:
        """Run ``write()`` later unless a write for ``slot`` at this or a newer version supersedes it."""


@dataclass(frozen=True)
class RenderTools:
    """What rendering needs besides the repositories."""

    renderer: Renderer
    store: ArtifactStore
    background: Spawner
    engine: str  # the engine fingerprint: part of every artifact key
