"""A keep-alive HTTP/1.1 client with little per-request cost, for the timed requests of benches.

httpx's pure-Python client costs the measuring process about 1.2 ms more CPU per request than
the standard library's `http.client` (1.75-2.3 against 0.56-0.66 ms for a 41 KB PDF, measured
side by side, session 6), and that time lands in every latency a bench reports although no
user's browser spends it. Timed requests go through this client; setup (accounts, logins,
uploads) keeps httpx. The reports say which client measured each row.
"""

from __future__ import annotations

import http.client
import json as jsonlib
from typing import Any
from urllib.parse import urlsplit


class Answer:
    """What the benches read of an answer (httpx.Response's names)."""

    def __init__(self, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
        self.status_code = status
        self.headers = {k.lower(): v for k, v in headers}
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class LeanClient:
    """One kept-alive connection; reconnects once when the server closed it between requests."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None, timeout: float = 60) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.headers = dict(headers or {})
        self._conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, *, json: Any = None, headers: dict[str, str] | None = None
    ) -> Answer:
        body = None if json is None else jsonlib.dumps(json).encode()
        sent = {**self.headers, **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/json"
        for attempt in (0, 1):
            conn = self._conn or http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._conn = conn
            try:
                conn.request(method, path, body=body, headers=sent)
                resp = conn.getresponse()
                content = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                self._conn = None
                if attempt:
                    raise
                continue
            if resp.will_close:
                conn.close()
                self._conn = None
            return Answer(resp.status, resp.getheaders(), content)
        raise AssertionError("unreachable")

    def post(self, path: str, *, json: Any = None, headers: dict[str, str] | None = None) -> Answer:
        return self.request("POST", path, json=json, headers=headers)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
