"""Admission control: past a bounded number of requests in flight and waiting, answer 503 at once.

Without it an overloaded process queues every request (in the event loop, in the socket backlog)
and latency grows without bound for everyone; issue 16 measured a p99 of 78 s. Here at most
`max_in_flight` requests run, at most `max_waiting` wait up to `wait_s` for a slot, and the rest
get a fast 503 with Retry-After, so admitted requests keep their latency and the process recovers
the moment load drops. Health and metrics endpoints are never held back.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Coroutine
from typing import Any, cast

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resugrow_platform.activity import RequestActivity
from resugrow_platform.errors import problem_messages
from resugrow_platform.metrics import HTTP_SHED

EXEMPT = ("/livez", "/readyz", "/metrics")


class AdmissionMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        service: str,
        max_in_flight: int,
        max_waiting: int,
        wait_s: float,
        retry_after_s: int = 1,
        activity: RequestActivity | None = None,
    ) -> None:
        self.app = app
        self.service = service
        self.activity = activity or RequestActivity()
        self.slots = asyncio.Semaphore(max_in_flight) if max_in_flight > 0 else None
        self.max_waiting = max_waiting
        self.wait_s = wait_s
        self.retry_after_s = retry_after_s
        self.waiting = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        if self.slots is None:
            await self._serve(scope, receive, send)
            return
        if not await self._admit():
            HTTP_SHED.labels(self.service).inc()
            await self._refuse(send)
            return
        try:
            await self._serve(scope, receive, send)
        finally:
            self.slots.release()

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.activity.enter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.activity.leave()

    async def _admit(self) -> bool:
        assert self.slots is not None
        if not self.slots.locked():
            await self.slots.acquire()
            return True
        if self.waiting >= self.max_waiting:
            return False
        self.waiting += 1
        try:
            await asyncio.wait_for(self.slots.acquire(), timeout=self.wait_s)
            return True
        except TimeoutError:
            return False
        finally:
            self.waiting -= 1

    async def _refuse(self, send: Send) -> None:
        start, body = problem_messages(
            503,
            "Service Unavailable",
            "The service is at capacity; try again shortly.",
            headers=[(b"retry-after", str(self.retry_after_s).encode())],
        )
        await send(start)
        await send(body)


class LoopLag:
    """How long what becomes ready now waits for the event loop: the delay any new request meets
    before its first line of code runs, whatever causes it (work queued in this process, CPU taken
    by other processes). Sampled only while requests arrive (`sample()` on each), with at most one
    sample outstanding: a callback scheduled now runs after everything already ready, so the
    time it waited is the loop's current lag. The lag reported is the smaller of the last two
    samples: one long pass (a collector run, a burst of events) is not a queue; two late passes
    in a row are. No timer of its own, so an idle process stays idle; a sample older than
    `fresh_s` says nothing about now and counts as no lag."""

    def __init__(
        self,
        *,
        fresh_s: float = 0.5,
        clock: Callable[[], float] = time.perf_counter,
        call_soon: Callable[[Callable[[float], None], float], object] | None = None,
    ) -> None:
        self.fresh_s = fresh_s
        self.clock = clock
        self.call_soon = call_soon
        self.lag_s = 0.0  # the smaller of the last two samples
        self.last_s = 0.0
        self.measured_at = float("-inf")
        self.pending_since: float | None = None
        self.samples = 0  # completed: each marks a new pass of the loop

    def sample(self) -> float:
        """Start a sample unless one is outstanding; the lag as known now: the last sample's, or
        how long the outstanding one has waited if longer (the loop is at least that late)."""
        now = self.clock()
        if self.pending_since is None:
            self.pending_since = now
            call_soon = self.call_soon or asyncio.get_running_loop().call_soon
            call_soon(self._measured, now)
            waited = 0.0
        else:
            waited = now - self.pending_since
        last = self.lag_s if now - self.measured_at <= self.fresh_s else 0.0
        return max(last, waited)

    def _measured(self, started: float) -> None:
        self.measured_at = self.clock()
        sampled = self.measured_at - started
        self.lag_s, self.last_s = min(sampled, self.last_s), sampled
        self.pending_since = None
        self.samples += 1


class LoadGate:
    """Admit a request while fewer than `max_in_flight` are being served (0: no such bound) and,
    once at least `lag_floor` are, while the loop's measured lag is within `max_lag_s` (0: lag
    not checked); otherwise refuse it.

    A count alone does not bound latency: what a request costs varies, and so does the CPU left
    to this process on a shared machine. At 3x the sustainable rate on two shared cores, with 32
    dashboards allowed in flight, refusals waited up to 119 ms (p99) for the loop before their
    prepared 503 was written, and on a busier machine the loop fell seconds behind and did not
    come back when the load dropped. The lag is the measured queue: refusing new work while it is
    over the bound keeps it near the bound, so a refusal (and an admitted request) waits about
    that long; when load drops, the next sample (one loop pass later) sees the shorter lag and
    requests are admitted again (nothing waits on a timer). The lag is known one pass late, so
    at most `max_per_pass` (0: no bound) are admitted per pass of the loop: a surge arriving
    within one pass is not all admitted on the strength of the last pass's lag. Below
    `lag_floor` requests in flight a late loop is not this work's doing (a slow callback, a
    collector pass, another process taking the CPU): refusing would turn a moment's lag into
    errors at a sustainable rate without shortening any queue, so those few are admitted."""

    def __init__(
        self,
        *,
        max_in_flight: int,
        max_lag_s: float,
        lag_floor: int = 0,
        max_per_pass: int = 0,
        lag: LoopLag | None = None,
    ) -> None:
        self.max_in_flight = max_in_flight
        self.max_lag_s = max_lag_s
        self.lag_floor = lag_floor
        self.max_per_pass = max_per_pass
        self.lag = lag or LoopLag()
        self.in_flight = 0
        self.pass_seen = -1
        self.admitted_in_pass = 0

    def enter(self) -> bool:
        """True: admitted, call `leave()` when its answer is sent. False: refuse it now."""
        if 0 < self.max_in_flight <= self.in_flight:
            return False
        if self.max_lag_s > 0:
            lag = self.lag.sample()
            if self.lag.samples != self.pass_seen:
                self.pass_seen, self.admitted_in_pass = self.lag.samples, 0
            if self.in_flight >= self.lag_floor and (
                lag > self.max_lag_s or 0 < self.max_per_pass <= self.admitted_in_pass
            ):
                return False
            self.admitted_in_pass += 1
        self.in_flight += 1
        return True

    def leave(self) -> None:
        self.in_flight -= 1


# A refusal decided where the request's head is parsed: (start, body) ASGI messages to answer
# with, or None to serve it as usual. Must not block; called once per request.
EarlyRefusal = Callable[[Scope], "tuple[Message, Message] | None"]


def early_refusal_protocol(refuse: EarlyRefusal) -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol, refusing in the same pass of the event loop that read the
    request's head when `refuse` says so, without a task for it.

    uvicorn starts a task per request: under overload that task waits a whole further pass of a
    busy loop (measured at 3x the sustainable rate: about as long as the wait for the read itself)
    before the first line of the application decides to refuse. Written from here, a refusal
    waits for the read alone. Admitted requests start their task as before. The refusal runs
    uvicorn's own request cycle (headers, keep-alive, pipelining as for any answer); it is not
    taken here while the connection's writes are paused (the cycle would have to wait)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

    class EarlyRefusalProtocol(HttpToolsProtocol):
        def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
            answer = None if self.flow.write_paused else refuse(cast(Scope, cycle.scope))
            if answer is None:
                super()._start_asgi_task(cycle, app)
                return
            start, body = answer

            async def refusal(scope: Scope, receive: Receive, send: Send) -> None:
                await send(start)
                await send(body)

            step = cycle.run_asgi(cast(Any, refusal))
            try:
                waiting = step.send(None)
            except StopIteration:
                return
            # Sending waits only while writes are paused (checked above); should it ever wait,
            # the rest runs as the task uvicorn would have started.
            task = self.loop.create_task(_finish(step, waiting))
            task.add_done_callback(self.tasks.discard)
            self.tasks.add(task)

    return EarlyRefusalProtocol


async def _finish(step: Coroutine[Any, Any, None], waiting: Any) -> None:
    """Run a started coroutine to its end the way a task would: resume it each time what it
    waits for is done (it reads the result or the exception itself)."""
    while True:
        with contextlib.suppress(Exception):
            await waiting
        try:
            waiting = step.send(None)
        except StopIteration:
            return
