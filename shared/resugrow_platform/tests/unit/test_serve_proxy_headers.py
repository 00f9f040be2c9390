"""Proxy headers rewrite the client address only when the operator names the proxies; the
server's main loop wakes once a second, not ten times."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn

from resugrow_platform import serve


@pytest.mark.parametrize(("env", "trusted"), [(None, False), ("10.0.0.5", True)])
def test_uvicorn_trusts_forwarded_headers_only_from_configured_addresses(
    monkeypatch: pytest.MonkeyPatch, env: str | None, trusted: bool
) -> None:
    seen: dict[str, Any] = {}

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        seen["config"] = self.config

    monkeypatch.setattr(serve.QuietServer, "run", run)
    if env is None:
        monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    else:
        monkeypatch.setenv("FORWARDED_ALLOW_IPS", env)
    monkeypatch.setenv("RESUGROW_AUTH__JWT_SECRET", "x" * 40)
    serve.main(["ats", "--port", "18999"])
    config = seen["config"]
    assert config.proxy_headers is trusted
    assert config.port == 18999
    if trusted:
        assert config.forwarded_allow_ips == env


async def test_the_main_loop_ticks_once_a_second_and_refreshes_the_date_each_tick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = serve.QuietServer(uvicorn.Config(app=lambda *a: None))
    counters: list[int] = []
    sleeps: list[float] = []

    async def on_tick(counter: int) -> bool:
        counters.append(counter)
        return len(counters) == 4

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(server, "on_tick", on_tick)
    monkeypatch.setattr(serve.asyncio, "sleep", sleep)
    await server.main_loop()
    # uvicorn refreshes the Date header on multiples of 10: every tick must be one.
    assert counters == [0, 10, 20, 30]
    assert sleeps == [1.0, 1.0, 1.0]
