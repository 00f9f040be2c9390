"""A small per-process LRU of per-user read models, valid for one version of the user's data."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class VersionedCache:
    """Entries are (version, value); a lookup with another version is a miss.

    The version is read from Mongo before the data, so an entry can only be older than its
    tag, never newer: the next lookup sees a higher version and reloads.
    """

    def __init__(self, max_entries: int = 256) -> None:
        self._items: OrderedDict[tuple[str, str], tuple[int, Any]] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple[str, str], version: int) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != version:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[1]

    def put(self, key: tuple[str, str], version: int, value: Any) -> None:
        with self._lock:
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)
