"""Rendered files in GridFS, stored under their content key so a repeated render costs nothing."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bson.binary import Binary
from pymongo import ASCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from resugrow_platform.logging import get_logger
from resugrow_resume.adapters import timing
from resugrow_resume.use_cases.ports import StoredFile as StoredArtifact

log = get_logger("resugrow.resume.artifacts")
# GridFS's default chunk size: files written here read like any GridFS file (and vice versa).
CHUNK_SIZE = 255 * 1024


@dataclass
class _Held:
    version: int
    write: Callable[[], Coroutine[Any, Any, Any]]
    timer: asyncio.TimerHandle


class BackgroundWrites:
    """Writes that may finish after the response; awaited at shutdown so none is cut off.

    ``spawn_latest`` holds a write for ``delay_s`` and drops it when a write for the same slot at
    the same or a newer version arrives meanwhile: for caches, where only the newest entry is
    worth the write."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self._tasks: set[asyncio.Task[Any]] = set()
        self._held: dict[str, _Held] = {}
        self.superseded = 0

    def spawn(self, write: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(write)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def spawn_latest(self, slot: str, version: int, write: Callable[[], Coroutine[Any, Any, Any]]) -> None:
        if self.delay_s <= 0:
            self.spawn(write())
            return
        held = self._held.get(slot)
        if held is not None and held.version > version:
            self.spawn(write())  # an older version asked for after a newer one: not superseded
            return
        if held is not None:
            held.timer.cancel()
            self.superseded += 1
        timer = asyncio.get_running_loop().call_later(self.delay_s, self._release, slot)
        self._held[slot] = _Held(version, write, timer)

    def _release(self, slot: str) -> None:
        held = self._held.pop(slot, None)
        if held is not None:
            held.timer.cancel()
            self.spawn(held.write())

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("artifact_store_failed", exc_type=type(task.exception()).__name__)

    async def drain(self, timeout: float = 10.0) -> None:
        for slot in list(self._held):  # held writes run now rather than being lost
            self._release(slot)
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)


class ArtifactStore:
    def __init__(self, db: AsyncDatabase[Any], bucket: str) -> None:
        self._files = db[f"{bucket}.files"]
        self._chunks = db[f"{bucket}.chunks"]

    async def ensure_indexes(self) -> None:
        """GridFS's own two indexes (same keys, so the same indexes GridFS's uploader makes)."""
        await self._files.create_index([("filename", ASCENDING), ("uploadDate", ASCENDING)])
        await self._chunks.create_index([("files_id", ASCENDING), ("n", ASCENDING)], unique=True)

    async def find(self, artifact_id: str, *, user_id: str | None = None) -> StoredArtifact | None:
        query: dict[str, Any] = {"_id": artifact_id}
        if user_id is not None:
            query["metadata.user_id"] = user_id
        with timing.stage("store-find"):
            doc = await self._files.find_one(query)
        if doc is None:
            return None
        return StoredArtifact(artifact_id, int(doc["length"]), dict(doc.get("metadata") or {}))

    async def read(self, artifact: StoredArtifact) -> bytes | None:
        """The file's bytes, read straight from its chunks (one query: GridFS's own reader takes two).

        None when the chunks do not add up to the recorded length: an upload still in flight or a
        file being erased is treated as absent, never served truncated.
        """
        chunks = self._chunks.find({"files_id": artifact.artifact_id}, {"data": 1, "_id": 0}).sort("n", 1)
        with timing.stage("store-read"):
            data = b"".join([bytes(doc["data"]) async for doc in chunks])
        return data if len(data) == artifact.size else None

    async def put(self, artifact_id: str, filename: str, content: bytes, metadata: dict[str, Any]) -> None:
        """Idempotent: a concurrent or redelivered render of the same key finds the file there.

        Laid out as GridFS does (chunks first, then the files document that makes the file
        visible), in two writes: GridFS's uploader first asks the database, on every file,
        whether its indexes exist (two more round trips); they are made at start-up instead.
        """
        chunks = [
            {"files_id": artifact_id, "n": n, "data": Binary(content[start : start + CHUNK_SIZE])}
            for n, start in enumerate(range(0, len(content), CHUNK_SIZE))
        ]
        try:
            if chunks:
                await self._chunks.insert_many(chunks, ordered=True)
        except BulkWriteError as exc:
            if {e.get("code") for e in exc.details.get("writeErrors", [])} == {11000}:
                return  # written (or being written) by a concurrent render of the same input
            raise
        document = {
            "_id": artifact_id,
            "length": len(content),
            "chunkSize": CHUNK_SIZE,
            "uploadDate": datetime.now(UTC),
            "filename": filename,
            "metadata": metadata,
        }
        try:
            await self._files.insert_one(document)
        except DuplicateKeyError:
            return
        except Exception:
            await self._chunks.delete_many({"files_id": artifact_id})  # as GridFS's abort does
            raise

    async def delete_user(self, user_id: str, session: AsyncClientSession | None = None) -> int:
        """Remove the user's files and chunks with plain deletes: GridFS's own API refuses to run
        inside a transaction, and erasure must commit together with the user's documents."""
        ids = [
            doc["_id"]
            async for doc in self._files.find({"metadata.user_id": user_id}, {"_id": 1}, session=session)
        ]
        await self.delete_ids(ids, session=session)
        return len(ids)

    async def delete_ids(self, ids: list[str], session: AsyncClientSession | None = None) -> None:
        if ids:
            await self._chunks.delete_many({"files_id": {"$in": ids}}, session=session)
            await self._files.delete_many({"_id": {"$in": ids}}, session=session)


class RecentArtifacts:
    """The files this process rendered or served last, bounded by their total size.

    A repeat of a render is then answered from memory, even before the background write to the
    store has finished, and without the two store round trips. Only a copy: the store stays the
    truth shared by every replica, and erasure clears a user's entries here too.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[StoredArtifact, bytes]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._bytes

    def get(self, artifact_id: str, user_id: str | None = None) -> tuple[StoredArtifact, bytes] | None:
        item = self._items.get(artifact_id)
        if item is None or (user_id is not None and item[0].metadata.get("user_id") != user_id):
            return None
        self._items.move_to_end(artifact_id)
        return item

    def put(self, artifact_id: str, content: bytes, metadata: dict[str, Any]) -> None:
        if len(content) > self.max_bytes // 8:
            return  # one large file must not push out everything else
        self.discard(artifact_id)
        self._items[artifact_id] = (StoredArtifact(artifact_id, len(content), dict(metadata)), content)
        self._bytes += len(content)
        while self._bytes > self.max_bytes:
            _, (_, oldest) = self._items.popitem(last=False)
            self._bytes -= len(oldest)

    def discard(self, artifact_id: str) -> None:
        item = self._items.pop(artifact_id, None)
        if item is not None:
            self._bytes -= len(item[1])

    def forget_user(self, user_id: str) -> None:
        for artifact_id in [k for k, (f, _) in self._items.items() if f.metadata.get("user_id") == user_id]:
            self.discard(artifact_id)


class CachedArtifactStore:
    """The artifact store with this process's recent files in front of it."""

    def __init__(self, store: ArtifactStore, recent: RecentArtifacts) -> None:
        self.store = store
        self.recent = recent

    async def find(
        self, artifact_id: str, *, user_id: str | None = None, remembered_only: bool = False
    ) -> StoredArtifact | None:
        kept = self.recent.get(artifact_id, user_id)
        if kept is not None:
            return kept[0]
        if remembered_only:
            return None
        return await self.store.find(artifact_id, user_id=user_id)

    async def read(self, artifact: StoredArtifact) -> bytes | None:
        kept = self.recent.get(artifact.artifact_id)
        if kept is not None:
            return kept[1]
        data = await self.store.read(artifact)
        if data is not None:
            self.recent.put(artifact.artifact_id, data, artifact.metadata)
        return data

    def remember(self, artifact_id: str, content: bytes, metadata: dict[str, Any]) -> None:
        self.recent.put(artifact_id, content, metadata)

    async def put(self, artifact_id: str, filename: str, content: bytes, metadata: dict[str, Any]) -> None:
        self.recent.put(artifact_id, content, metadata)
        await self.store.put(artifact_id, filename, content, metadata)

    async def delete_ids(self, ids: list[str]) -> None:
        for artifact_id in ids:
            self.recent.discard(artifact_id)
        await self.store.delete_ids(ids)
