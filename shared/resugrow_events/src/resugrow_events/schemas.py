"""Snapshot every payload's JSON Schema and detect incompatible changes.

    python -m resugrow_events.schemas write   # refresh deploy/schemas/ after an additive change
    python -m resugrow_events.schemas check   # exit 1 on a breaking change or a stale snapshot

A change is breaking when a field is removed or renamed, a new field is required, or a field's
type changes. Breaking changes need a new event version (`.v2`, a new topic); the old version's
snapshot then stays as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from resugrow_events.catalog import TOPICS

_IGNORED_KEYS = {"title", "description", "default", "examples"}


def schema_for(payload: type[Any]) -> dict[str, Any]:
    schema: dict[str, Any] = payload.model_json_schema()
    schema["x-event-type"] = payload.event_type
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def current_schemas() -> dict[str, dict[str, Any]]:
    return {spec.topic: schema_for(spec.payload) for spec in TOPICS}


def _resolve(node: Any, defs: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
    return node


def _scalar_shape(node: Any) -> Any:
    """Type information of a node without nested object/array contents and documentation keys."""
    if not isinstance(node, dict):
        return node
    skip = _IGNORED_KEYS | {"properties", "required", "items", "$defs", "additionalProperties"}
    return {k: v for k, v in sorted(node.items()) if k not in skip}


def _compare(old: Any, new: Any, old_defs: dict[str, Any], new_defs: dict[str, Any], where: str) -> list[str]:
    old, new = _resolve(old, old_defs), _resolve(new, new_defs)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [f"field '{where}' changed type"]
    if "anyOf" in old or "anyOf" in new:
        old_opts = [_resolve(o, old_defs) for o in old.get("anyOf", [old])]
        new_opts = [_resolve(n, new_defs) for n in new.get("anyOf", [new])]
        if len(old_opts) != len(new_opts):
            return [f"field '{where}' changed type"]
        problems: list[str] = []
        for o, n in zip(old_opts, new_opts, strict=True):
            problems += _compare(o, n, old_defs, new_defs, where)
        return problems
    if _scalar_shape(old) != _scalar_shape(new):
        return [f"field '{where}' changed type"]
    problems = []
    if "items" in old or "items" in new:
        problems += _compare(old.get("items", {}), new.get("items", {}), old_defs, new_defs, f"{where}[]")
    if "properties" in old or "properties" in new:
        problems += _object_changes(old, new, old_defs, new_defs, f"{where}.")
    return problems


def _object_changes(
    old: dict[str, Any], new: dict[str, Any], old_defs: dict[str, Any], new_defs: dict[str, Any], prefix: str
) -> list[str]:
    problems: list[str] = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, old_prop in old_props.items():
        where = f"{prefix}{name}"
        if name not in new_props:
            problems.append(f"field '{where}' was removed or renamed")
            continue
        problems += _compare(old_prop, new_props[name], old_defs, new_defs, where)
    for name in sorted(set(new.get("required", [])) - set(old.get("required", []))):
        problems.append(f"field '{prefix}{name}' is newly required")
    return problems


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Removed/renamed fields, newly required fields and changed types, at any depth."""
    return _object_changes(old, new, old.get("$defs", {}), new.get("$defs", {}), "")


def check(directory: Path) -> tuple[list[str], list[str]]:
    """Returns (breaking problems, stale files)."""
    breaking: list[str] = []
    stale: list[str] = []
    current = current_schemas()
    snapshots = {p.stem: json.loads(p.read_text()) for p in sorted(directory.glob("*.json"))}
    for event_type, old in snapshots.items():
        if event_type not in current:
            breaking.append(f"{event_type}: event type was removed (keep old versions until retired)")
            continue
        for problem in breaking_changes(old, current[event_type]):
            breaking.append(f"{event_type}: {problem}; publish it as a new version instead")
    for event_type, schema in current.items():
        file = directory / f"{event_type}.json"
        if not file.exists() or file.read_text() != render(schema):
            stale.append(event_type)
    return breaking, stale


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for event_type, schema in current_schemas().items():
        path = directory / f"{event_type}.json"
        path.write_text(render(schema))
        written.append(path)
    return written


def default_directory() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "deploy" / "schemas").is_dir():
            return parent / "deploy" / "schemas"
    return Path.cwd() / "deploy" / "schemas"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m resugrow_events.schemas",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["write", "check"])
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    directory = args.dir or default_directory()
    breaking, stale = check(directory)
    if breaking:
        print("Incompatible event schema changes:\n  " + "\n  ".join(breaking), file=sys.stderr)
        return 1
    if args.command == "write":
        for path in write(directory):
            print(path)
        return 0
    if stale:
        print("Stale schema snapshots (run `make schemas`): " + ", ".join(stale), file=sys.stderr)
        return 1
    print(f"{len(current_schemas())} event schemas compatible and current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
