"""The process's recent rendered files: bounded by bytes, per user, in front of the store."""

from __future__ import annotations

from typing import Any

from resugrow_resume.adapters.artifacts import CachedArtifactStore, RecentArtifacts
from resugrow_resume.use_cases.ports import StoredFile


def meta(user: str = "u1") -> dict[str, Any]:
    return {"user_id": user, "format": "pdf"}


def test_the_oldest_files_go_first_once_the_bytes_run_out() -> None:
    recent = RecentArtifacts(max_bytes=800)
    for name in "abcd":
        recent.put(name, b"x" * 100, meta())
    assert recent.get("a") is not None  # used: now the newest
    for name in "efgh":
        recent.put(name, b"x" * 100, meta())
    recent.put("i", b"x" * 100, meta())
    assert recent.size <= 800 and len(recent) == 8
    assert recent.get("b") is None and recent.get("a") is not None and recent.get("i") is not None


def test_a_file_larger_than_an_eighth_of_the_budget_is_not_kept() -> None:
    recent = RecentArtifacts(max_bytes=800)
    recent.put("small", b"x" * 100, meta())
    recent.put("big", b"x" * 101, meta())
    assert recent.get("big") is None and recent.get("small") is not None


def test_another_users_key_finds_nothing_and_erasure_forgets_a_user() -> None:
    recent = RecentArtifacts(max_bytes=10_000)
    recent.put("k1", b"one", meta("u1"))
    recent.put("k2", b"two", meta("u2"))
    assert recent.get("k1", "u2") is None
    recent.forget_user("u1")
    assert recent.get("k1") is None and recent.get("k2", "u2") is not None and recent.size == 3


class Store:
    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, dict[str, Any]]] = {}
        self.reads = 0

    async def find(self, artifact_id: str, *, user_id: str | None = None) -> StoredFile | None:
        found = self.files.get(artifact_id)
        return StoredFile(artifact_id, len(found[0]), found[1]) if found else None

    async def read(self, artifact: StoredFile) -> bytes | None:
        self.reads += 1
        return self.files[artifact.artifact_id][0]

    async def put(self, artifact_id: str, filename: str, content: bytes, metadata: dict[str, Any]) -> None:
        self.files[artifact_id] = (content, metadata)

    async def delete_ids(self, ids: list[str]) -> None:
        for key in ids:
            self.files.pop(key, None)


async def test_a_file_read_from_the_store_is_served_from_memory_afterwards() -> None:
    store = Store()
    store.files["k"] = (b"%PDF", meta())
    cached = CachedArtifactStore(store, RecentArtifacts(10_000))  # type: ignore[arg-type]
    for _ in range(3):
        found = await cached.find("k", user_id="u1")
        assert found is not None and await cached.read(found) == b"%PDF"
    assert store.reads == 1


async def test_remembered_files_are_found_before_they_are_stored_and_deletes_reach_both() -> None:
    store = Store()
    cached = CachedArtifactStore(store, RecentArtifacts(10_000))  # type: ignore[arg-type]
    cached.remember("k", b"%PDF", meta())
    found = await cached.find("k", user_id="u1")
    assert found is not None and found.size == 4 and await cached.read(found) == b"%PDF"
    assert await cached.find("k", user_id="u2") is None
    await cached.put("k", "a.pdf", b"%PDF", meta())
    await cached.delete_ids(["k"])
    assert await cached.find("k") is None and store.files == {}
