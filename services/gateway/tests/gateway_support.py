"""Helpers shared by the gateway's integration tests (importable: conftest modules are not)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from resugrow_gateway.settings import GatewaySettings

PASSWORD = "correct horse battery staple"


@dataclass
class Gateway:
    settings: GatewaySettings
    url: str
    app: Any


@dataclass
class Account:
    user_id: str
    email: str
    access: str
    refresh: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}


async def sign_up(client: httpx.AsyncClient, email: str | None = None) -> Account:
    email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
    created = await client.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert created.status_code == 201, created.text
    tokens = await client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    return Account(created.json()["id"], email, body["access_token"], body["refresh_token"])
