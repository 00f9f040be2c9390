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


def _shape(node: Any, defs: dict[str, Any]) -> Any:
    """A property's type information only, with $refs resolved, for comparison."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return _shape(defs.get(name, {}), defs)
        return {k: _shape(v, defs) for k, v in sorted(node.items()) if k not in _IGNORED_KEYS}
    if isinstance(node, list):
        return [_shape(v, defs) for v in node]
    return node


def breaking_changes(old: dict[str, Any], new: dict[str, Any], path: str = "") -> list[str]:
    problems: list[str] = []
    old_defs, new_defs = old.get("$defs", {}), new.get("$defs", {})
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, old_prop in old_props.items():
        where = f"{path}{name}"
        if name not in new_props:
            problems.append(f"field '{where}' was removed or renamed")
            continue
        if _shape(old_prop, old_defs) != _shape(new_props[name], new_defs):
            problems.append(f"field '{where}' changed type")
    newly_required = set(new.get("required", [])) - set(old.get("required", []))
    for name in sorted(newly_required):
        problems.append(f"field '{path}{name}' is newly required")
    return problems


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
