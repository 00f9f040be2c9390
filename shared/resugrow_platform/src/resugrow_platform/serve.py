"""Run one service by name: `python -m resugrow_platform.serve resume [--port 8001]`.

Services are discovered by package name (`resugrow_<name>.main:create_app`), so the launcher and
the container images need no per-service code. Without the argument the name comes from
`RESUGROW_SERVE_SERVICE` (set by the one image build from its `SERVICE` argument).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import os
from typing import Any

import uvicorn

from resugrow_platform.admission import early_refusal_protocol


class QuietServer(uvicorn.Server):
    """uvicorn's main loop wakes every 100 ms to refresh the Date header and to look for a
    shutdown request: a third of an idle service's wake-ups (issue 16). Once a second does both
    jobs (the header has one-second resolution); a shutdown starts within a second."""

    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 10) % 864000  # on_tick refreshes the header on multiples of 10
            await asyncio.sleep(1.0)
            should_exit = await self.on_tick(counter)


def _http_protocol(app: Any) -> Any:
    """uvicorn's default HTTP protocol, or one that refuses in the pass that read the request when
    the application offers such a refusal (`app.state.early_refusal`, see admission.py)."""
    refuse = getattr(app.state, "early_refusal", None)
    return "auto" if refuse is None else early_refusal_protocol(refuse)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", nargs="?", default=os.environ.get("RESUGROW_SERVE_SERVICE"))
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    if not args.service:
        parser.error("name the service (or set RESUGROW_SERVE_SERVICE)")

    module = importlib.import_module(f"resugrow_{args.service}.main")
    app = module.create_app()
    # What the imports and the app built lives as long as the process: kept out of the cyclic
    # collector's full passes. A full pass over the gateway's ~130k startup objects took 25-120 ms
    # of CPU under load, pausing every request in flight (issue 16: the dashboard's p99 tail).
    gc.freeze()
    settings = app.state.platform.settings
    forwarded = os.environ.get("FORWARDED_ALLOW_IPS", "").strip()
    config = uvicorn.Config(
        app,
        host=args.host or os.environ.get("HOST") or settings.host,
        port=args.port or settings.port,
        log_config=None,  # our structlog handler already owns the root logger
        access_log=False,
        timeout_graceful_shutdown=int(settings.graceful_timeout_s),
        loop=settings.event_loop,
        http=_http_protocol(app),
        # X-Forwarded-For/-Proto rewrite the client address only when the peer is a configured
        # proxy (FORWARDED_ALLOW_IPS, comma-separated); by default no header is trusted, so a
        # caller cannot pick the address rate limits and logs see.
        proxy_headers=bool(forwarded),
        forwarded_allow_ips=forwarded or None,
    )
    QuietServer(config).run()


if __name__ == "__main__":
    main()
