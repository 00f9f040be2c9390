"""Services read a user's document by id through `resugrow_platform.find_owned` (docs/platform.md,
"Reading a user's document by id"): a `find_one` whose filter names both `_id` and `user_id`
leaves the database's primary-key lookup for its query planner (issue 16)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _owned_filter_reads(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "find_one" or not node.args or not isinstance(node.args[0], ast.Dict):
            continue
        keys = {k.value for k in node.args[0].keys if isinstance(k, ast.Constant)}
        if {"_id", "user_id"} <= keys:
            lines.append(node.lineno)
    return lines


def test_no_service_reads_by_id_with_the_owner_in_the_filter() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted(ROOT.glob("services/*/src/**/*.py"))
        for line in _owned_filter_reads(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_check_sees_such_a_read() -> None:
    code = 'async def get(c, u, i):\n    return await c.find_one({"_id": i, "user_id": u}, session=None)\n'
    assert _owned_filter_reads(ast.parse(code)) == [2]
    assert _owned_filter_reads(ast.parse('c.find_one({"_id": i})\nc.find_one({"user_id": u})\n')) == []
