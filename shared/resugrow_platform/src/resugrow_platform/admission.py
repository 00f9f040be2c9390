"""Admission control: past a bounded number of requests in flight and waiting, answer 503 at once.

Without it an overloaded process queues every request (in the event loop, in the socket backlog)
and latency grows without bound for everyone; issue 16 measured a p99 of 78 s. Here at most
`max_in_flight` requests run, at most `max_waiting` wait up to `wait_s` for a slot, and the rest
get a fast 503 with Retry-After, so admitted requests keep their latency and the process recovers
the moment load drops. Health and metrics endpoints are never held back.
"""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Receive, Scope, Send

from resugrow_platform.errors import PROBLEM_JSON
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
    ) -> None:
        self.app = app
        self.service = service
        self.slots = asyncio.Semaphore(max_in_flight) if max_in_flight > 0 else None
        self.max_waiting = max_waiting
        self.wait_s = wait_s
        self.retry_after_s = retry_after_s
        self.waiting = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.slots is None or scope["type"] != "http" or scope.get("path", "").startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        if not await self._admit():
            HTTP_SHED.labels(self.service).inc()
            await self._refuse(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.slots.release()

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
        body = json.dumps(
            {
                "type": "about:blank",
                "title": "Service Unavailable",
                "status": 503,
                "detail": "The service is at capacity; try again shortly.",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", PROBLEM_JSON.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(self.retry_after_s).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
