"""PyMongo's server monitor, waiting for its next check instead of polling for a wake-up.

PyMongo runs each server monitor on a periodic executor that sleeps in steps of
`common.MIN_HEARTBEAT_INTERVAL` (0.5 s) between checks, only to look whether `wake()` was called
(a failed operation or a server selection asks for an early check). For an idle service that
is two of its ~20 event-loop wake-ups a second (issue 16). The executor installed here sleeps
until the next check is due or `wake()` is called, whichever is first, and keeps PyMongo's
rules: at most one check per `min_interval` however often it is woken, a skipped sleep when the
monitor asks for one, and the task's timeout and operation-id context cleared before it runs.

Private classes of PyMongo 4.x: `install_wakeable_monitors` changes nothing (and the unit test
fails) if a release renames them.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from pymongo import _csot, _op_id
from pymongo.asynchronous import monitor
from pymongo.periodic_executor import AsyncPeriodicExecutor


class WakeableExecutor(AsyncPeriodicExecutor):
    """An `AsyncPeriodicExecutor` whose wait between runs ends at once when woken."""

    _wakeup: asyncio.Event | None = None

    def wake(self) -> None:
        super().wake()
        if self._wakeup is not None:
            self._wakeup.set()

    async def _run(self) -> None:
        # As PyMongo's loop does: the task inherits the context of the operation that opened it.
        _csot.reset_all()
        _op_id.reset()
        self._wakeup = wakeup = asyncio.Event()
        if self._event:
            wakeup.set()
        loop = asyncio.get_running_loop()
        while not self._stopped:
            if self._task is not None and self._task.cancelling():
                raise asyncio.CancelledError
            ran_at = loop.time()
            try:
                if not await self._target():
                    self._stopped = True
                    break
            except BaseException:
                self._stopped = True
                raise
            if self._skip_sleep:
                self._skip_sleep = False
            else:
                await self._wait(ran_at, wakeup)
            self._event = False
            wakeup.clear()

    async def _wait(self, ran_at: float, wakeup: asyncio.Event) -> None:
        """Until `interval` after the last run, or a wake-up, but never sooner than `min_interval`."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout_at(ran_at + self._interval):
                await wakeup.wait()
        early = ran_at + self._min_interval - loop.time()
        if early > 0 and not self._stopped:
            await asyncio.sleep(early)


def install_wakeable_monitors() -> bool:
    """Every PyMongo server monitor created from now on waits with `WakeableExecutor`.
    Process-wide (PyMongo has no option for it); returns whether it is installed."""
    base: Any = getattr(monitor, "MonitorBase", None)
    if base is None or not hasattr(AsyncPeriodicExecutor, "_run"):
        return False
    if getattr(base, "_resugrow_wakeable", False):
        return True
    original = base.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        executor = getattr(self, "_executor", None)
        # Not started yet (Server.open starts it), so its task will run WakeableExecutor._run.
        if type(executor) is AsyncPeriodicExecutor:
            executor.__class__ = WakeableExecutor

    base.__init__ = __init__
    base._resugrow_wakeable = True
    return True
