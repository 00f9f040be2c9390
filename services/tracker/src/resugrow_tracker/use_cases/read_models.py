"""Keeping a user's analytics and board read models current without re-reading everything.

Each write stamps the applications it changes (see adapters/applications.py) and, after its
commit, bumps the user's version (see adapters/versions.py). A read whose cached model has an
older version applies only the applications stamped since its last refresh (minus an overlap
for writes committed late), so the first read after a write reads one application, not 5,000.

Nothing per user is written by the commands themselves: concurrent writes of one user touch
only their own applications and never conflict on a shared read-model document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from resugrow_tracker.domain.read_models import Projection
from resugrow_tracker.use_cases.ports import CachedReadModel, Doc, ReadModelCache, TrackerUoW


def _not_older(cached: Any, current: Any) -> bool:
    """False when a version went back (the user's data was erased): rebuild from scratch."""
    if isinstance(cached, tuple) and isinstance(current, tuple):
        return all(a <= b for a, b in zip(cached, current, strict=True))
    return bool(cached <= current)


async def current_projection(
    uow: TrackerUoW, cache: ReadModelCache, view: str, user_id: str, row_of: Callable[[Doc], Any]
) -> Projection[Any]:
    """The user's `view` read model, refreshed with what changed since it was last read."""
    key = (view, user_id)
    started = cache.now()  # before the version: a write it misses is looked at again next time
    version = await uow.versions.read(user_id)
    entry = cache.entry(key)
    cached = cast("Projection[Any] | None", entry.value if entry is not None else None)
    if entry is not None and cached is not None and entry.version == version and entry.fresh:
        return cached
    projection: Projection[Any]
    if entry is not None and cached is not None and _not_older(entry.version, version):
        changed = await uow.applications.changed_since(user_id, entry.refreshed_at - cache.overlap, view)
        projection = cached.applied(changed, row_of)
    else:
        projection = Projection[Any]().applied(await uow.applications.active(user_id, view), row_of)
    cache.put(key, CachedReadModel(version, started, projection))
    return projection
