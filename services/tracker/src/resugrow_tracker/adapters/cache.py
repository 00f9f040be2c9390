"""A small per-process LRU of per-user read models, refreshed by the applications that changed."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from resugrow_tracker.use_cases.ports import CachedReadModel


class VersionedCache:
    """Entries are read models tagged with the user's version and the time of their refresh.

    The version is read before the data, so an entry can only be older than its tag, never
    newer: the next lookup sees a higher version and applies what changed since (see
    use_cases/read_models.py). The version is bumped after a command commits (see
    adapters/versions.py); `max_age_s` bounds how long an entry can go without a refresh when a
    bump never happened (a process stopped between its commit and the bump).
    """

    # Mongo aborts a transaction open for more than 60 s (transactionLifetimeLimitSeconds), so a
    # write stamped before a refresh is committed within a minute of its stamp; the rest is
    # room for clock skew between replicas.
    overlap = timedelta(seconds=120)

    def __init__(self, max_entries: int = 256, max_age_s: float = 60.0) -> None:
        self._items: OrderedDict[tuple[str, str], tuple[float, CachedReadModel]] = OrderedDict()
        self._max = max_entries
        self._max_age = max_age_s
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def now(self) -> datetime:
        return datetime.now(UTC)

    def entry(self, key: tuple[str, str]) -> CachedReadModel | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return dataclasses.replace(item[1], fresh=time.monotonic() - item[0] <= self._max_age)

    def put(self, key: tuple[str, str], entry: CachedReadModel) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), entry)
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)
