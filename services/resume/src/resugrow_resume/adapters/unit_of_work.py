"""The resume unit of work: the platform's transaction (or a plain read) seen as repositories."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from resugrow_events import EventPayload
from resugrow_platform import UnitOfWork
from resugrow_resume.adapters.artifacts import ArtifactStore
from resugrow_resume.adapters.repositories import (
    MongoCoverLetters,
    MongoRenderJobs,
    MongoResumes,
    MongoScores,
    MongoVariants,
    MongoWritingReports,
)
from resugrow_resume.use_cases import ports


class SessionArtifacts:
    """The user's rendered files, deleted inside the transaction (GridFS's API refuses one)."""

    def __init__(self, db: AsyncDatabase[Any], bucket: str, session: AsyncClientSession | None) -> None:
        self._db, self._bucket, self._session = db, bucket, session

    async def delete_user(self, user_id: str) -> int:
        # Built only when used: most units of work never touch the files.
        return await ArtifactStore(self._db, self._bucket).delete_user(user_id, session=self._session)


class ResumeUnitOfWork:
    """Repositories on one session; ``publish`` writes to the outbox of the platform's transaction."""

    def __init__(
        self,
        db: AsyncDatabase[Any],
        session: AsyncClientSession | None,
        bucket: str,
        platform_uow: UnitOfWork | None = None,
    ) -> None:
        self.resumes: ports.Resumes = MongoResumes(db, session)
        self.variants: ports.Variants = MongoVariants(db, session)
        self.letters: ports.CoverLetters = MongoCoverLetters(db, session)
        self.jobs: ports.RenderJobs = MongoRenderJobs(db, session)
        self.scores: ports.Scores = MongoScores(db, session)
        self.artifacts: ports.UserArtifacts = SessionArtifacts(db, bucket, session)
        self.writing_reports: ports.WritingReports = MongoWritingReports(db, session)
        self._platform_uow = platform_uow

    @classmethod
    def of(cls, uow: UnitOfWork, bucket: str) -> ResumeUnitOfWork:
        return cls(uow.db, uow.session, bucket, uow)

    def publish(
        self, payload: EventPayload, *, subject: str, user_id: str | None = None, key: str | None = None
    ) -> Any:
        if self._platform_uow is None:
            raise RuntimeError(
                "A read-only unit of work cannot publish: run the command in platform.transact."
            )
        return self._platform_uow.publish(payload, subject=subject, user_id=user_id, key=key)
