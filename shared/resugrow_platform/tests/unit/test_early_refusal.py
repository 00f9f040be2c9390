"""Refusals decided in the HTTP protocol: answered as the request is read, with no task and
without the application; everything else is served as usual; the gateway's server gets them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import uvicorn
from uvicorn.server import ServerState

from resugrow_platform import serve
from resugrow_platform.admission import early_refusal_protocol
from resugrow_platform.errors import problem_messages

BUSY = problem_messages(503, "Service Unavailable", "Busy.", headers=[(b"retry-after", b"1")])


class _Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closed = False

    def write(self, data: Any) -> None:
        self.written += data

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...


def _protocol(refuse: Any, reached: list[str]) -> tuple[Any, _Transport]:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    config = uvicorn.Config(app=app, log_config=None)
    config.load()
    proto = early_refusal_protocol(refuse)(config, ServerState(), {}, asyncio.get_running_loop())
    transport = _Transport()
    proto.connection_made(transport)
    return proto, transport


async def test_a_refused_request_is_answered_while_it_is_read_and_the_connection_stays_open() -> None:
    reached: list[str] = []
    proto, transport = _protocol(lambda scope: BUSY if scope["path"] == "/busy" else None, reached)
    proto.data_received(b"GET /busy HTTP/1.1\r\nHost: x\r\n\r\n")
    answer = bytes(transport.written)  # before the loop runs anything else
    assert answer.startswith(b"HTTP/1.1 503 ") and b"retry-after: 1" in answer.lower()
    assert not proto.tasks and reached == []
    transport.written.clear()
    proto.data_received(b"GET /fine HTTP/1.1\r\nHost: x\r\n\r\n")  # same connection, next request
    assert len(proto.tasks) == 1 and transport.written == b""
    await asyncio.gather(*proto.tasks)
    assert reached == ["/fine"] and bytes(transport.written).startswith(b"HTTP/1.1 200 ")
    assert not transport.closed


async def test_with_writes_paused_the_refusal_is_left_to_the_application() -> None:
    reached: list[str] = []
    asked: list[str] = []

    def refuse(scope: Any) -> Any:
        asked.append(scope["path"])
        return BUSY

    proto, _transport = _protocol(refuse, reached)
    proto.flow.pause_writing()
    proto.data_received(b"GET /busy HTTP/1.1\r\nHost: x\r\n\r\n")
    assert asked == [] and len(proto.tasks) == 1
    proto.flow.resume_writing()
    await asyncio.gather(*proto.tasks)
    assert reached == ["/busy"]


def test_the_gateway_is_served_with_the_early_refusal_protocol_and_the_asyncio_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        seen["config"] = self.config

    monkeypatch.setattr(serve.QuietServer, "run", run)
    monkeypatch.setenv("RESUGROW_AUTH__JWT_SECRET", "x" * 40)
    serve.main(["gateway", "--port", "18998"])
    assert seen["config"].loop == "asyncio"
    assert isinstance(seen["config"].http, type) and seen["config"].http.__name__ == "EarlyRefusalProtocol"
    serve.main(["ats", "--port", "18997"])  # no early refusal offered: uvicorn's defaults
    assert seen["config"].http == "auto" and seen["config"].loop == "auto"
