"""Requests in flight in this process, so background work can wait for a quiet moment.

A user who edits a resume asks for its PDF at once. The edit's event (`resume.updated`) starts a
cascade in four other processes (ats, career, linkedin, the gateway's dashboard) and the broker
and database under them: about 150 ms of CPU on a two-core machine, landing just when the render
needs a core. The outbox relay therefore waits, a bounded time, until no request of its own
process has been in flight for a moment: the render that follows an edit runs first, and the
event goes out a few milliseconds later (issue 16). Work that cannot wait (a full batch, a
backlog) does not.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable


class RequestActivity:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.in_flight = 0
        self.last_end = float("-inf")
        self._idle: asyncio.Event | None = None

    def enter(self) -> None:
        self.in_flight += 1

    def leave(self) -> None:
        self.in_flight -= 1
        self.last_end = self.clock()
        if self.in_flight == 0 and self._idle is not None:
            self._idle.set()

    async def quiet(self, quiet_s: float, max_wait_s: float) -> float:
        """Return once no request has been in flight for `quiet_s` (the gap between an answer and
        the client's next request), or after `max_wait_s`; returns the seconds waited."""
        start = self.clock()
        deadline = start + max_wait_s
        while (now := self.clock()) < deadline:
            if self.in_flight == 0:
                idle_for = now - self.last_end
                if idle_for >= quiet_s:
                    break
                await asyncio.sleep(min(quiet_s - idle_for, deadline - now))
                continue
            if self._idle is None:
                self._idle = asyncio.Event()
            self._idle.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), deadline - now)
        return self.clock() - start
