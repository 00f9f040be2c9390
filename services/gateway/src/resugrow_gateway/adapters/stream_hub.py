"""Per-instance fan-out of live events to the connected users of this gateway replica.

Each open stream owns a bounded queue; delivering never blocks the Kafka consumer: when a slow
client's queue is full its oldest message is dropped (the client can re-read state over HTTP).
Only the queues registered under an event's user id receive it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

from resugrow_gateway.domain.stream import StreamMessage

CLOSE = None  # sentinel: the account is gone, end the stream


class TooManyStreams(Exception):
    pass


class StreamHub:
    def __init__(self, *, queue_size: int = 100, max_per_user: int = 5) -> None:
        self.queue_size = queue_size
        self.max_per_user = max_per_user
        self._queues: dict[str, set[asyncio.Queue[StreamMessage | None]]] = {}
        self.dropped = 0

    @property
    def connections(self) -> int:
        return sum(len(qs) for qs in self._queues.values())

    def can_connect(self, user_id: str) -> bool:
        return len(self._queues.get(user_id, ())) < self.max_per_user

    @contextlib.contextmanager
    def subscribe(self, user_id: str) -> Iterator[asyncio.Queue[StreamMessage | None]]:
        queues = self._queues.setdefault(user_id, set())
        if len(queues) >= self.max_per_user:
            raise TooManyStreams(user_id)
        queue: asyncio.Queue[StreamMessage | None] = asyncio.Queue(self.queue_size)
        queues.add(queue)
        try:
            yield queue
        finally:
            queues.discard(queue)
            if not queues:
                self._queues.pop(user_id, None)

    def publish(self, message: StreamMessage) -> int:
        delivered = 0
        for queue in list(self._queues.get(message.user_id, ())):
            self._put(queue, message)
            delivered += 1
        return delivered

    def close_user(self, user_id: str) -> None:
        for queue in list(self._queues.get(user_id, ())):
            self._put(queue, CLOSE)

    def _put(self, queue: asyncio.Queue[StreamMessage | None], item: StreamMessage | None) -> None:
        if queue.full():
            with contextlib.suppress(asyncio.QueueEmpty):
                queue.get_nowait()
                self.dropped += 1
        queue.put_nowait(item)
