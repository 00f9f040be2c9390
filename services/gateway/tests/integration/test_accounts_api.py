"""Accounts through real HTTP: register, sign in, rotate, reuse detection, sign out, delete."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from gateway_support import PASSWORD, Gateway, sign_up
from pymongo import AsyncMongoClient

pytestmark = pytest.mark.integration


async def _outbox(gateway: Gateway, topic_suffix: str) -> list[dict[str, Any]]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(gateway.settings.mongo.url.get_secret_value())
    try:
        db = client[gateway.settings.mongo.database]
        return await db["outbox"].find({"topic": gateway.settings.topic(topic_suffix)}).to_list(None)
    finally:
        await client.close()


async def _published(gateway: Gateway, topic_suffix: str, needle: str, timeout_s: float = 20.0) -> bool:
    """Whether an event naming `needle` reached the topic: read from the broker, because the
    outbox row of an erased user is purged as soon as it is sent."""
    topic = gateway.settings.topic(topic_suffix)
    consumer = AIOKafkaConsumer(bootstrap_servers=gateway.settings.kafka.bootstrap_servers)
    await consumer.start()
    try:
        await consumer.topics()  # loads the cluster metadata
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        assert partitions, f"no topic {topic}"
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = asyncio.get_running_loop().time() + timeout_s
        while asyncio.get_running_loop().time() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            if any(needle in r.value.decode() for records in batches.values() for r in records):
                return True
        return False
    finally:
        await consumer.stop()


async def test_register_sign_in_and_read_me(client: httpx.AsyncClient, gateway: Gateway) -> None:
    account = await sign_up(client, "Ann.Lee@Example.com")
    assert account.email == "Ann.Lee@Example.com"
    me = await client.get("/v1/me", headers=account.headers)
    assert me.status_code == 200
    assert me.json()["email"] == "ann.lee@example.com"
    assert "password" not in me.text and "hash" not in me.text
    assert me.headers["cache-control"] == "no-store"
    events = await _outbox(gateway, "resugrow.user.registered.v1")
    assert any(account.user_id in e["value"].decode() for e in events)
    # the event carries the domain only, never the address
    assert all(b"ann.lee@" not in e["value"] for e in events)


async def test_bad_registrations_are_refused_and_store_nothing(client: httpx.AsyncClient) -> None:
    account = await sign_up(client)
    dup = await client.post("/v1/auth/register", json={"email": account.email.upper(), "password": PASSWORD})
    assert dup.status_code == 409 and dup.headers["content-type"] == "application/problem+json"
    weak = await client.post("/v1/auth/register", json={"email": "weak@example.com", "password": "short"})
    assert weak.status_code == 422
    assert weak.json()["errors"][0]["loc"] == ["password"]
    assert "short" not in weak.text  # the rejected password is never echoed
    bad_email = await client.post("/v1/auth/register", json={"email": "not-an-email", "password": PASSWORD})
    assert bad_email.status_code == 422
    missing = await client.post("/v1/auth/register", json={})
    assert missing.status_code == 422
    login = await client.post("/v1/auth/token", data={"username": "weak@example.com", "password": "short"})
    assert login.status_code == 401  # the refused registration created nothing


async def test_wrong_password_and_unknown_user_look_the_same(client: httpx.AsyncClient) -> None:
    account = await sign_up(client)
    wrong = await client.post("/v1/auth/token", data={"username": account.email, "password": "nope" * 3})
    unknown = await client.post(
        "/v1/auth/token", data={"username": "ghost@example.com", "password": PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["www-authenticate"] == "Bearer"


async def test_refresh_rotates_and_reuse_revokes_the_whole_family(client: httpx.AsyncClient) -> None:
    account = await sign_up(client)
    first = await client.post("/v1/auth/refresh", json={"refresh_token": account.refresh})
    assert first.status_code == 200
    second_refresh = first.json()["refresh_token"]
    assert second_refresh != account.refresh
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {first.json()['access_token']}"})
    assert me.status_code == 200
    # the old token comes back (stolen copy): refused, and the newer token dies with it
    replay = await client.post("/v1/auth/refresh", json={"refresh_token": account.refresh})
    assert replay.status_code == 401
    after = await client.post("/v1/auth/refresh", json={"refresh_token": second_refresh})
    assert after.status_code == 401
    # a separate sign-in of the same user is a separate family and still works
    other = await client.post("/v1/auth/token", data={"username": account.email, "password": PASSWORD})
    again = await client.post("/v1/auth/refresh", json={"refresh_token": other.json()["refresh_token"]})
    assert again.status_code == 200
    garbage = await client.post("/v1/auth/refresh", json={"refresh_token": "x" * 43})
    assert garbage.status_code == 401


async def test_logout_revokes_only_your_own_sign_in(client: httpx.AsyncClient) -> None:
    ann, bob = await sign_up(client), await sign_up(client)
    # Bob cannot sign Ann out with her refresh token: it is simply not his
    foreign = await client.post("/v1/auth/logout", json={"refresh_token": ann.refresh}, headers=bob.headers)
    assert foreign.status_code == 204
    assert (await client.post("/v1/auth/refresh", json={"refresh_token": ann.refresh})).status_code == 200
    ann_tokens = await client.post("/v1/auth/token", data={"username": ann.email, "password": PASSWORD})
    refresh = ann_tokens.json()["refresh_token"]
    out = await client.post("/v1/auth/logout", json={"refresh_token": refresh}, headers=ann.headers)
    assert out.status_code == 204
    assert (await client.post("/v1/auth/refresh", json={"refresh_token": refresh})).status_code == 401
    assert (await client.post("/v1/auth/logout")).status_code == 401


async def test_delete_me_publishes_user_deleted_and_kills_every_token(
    client: httpx.AsyncClient, gateway: Gateway
) -> None:
    account = await sign_up(client)
    gone = await client.delete("/v1/me", headers=account.headers)
    assert gone.status_code == 204
    assert await _published(gateway, "resugrow.user.deleted.v1", account.user_id)
    assert (await client.get("/v1/me", headers=account.headers)).status_code == 401
    assert (await client.get("/v1/resumes", headers=account.headers)).status_code == 401
    assert (await client.post("/v1/auth/refresh", json={"refresh_token": account.refresh})).status_code == 401
    login = await client.post("/v1/auth/token", data={"username": account.email, "password": PASSWORD})
    assert login.status_code == 401
    # the address is free again
    again = await client.post("/v1/auth/register", json={"email": account.email, "password": PASSWORD})
    assert again.status_code == 201 and again.json()["id"] != account.user_id
