"""Dead-letter topics: list what failed and why, and replay it to the original topic.

    python -m resugrow_platform.dlq list   --group ats [--bootstrap 127.0.0.1:9092]
    python -m resugrow_platform.dlq replay --group ats [--id EVENT_ID ...] [--limit N]

Replay republishes the original bytes and headers (without the x-dlq-* ones) to the original
topic; consumers are idempotent, so replaying twice has one effect.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from resugrow_events import dlq_topic


@dataclass
class DeadLetter:
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]

    @property
    def event_id(self) -> str | None:
        try:
            return str(json.loads(self.value).get("id"))
        except Exception:
            return None

    def summary(self) -> dict[str, Any]:
        return {
            "dlq_offset": f"{self.partition}:{self.offset}",
            "event_id": self.event_id,
            "original_topic": self.headers.get("x-dlq-original-topic"),
            "original_position": f"{self.headers.get('x-dlq-original-partition')}:"
            f"{self.headers.get('x-dlq-original-offset')}",
            "exception": self.headers.get("x-dlq-exception"),
            "reason": self.headers.get("x-dlq-reason"),
            "attempts": self.headers.get("x-dlq-attempts"),
            "failed_at": self.headers.get("x-dlq-failed-at"),
        }


async def read_dead_letters(bootstrap: str, topic: str, idle_ms: int = 1500) -> list[DeadLetter]:
    # A throwaway group: listing never moves anyone's offsets.
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"dlq-reader-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    out: list[DeadLetter] = []
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=idle_ms)
            if not batch:
                break
            for records in batch.values():
                for r in records:
                    headers = {k: v.decode(errors="replace") for k, v in (r.headers or ())}
                    out.append(DeadLetter(r.partition, r.offset, r.key, r.value, headers))
    finally:
        await consumer.stop()
    return sorted(out, key=lambda d: (d.partition, d.offset))


async def replay(bootstrap: str, letters: list[DeadLetter]) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for letter in letters:
            topic = letter.headers.get("x-dlq-original-topic")
            if not topic:
                continue
            headers = [(k, v.encode()) for k, v in letter.headers.items() if not k.startswith("x-dlq-")]
            await producer.send_and_wait(topic, letter.value, key=letter.key, headers=headers)
    finally:
        await producer.stop()
    return len(letters)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m resugrow_platform.dlq",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["list", "replay"])
    parser.add_argument("--group", required=True, help="consumer group (= service name)")
    parser.add_argument(
        "--bootstrap", default=os.environ.get("RESUGROW_KAFKA__BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    )
    parser.add_argument("--prefix", default="", help="topic prefix (tests only)")
    parser.add_argument("--id", action="append", default=[], help="replay only these event ids")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    topic = f"{args.prefix}{dlq_topic(args.group)}"
    letters = asyncio.run(read_dead_letters(args.bootstrap, topic))
    if args.id:
        letters = [d for d in letters if d.event_id in set(args.id)]
    if args.limit is not None:
        letters = letters[: args.limit]
    if args.command == "list":
        for letter in letters:
            print(json.dumps(letter.summary()))
        print(f"{len(letters)} dead letter(s) in {topic}", file=sys.stderr)
        return 0
    count = asyncio.run(replay(args.bootstrap, letters))
    print(f"replayed {count} message(s) from {topic}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
