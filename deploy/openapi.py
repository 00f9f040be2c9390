"""Assemble the public API document from the services' own OpenAPI documents.

    python deploy/openapi.py           # write (make openapi, also run by make contracts)
    python deploy/openapi.py --check   # exit 1 when a checked-in file is stale (make lint)

Each service app is built with `create_app()` and asked for `.openapi()`: no server, broker or
database is needed. The parts the gateway shows for its declared routes (parameters, request
body, success answers and the schemas they reference) are written to
`services/gateway/src/resugrow_gateway/openapi_services.json`, which the gateway merges into its
own document at run time; the complete gateway document is written to `deploy/openapi/gateway.json`
for the frontend's client generator and for review.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FRAGMENTS = ROOT / "services/gateway/src/resugrow_gateway/openapi_services.json"
DOCUMENT = ROOT / "deploy/openapi/gateway.json"


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def service_documents(names: set[str]) -> dict[str, dict[str, Any]]:
    docs = {}
    for name in sorted(names):
        app = importlib.import_module(f"resugrow_{name}.main").create_app()
        docs[name] = app.openapi()
    return docs


def build() -> dict[Path, str]:
    from pydantic import SecretStr

    from resugrow_gateway.api import openapi_doc
    from resugrow_gateway.domain.routing import ROUTES
    from resugrow_gateway.main import create_app
    from resugrow_gateway.settings import GatewaySettings

    docs = service_documents({route.service for route in ROUTES})
    settings = GatewaySettings(auth={"jwt_secret": SecretStr("openapi-" * 6)})
    bare = openapi_doc.load_fragments
    openapi_doc.load_fragments = lambda: {"operations": {}, "schemas": {}}  # type: ignore[assignment]
    try:
        taken = set(create_app(settings).openapi()["components"]["schemas"])
    finally:
        openapi_doc.load_fragments = bare  # type: ignore[assignment]
    fragments = openapi_doc.assemble(ROUTES, docs, taken)
    fragments_text = _dump(fragments)
    openapi_doc.load_fragments = lambda: json.loads(fragments_text)  # type: ignore[assignment]
    try:
        document = create_app(settings).openapi()
    finally:
        openapi_doc.load_fragments = bare  # type: ignore[assignment]
    return {FRAGMENTS: fragments_text, DOCUMENT: _dump(document)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a checked-in file is stale")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    outputs = build()
    stale = []
    for path, text in outputs.items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        if args.check:
            stale.append(path)
            diff = difflib.unified_diff(
                current.splitlines(),
                text.splitlines(),
                str(path.relative_to(ROOT)),
                "generated",
                lineterm="",
                n=1,
            )
            print("\n".join(list(diff)[:40]), file=sys.stderr)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(
            "The public API document is stale: run `make openapi` and commit "
            + ", ".join(str(p.relative_to(ROOT)) for p in stale),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
