"""E-mail verification, password reset and change, and sessions through real HTTP, with the mails
delivered over SMTP to a real local server (aiosmtpd) and read from it like a user would."""

from __future__ import annotations

import asyncio
import re
import uuid

import httpx
import pytest
from devmail import Mailbox
from gateway_support import PASSWORD, sign_up

pytestmark = pytest.mark.integration
NEW_PASSWORD = "a brand new horse staple"


async def _mail(mailbox: Mailbox, to: str, subject_part: str, count: int = 1) -> dict:
    for _ in range(200):
        found = [m for m in mailbox.to(to) if subject_part in m["subject"]]
        if len(found) >= count:
            return found[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no mail {subject_part!r} to {to}; got {mailbox.to(to)}")


def _token(mail: dict) -> str:
    match = re.search(r"token=([A-Za-z0-9_-]+)", mail["text"])
    assert match, mail["text"]
    assert match.group(1) in mail["html"]  # both parts carry the same link
    return match.group(1)


def _problem(resp: httpx.Response, status: int) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == "application/problem+json"
    return resp.json()


async def test_verification_mail_is_delivered_and_its_link_verifies_once(client, mailbox):
    account = await sign_up(client)
    me = await client.get("/v1/me", headers=account.headers)
    assert me.json()["email_verified"] is False
    mail = await _mail(mailbox, account.email, "Confirm your e-mail")
    token = _token(mail)
    assert "<a href=" in mail["html"] and "Confirm my address" in mail["text"]
    ok = await client.post("/v1/auth/verify-email", json={"token": token})
    assert ok.status_code == 200 and ok.json()["email_verified"] is True
    again = _problem(await client.post("/v1/auth/verify-email", json={"token": token}), 422)
    assert again["errors"][0]["loc"] == ["token"]
    _problem(await client.post("/v1/auth/verify-email", json={"token": "forged"}), 422)
    _problem(await client.post("/v1/me/verification-email", headers=account.headers), 409)


async def test_a_new_verification_link_replaces_the_old_one(client, mailbox):
    account = await sign_up(client)
    first = _token(await _mail(mailbox, account.email, "Confirm"))
    resent = await client.post("/v1/me/verification-email", headers=account.headers)
    assert resent.status_code == 202
    second = _token(await _mail(mailbox, account.email, "Confirm", count=2))
    _problem(await client.post("/v1/auth/verify-email", json={"token": first}), 422)
    assert (await client.post("/v1/auth/verify-email", json={"token": second})).status_code == 200


async def test_password_reset_is_enumeration_safe_single_use_and_signs_out_everywhere(client, mailbox):
    account = await sign_up(client)
    known = await client.post("/v1/auth/password-reset", json={"email": account.email})
    unknown = await client.post(
        "/v1/auth/password-reset", json={"email": f"ghost-{uuid.uuid4().hex}@example.com"}
    )
    assert known.status_code == unknown.status_code == 202 and known.json() == unknown.json()
    token = _token(await _mail(mailbox, account.email, "Reset your"))
    weak = _problem(
        await client.post("/v1/auth/password-reset/confirm", json={"token": token, "new_password": "x"}), 422
    )
    assert weak["errors"][0]["loc"] == ["new_password"] and "x" not in str(weak["errors"][0]["msg"]).split()
    done = await client.post(
        "/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert done.status_code == 204
    reused = await client.post(
        "/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    _problem(reused, 422)
    _problem(await client.post("/v1/auth/refresh", json={"refresh_token": account.refresh}), 401)
    old = await client.post("/v1/auth/token", data={"username": account.email, "password": PASSWORD})
    assert old.status_code == 401
    new = await client.post("/v1/auth/token", data={"username": account.email, "password": NEW_PASSWORD})
    assert new.status_code == 200
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {new.json()['access_token']}"})
    assert me.json()["email_verified"] is True  # the reset link proved the inbox


async def test_reset_mails_are_limited_per_address_with_the_same_answer(client, mailbox):
    account = await sign_up(client)
    answers = [await client.post("/v1/auth/password-reset", json={"email": account.email}) for _ in range(4)]
    assert {a.status_code for a in answers} == {202} and len({a.text for a in answers}) == 1
    await _mail(mailbox, account.email, "Reset your", count=2)
    await asyncio.sleep(0.5)
    assert len([m for m in mailbox.to(account.email) if "Reset" in m["subject"]]) == 2  # resets_per_hour=2
    # and per client IP, like every credential endpoint: a script guessing addresses is stopped
    statuses = [
        (await client.post("/v1/auth/password-reset", json={"email": f"g{i}@example.com"})).status_code
        for i in range(12)
    ]
    assert statuses[0] == 202 and statuses[-1] == 429


async def test_change_password_keeps_this_session_and_ends_the_others(client):
    account = await sign_up(client)
    other = await client.post("/v1/auth/token", data={"username": account.email, "password": PASSWORD})
    other_tokens = other.json()
    wrong = await client.put(
        "/v1/me/password",
        json={"current_password": "not the password", "new_password": NEW_PASSWORD},
        headers=account.headers,
    )
    assert _problem(wrong, 422)["errors"][0]["loc"] == ["current_password"]
    changed = await client.put(
        "/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=account.headers,
    )
    assert changed.status_code == 204
    assert (await client.post("/v1/auth/refresh", json={"refresh_token": account.refresh})).status_code == 200
    _problem(
        await client.post("/v1/auth/refresh", json={"refresh_token": other_tokens["refresh_token"]}), 401
    )
    # the ended session's access token stops at once on this replica
    ended = await client.get("/v1/me", headers={"Authorization": f"Bearer {other_tokens['access_token']}"})
    _problem(ended, 401)


async def test_sessions_are_listed_with_the_current_one_marked_and_can_be_ended(client):
    account = await sign_up(client)
    second = (
        await client.post("/v1/auth/token", data={"username": account.email, "password": PASSWORD})
    ).json()
    listed = await client.get("/v1/me/sessions", headers=account.headers, params={"limit": 1})
    assert listed.status_code == 200
    page = listed.json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = await client.get(
        "/v1/me/sessions", headers=account.headers, params={"cursor": page["next_cursor"]}
    )
    items = page["items"] + rest.json()["items"]
    assert rest.json()["next_cursor"] is None and len(items) == 2
    current = [s for s in items if s["current"]]
    assert len(current) == 1 and current[0]["user_agent"]
    other_id = next(s["id"] for s in items if not s["current"])
    assert (await client.delete(f"/v1/me/sessions/{other_id}", headers=account.headers)).status_code == 204
    _problem(await client.post("/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}), 401)
    _problem(await client.delete(f"/v1/me/sessions/{other_id}", headers=account.headers), 404)
    stranger = await sign_up(client)
    _problem(await client.delete(f"/v1/me/sessions/{current[0]['id']}", headers=stranger.headers), 404)
    _problem(await client.get("/v1/me/sessions", headers=account.headers, params={"cursor": "%%bad"}), 422)


def test_the_dev_mailbox_page_shows_what_was_sent():
    import json
    import smtplib
    import socket
    import urllib.request
    from email.message import EmailMessage

    def free() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    box = Mailbox(smtp_port=free(), http_port=free()).start()
    try:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "a@example.com", "b@example.com", "Hello <there>"
        mail.set_content("plain body")
        mail.add_alternative("<p>html body</p>", subtype="html")
        with smtplib.SMTP("127.0.0.1", box.smtp_port, timeout=5) as smtp:
            smtp.send_message(mail)
        with urllib.request.urlopen(f"http://127.0.0.1:{box.http_port}/messages", timeout=5) as resp:
            [message] = json.loads(resp.read())
        assert message["to"] == ["b@example.com"] and message["text"].strip() == "plain body"
        assert message["html"].strip() == "<p>html body</p>"
        with urllib.request.urlopen(f"http://127.0.0.1:{box.http_port}/", timeout=5) as resp:
            page = resp.read().decode()
        assert "Hello &lt;there&gt;" in page and "<there>" not in page
    finally:
        box.stop()
