"""In which pass of a busy event loop are N connections, all pending at once, accepted?

    .venv/bin/python bench/surge_trace/accept_passes.py

Each pass of the loop is made to take 5 ms (a busy process), then 30 clients connect at once.
Session 6 (uvloop 0.23, Python 3.11): uvloop calls connection_made for one connection per pass
(passes 1, 2, ..., 30); asyncio's loop accepts all of them in the same pass (pass 3 for all).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time

import uvloop


async def passes_of_accepts(n: int = 30, busy_s: float = 0.005) -> list[int]:
    made: list[int] = []
    passes = 0

    class Count(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            made.append(passes)

    async def busy() -> None:
        nonlocal passes
        while True:
            passes += 1
            time.sleep(busy_s)  # noqa: ASYNC251 - the pass's work, blocking on purpose
            await asyncio.sleep(0)

    server = await asyncio.get_running_loop().create_server(Count, "127.0.0.1", 0, backlog=2048)
    port = server.sockets[0].getsockname()[1]
    ticker = asyncio.create_task(busy())
    await asyncio.sleep(0.05)
    clients = []
    for _ in range(n):
        client = socket.socket()
        client.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            client.connect(("127.0.0.1", port))
        clients.append(client)
    first = passes
    await asyncio.sleep(0.5)
    ticker.cancel()
    server.close()
    for client in clients:
        client.close()
    return [m - first for m in made]


if __name__ == "__main__":
    print("uvloop: connection_made in passes", uvloop.run(passes_of_accepts()))
    print("asyncio: connection_made in passes", asyncio.run(passes_of_accepts()))
