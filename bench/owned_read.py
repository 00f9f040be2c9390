"""What one read of a user's document by id costs the embedded database (issue 16, `find_owned`).

    .venv/bin/python bench/owned_read.py [--docs 200] [--n 400]

Starts SecantusDB alone on a free port, stores `--docs` resume documents (the sample resume's
content, 2.9 KB) for 50 users, then times `--n` reads each way: with the owner in the filter
(what the services did), by `_id` alone (what `resugrow_platform.find_owned` sends), with the
owner and a projection that leaves the content out, and a ping for the round trip's floor.
Server CPU comes from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from _proc import cpu_seconds
from pymongo import AsyncMongoClient

from resugrow_platform.localinfra import mongo_url, secantus_server
from resugrow_resume.domain.render import sample_resume


async def _timed(label: str, pid: int, read: Callable[[], Awaitable[Any]], n: int) -> None:
    for _ in range(20):
        await read()
    server, client, wall = cpu_seconds(pid), time.process_time(), time.perf_counter()
    for _ in range(n):
        await read()
    wall = time.perf_counter() - wall
    server, client = cpu_seconds(pid) - server, time.process_time() - client
    print(f"| {label} | {1000 * wall / n:.2f} | {1000 * server / n:.2f} | {1000 * client / n:.2f} |")


async def _run(port: int, pid: int, docs: int, n: int) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_url(port), serverMonitoringMode="poll")
    coll = client.bench.resumes
    content = json.dumps(sample_resume())
    await coll.insert_many(
        [
            {
                "_id": f"r{i}",
                "user_id": f"u{i % 50}",
                "kind": "master",
                "latest_version": 3,
                "content": content,
            }
            for i in range(docs)
        ]
    )
    await coll.create_index([("user_id", 1)])
    print(f"{docs} documents, content {len(content)} bytes, {n} reads each\n")
    print("| read | wall ms | server CPU ms | client CPU ms |\n|---|---|---|---|")
    await _timed("owner in the filter", pid, lambda: coll.find_one({"_id": "r7", "user_id": "u7"}), n)
    await _timed("by _id alone (find_owned)", pid, lambda: coll.find_one({"_id": "r7"}), n)
    await _timed(
        "owner in the filter, content left out",
        pid,
        lambda: coll.find_one({"_id": "r7", "user_id": "u7"}, {"content": 0}),
        n,
    )
    await _timed("ping", pid, lambda: client.bench.command("ping"), n)
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--n", type=int, default=400)
    args = parser.parse_args()
    # The launcher's own server (what `make run` starts), in memory; it returns once the port answers.
    server = secantus_server().start()
    assert server.proc is not None
    try:
        asyncio.run(_run(server.port, server.proc.pid, args.docs, args.n))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
