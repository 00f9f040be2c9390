"""Proxy headers rewrite the client address only when the operator names the proxies."""

from __future__ import annotations

from typing import Any

import pytest

from resugrow_platform import serve


@pytest.mark.parametrize(("env", "trusted"), [(None, False), ("10.0.0.5", True)])
def test_uvicorn_trusts_forwarded_headers_only_from_configured_addresses(
    monkeypatch: pytest.MonkeyPatch, env: str | None, trusted: bool
) -> None:
    seen: dict[str, Any] = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    if env is None:
        monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    else:
        monkeypatch.setenv("FORWARDED_ALLOW_IPS", env)
    monkeypatch.setenv("RESUGROW_AUTH__JWT_SECRET", "x" * 40)
    serve.main(["ats", "--port", "18999"])
    assert seen["proxy_headers"] is trusted
    if trusted:
        assert seen["forwarded_allow_ips"] == env
