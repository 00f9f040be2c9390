"""Run one service by name: `python -m resugrow_platform.serve resume [--port 8001]`.

Services are discovered by package name (`resugrow_<name>.main:create_app`), so the launcher and
the container images need no per-service code. Without the argument the name comes from
`RESUGROW_SERVE_SERVICE` (set by the one image build from its `SERVICE` argument).
"""

from __future__ import annotations

import argparse
import importlib
import os


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", nargs="?", default=os.environ.get("RESUGROW_SERVE_SERVICE"))
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    if not args.service:
        parser.error("name the service (or set RESUGROW_SERVE_SERVICE)")

    import uvicorn

    module = importlib.import_module(f"resugrow_{args.service}.main")
    app = module.create_app()
    settings = app.state.platform.settings
    forwarded = os.environ.get("FORWARDED_ALLOW_IPS", "").strip()
    uvicorn.run(
        app,
        host=args.host or os.environ.get("HOST") or settings.host,
        port=args.port or settings.port,
        log_config=None,  # our structlog handler already owns the root logger
        access_log=False,
        timeout_graceful_shutdown=int(settings.graceful_timeout_s),
        # X-Forwarded-For/-Proto rewrite the client address only when the peer is a configured
        # proxy (FORWARDED_ALLOW_IPS, comma-separated); by default no header is trusted, so a
        # caller cannot pick the address rate limits and logs see.
        proxy_headers=bool(forwarded),
        forwarded_allow_ips=forwarded or None,
    )


if __name__ == "__main__":
    main()
