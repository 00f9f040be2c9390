"""Rendered files in GridFS, stored under their content key so a repeated render costs nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError


@dataclass(frozen=True)
class StoredArtifact:
    artifact_id: str
    size: int
    metadata: dict[str, Any]


class ArtifactStore:
    def __init__(self, db: AsyncDatabase[Any], bucket: str) -> None:
        self._files = db[f"{bucket}.files"]
        self._chunks = db[f"{bucket}.chunks"]
        self._bucket = AsyncGridFSBucket(db, bucket_name=bucket)

    async def find(self, artifact_id: str, *, user_id: str | None = None) -> StoredArtifact | None:
        query: dict[str, Any] = {"_id": artifact_id}
        if user_id is not None:
            query["metadata.user_id"] = user_id
        doc = await self._files.find_one(query)
        if doc is None:
            return None
        return StoredArtifact(artifact_id, int(doc["length"]), dict(doc.get("metadata") or {}))

    async def read(self, artifact_id: str) -> bytes | None:
        try:
            stream = await self._bucket.open_download_stream(artifact_id)
        except NoFile:
            return None
        data: bytes = await stream.read()
        return data

    async def put(self, artifact_id: str, filename: str, content: bytes, metadata: dict[str, Any]) -> None:
        """Idempotent: a concurrent or redelivered render of the same key finds the file there."""
        try:
            await self._bucket.upload_from_stream_with_id(
                artifact_id, filename, io.BytesIO(content), metadata=metadata
            )
        except DuplicateKeyError:
            return

    async def delete_user(self, user_id: str, session: AsyncClientSession | None = None) -> int:
        """Remove the user's files and chunks with plain deletes: GridFS's own API refuses to run
        inside a transaction, and erasure must commit together with the user's documents."""
        query = {"metadata.user_id": user_id}
        ids = [doc["_id"] async for doc in self._files.find(query, {"_id": 1}, session=session)]
        if ids:
            await self._chunks.delete_many({"files_id": {"$in": ids}}, session=session)
            await self._files.delete_many({"_id": {"$in": ids}}, session=session)
        return len(ids)
