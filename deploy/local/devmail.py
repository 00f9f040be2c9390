"""A local mailbox for development and tests: a real SMTP server (aiosmtpd) that keeps what it
receives in memory, and a small read-only HTTP page to see it.

    http://127.0.0.1:8025/            the messages, newest first (HTML)
    http://127.0.0.1:8025/messages    the same as JSON: [{to, from, subject, text, html, received_at}]

`make run` starts one (deploy/local/launcher.py); the gateway's integration tests start their own
on free ports. Never exposed beyond loopback.
"""

from __future__ import annotations

import html
import json
import threading
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

KEEP = 500


def _part(message: EmailMessage, subtype: str) -> str:
    body = message.get_body(preferencelist=(subtype,))
    return str(body.get_content()) if body is not None else ""


class _Collector:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.box.add(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "subject": str(parsed["Subject"] or ""),
                "text": _part(parsed, "plain"),
                "html": _part(parsed, "html"),
                "received_at": datetime.now(UTC).isoformat(),
            }
        )
        return "250 Message accepted for delivery"


class Mailbox:
    def __init__(
        self, *, smtp_port: int = 1025, http_port: int | None = 8025, host: str = "127.0.0.1"
    ) -> None:
        self.host = host
        self.smtp_port = smtp_port
        self.http_port = http_port
        self.messages: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._controller = Controller(_Collector(self), hostname=host, port=smtp_port)
        self._http: ThreadingHTTPServer | None = None

    def add(self, message: dict[str, Any]) -> None:
        with self._lock:
            self.messages.append(message)
            del self.messages[:-KEEP]

    def to(self, address: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if address in m["to"]]

    def start(self) -> Mailbox:
        self._controller.start()
        if self.http_port is not None:
            self._http = ThreadingHTTPServer((self.host, self.http_port), _page_handler(self))
            threading.Thread(target=self._http.serve_forever, name="mailbox-http", daemon=True).start()
        return self

    def stop(self) -> None:
        self._controller.stop()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()


def _render(messages: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<details><summary>{html.escape(m['received_at'])} &middot; {html.escape(', '.join(m['to']))} &middot; "
        f"<b>{html.escape(m['subject'])}</b></summary><pre>{html.escape(m['text'])}</pre></details>"
        for m in reversed(messages)
    )
    return (
        "<!doctype html><title>Resugrow dev mailbox</title><h1>Dev mailbox</h1>"
        f"<p>{len(messages)} message(s); JSON at <a href='/messages'>/messages</a>.</p>{rows}"
    )


def _page_handler(box: Mailbox) -> type[BaseHTTPRequestHandler]:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with box._lock:
                messages = list(box.messages)
            if self.path.startswith("/messages"):
                body, kind = json.dumps(messages[::-1]).encode(), "application/json"
            else:
                body, kind = _render(messages).encode(), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Page
