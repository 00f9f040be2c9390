"""The gateway's one OpenAPI document, with every service's real request and response schemas.

The proxied routes are declared in domain/routing.py; their shapes come from the services' own
OpenAPI documents, assembled at build time by `deploy/openapi.py` (`make openapi`) into
`openapi_services.json` next to this module (checked in, diffed by `make lint`). Here they are
merged into the gateway's document: the service's parameters, request body and success answers,
under the gateway's operation id, tag, limits, examples and problem+json error answers.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

from fastapi.openapi.utils import get_openapi
from starlette.routing import BaseRoute

from resugrow_gateway.api.deps import PROBLEM_REF
from resugrow_gateway.api.schemas import Problem

FRAGMENTS = "openapi_services.json"
_UNUSED = ("HTTPValidationError", "ValidationError")


def load_fragments() -> dict[str, Any]:
    """The assembled service shapes; empty before the first `make openapi`."""
    path = resources.files("resugrow_gateway").joinpath(FRAGMENTS)
    if not path.is_file():
        return {"operations": {}, "schemas": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _problem_errors(responses: dict[str, Any]) -> None:
    for code, response in responses.items():
        if code.startswith(("4", "5")):
            response["content"] = {"application/problem+json": {"schema": PROBLEM_REF}}
            if code == "422":
                response["description"] = "Invalid input: see `errors` for each field."


def _merge_body(op: dict[str, Any], body: dict[str, Any] | None) -> None:
    if body is None:
        return
    ours = op.get("requestBody") or {}
    content = dict(ours.get("content", {}))
    for media, entry in body.get("content", {}).items():
        merged = copy.deepcopy(entry)
        example = content.get(media, {}).get("example")
        if example is not None:
            merged["example"] = example
        content[media] = merged
    op["requestBody"] = {
        **body,
        "content": content,
        **({"description": ours["description"]} if "description" in ours else {}),
    }


def _merge_operation(op: dict[str, Any], fragment: dict[str, Any]) -> None:
    if fragment.get("parameters") is not None:
        op["parameters"] = copy.deepcopy(fragment["parameters"])
    _merge_body(op, fragment.get("requestBody"))
    for code, response in fragment.get("responses", {}).items():
        if code.startswith(("2", "3")):
            ours = op["responses"].get(code, {})
            # The gateway's "any JSON" placeholder gives way to what the service really answers.
            content = {m: c for m, c in ours.get("content", {}).items() if c.get("schema") != {}}
            content.update(copy.deepcopy(response.get("content", {})))
            op["responses"][code] = {**ours, **copy.deepcopy(response), "content": content}
            if not content:
                op["responses"][code].pop("content")


def merge_services(schema: dict[str, Any], fragments: dict[str, Any]) -> None:
    operations = fragments.get("operations", {})
    for item in schema.get("paths", {}).values():
        for op in item.values():
            fragment = operations.get(op.get("operationId"))
            if fragment is not None:
                _merge_operation(op, fragment)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, body in fragments.get("schemas", {}).items():
        components.setdefault(name, body)


def build_openapi(
    *,
    title: str,
    version: str,
    description: str | None,
    routes: Iterable[BaseRoute],
    tags: list[dict[str, Any]],
) -> dict[str, Any]:
    schema = get_openapi(
        title=title, version=version, description=description, routes=list(routes), tags=tags
    )
    merge_services(schema, load_fragments())
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    # FastAPI documents its own 422 shape; ours is a problem document (see problems() in api/deps).
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            _problem_errors(operation.get("responses", {}))
    for unused in _UNUSED:
        components.pop(unused, None)
    return schema


# -- assembly (used by deploy/openapi.py; no service is imported here) -----------------------------
def _norm(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def _rename(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {k: _rename(v, names) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            out["$ref"] = "#/components/schemas/" + names.get(name, name)
        return out
    if isinstance(node, list):
        return [_rename(v, names) for v in node]
    return node


def _closure(roots: set[str], schemas: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        found: set[str] = set()
        _refs(schemas[name], found)
        todo.extend(found - seen)
    return seen


def _fragment(op: dict[str, Any], gateway_path: str, service_path: str) -> dict[str, Any]:
    """The parts of a service operation the gateway shows, path parameters renamed to the gateway's."""
    renames = dict(
        zip(re.findall(r"\{([^}]+)\}", service_path), re.findall(r"\{([^}]+)\}", gateway_path), strict=True)
    )
    params = [
        {**p, "name": renames.get(p["name"], p["name"])} if p.get("in") == "path" else p
        for p in op.get("parameters", [])
    ]
    return {
        "parameters": params,
        "requestBody": op.get("requestBody"),
        "responses": {c: r for c, r in op.get("responses", {}).items() if c.startswith(("2", "3"))},
    }


def _hoist_defs(node: Any, into: dict[str, Any]) -> Any:
    """Schemas a service embedded with local `$defs` (e.g. via openapi_extra) become components,
    so every reference in the public document is a components reference."""
    if isinstance(node, dict):
        out = {k: _hoist_defs(v, into) for k, v in node.items() if k != "$defs"}
        for name, body in node.get("$defs", {}).items():
            into.setdefault(name, _hoist_defs(body, into))
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            out["$ref"] = "#/components/schemas/" + ref.removeprefix("#/$defs/")
        return out
    if isinstance(node, list):
        return [_hoist_defs(v, into) for v in node]
    return node


def assemble(
    routes: Iterable[Any], service_docs: dict[str, dict[str, Any]], taken: set[str]
) -> dict[str, Any]:
    """Fragments for `routes` (ProxyRoute) from each service's document. A schema name two services
    use differently is prefixed with the service's name (`Tracker...`); `taken` are the gateway's own."""
    operations: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for service, raw in sorted(service_docs.items()):
        hoisted: dict[str, Any] = {}
        doc = _hoist_defs(raw, hoisted)
        for name, body in hoisted.items():
            doc.setdefault("components", {}).setdefault("schemas", {}).setdefault(name, body)
        index = {
            (method.upper(), _norm(path)): (path, op)
            for path, item in doc.get("paths", {}).items()
            for method, op in item.items()
        }
        own = doc.get("components", {}).get("schemas", {})
        wanted: dict[str, Any] = {}
        for route in routes:
            found = index.get((route.method, _norm(route.path)))
            if route.service == service and found is not None:
                wanted[route.operation_id] = _fragment(found[1], route.path, found[0])
        used: set[str] = set()
        _refs(wanted, used)
        names = {}
        for name in sorted(_closure(used, own) - set(_UNUSED)):
            clash = name in taken or (name in schemas and schemas[name] != own[name])
            names[name] = service.capitalize() + name if clash else name
        for name, new in names.items():
            schemas[new] = _rename(own[name], names)
            if new != name and schemas[new].get("title") == name:
                # Client generators name classes by title: a renamed schema needs its own.
                schemas[new] = {**schemas[new], "title": new}
        operations.update(_rename(wanted, names))
    return {"operations": dict(sorted(operations.items())), "schemas": dict(sorted(schemas.items()))}
