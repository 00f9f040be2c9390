"""One gateway (real uvicorn on loopback, real local broker and database) in front of five stub
services, shared by the gateway's integration tests. Each test gets its own client IP (the
gateway trusts one proxy hop in these settings) so per-IP rate limits never couple tests."""

from __future__ import annotations

import itertools
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "deploy" / "local"))

from devmail import Mailbox
from gateway_stubs import Stubs, ThreadServer
from gateway_support import Gateway

from resugrow_gateway.main import create_app
from resugrow_gateway.settings import GatewaySettings
from resugrow_testing import TEST_JWT_SECRET

_ips = itertools.count(1)


@pytest.fixture(scope="session")
def stubs() -> Iterator[Stubs]:
    stubs = Stubs(TEST_JWT_SECRET)
    stubs.start()
    yield stubs
    stubs.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) the gateway delivers account mails to."""
    box = Mailbox(smtp_port=_free_port(), http_port=None).start()
    yield box
    box.stop()


@pytest.fixture(scope="session")
def gateway(stubs: Stubs, service_settings: Any, mailbox: Mailbox) -> Iterator[Gateway]:
    settings = service_settings(
        GatewaySettings,
        services=stubs.urls,
        passwords={"time_cost": 1, "memory_kib": 8192, "parallelism": 1},
        trusted_proxies=1,
        trusted_proxy_addresses=["127.0.0.1"],
        rate_limit={
            "per_user_rate_per_s": 0.01,
            "per_user_burst": 40,
            "per_ip_rate_per_s": 0.01,
            "per_ip_burst": 60,
            "auth_rate_per_s": 0.01,
            "auth_burst": 12,
        },
        dashboard={
            "overall_deadline_s": 0.3,
            "section_deadline_s": 0.25,
            "breaker_min_calls": 3,
            "breaker_window_s": 2.0,
            "breaker_reset_s": 1.0,
            "settle_s": 0.5,
            # These tests watch each page's own calls (first page live, the stubs' last headers):
            # sections fetched in the background at sign-in would race them (unit-tested instead).
            "prefetch_at_sign_in": False,
        },
        cors={"allow_origins": ["https://app.example.com"]},
        route_timeouts={"get_resume": 0.5},
        stream={"ping_s": 1.0},
        mail={"port": mailbox.smtp_port},
        accounts={"resets_per_hour": 2},
    )
    app = create_app(settings)
    server = ThreadServer(app)
    server.start()
    yield Gateway(settings, server.url, app)
    server.stop()


@pytest.fixture(autouse=True)
def _reset_stubs(stubs: Stubs) -> Iterator[None]:
    stubs.reset()
    yield
    stubs.reset()


@pytest_asyncio.fixture(loop_scope="session")
async def client(gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    n = next(_ips)
    ip = f"10.9.{n // 250}.{n % 250 + 1}"
    async with httpx.AsyncClient(base_url=gateway.url, headers={"X-Forwarded-For": ip}, timeout=20) as c:
        yield c
