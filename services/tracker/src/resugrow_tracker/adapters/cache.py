"""A small per-process LRU of per-user read models, valid for one version of the user's data."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any


class VersionedCache:
    """Entries are (version, stored at, value); a lookup with another version is a miss.

    The version is read before the data, so an entry can only be older than its tag, never
    newer: the next lookup sees a higher version and reloads. The version is bumped after a
    command commits (see adapters/versions.py); `max_age_s` bounds how long an entry can outlive
    a bump that never happened (a process stopped between its commit and the bump).
    """

    def __init__(self, max_entries: int = 256, max_age_s: float = 60.0) -> None:
        self._items: OrderedDict[tuple[str, str], tuple[Any, float, Any]] = OrderedDict()
        self._max = max_entries
        self._max_age = max_age_s
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple[str, str], version: Any) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != version or time.monotonic() - item[1] > self._max_age:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[2]

    def put(self, key: tuple[str, str], version: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = (version, time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)
