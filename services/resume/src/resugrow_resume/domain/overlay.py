"""Tailored variants: an overlay of changes on a master resume.

A variant stores what it changed, not a copy: a list of operations (``set``, ``remove``,
``append``) addressed by paths into the master version it was derived from (``base``). Reading a
variant materializes it against the master's *current* version, so the master's later edits flow
into every variant except where the variant overrode that very path.

Paths address list entries (jobs, degrees, projects) by index, and indices move when the master
inserts or deletes an entry. So before applying, operations are *rebased*: the entries of each
list in the base master are matched to the entries of the current master (same content, else
same identity such as company + start date, else position among the leftovers) and the indices
rewritten. An override whose entry the master deleted is reported as orphaned, never applied to
the wrong job.

Lists of plain values (bullets, keywords) are leaves: a variant that tailors a job's bullets owns
that job's whole bullet list, which is what a person editing bullets means.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]
Op = dict[str, Any]  # {"op": "set"|"remove"|"append", "path": [...], "value": ...}

# The field that names an entry, in order of preference across JSON Resume sections.
_IDENTITY_FIELDS = ("name", "institution", "organization", "title", "language", "network", "reference")


def _is_object_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _identity(entry: dict[str, Any]) -> tuple[Any, ...] | None:
    for key in _IDENTITY_FIELDS:
        if entry.get(key):
            return (key, str(entry[key]).strip().casefold(), entry.get("startDate"))
    return None


def match_entries(old: list[Any], new: list[Any]) -> dict[int, int]:
    """Map each entry of ``old`` to the same entry in ``new`` (old index -> new index).

    Deterministic and conservative: exact content first, then a unique identity, then the
    most similar leftover when at least half its fields are unchanged (an entry edited in place).
    An entry with no counterpart was deleted: overrides of it become orphans.
    """
    mapping: dict[int, int] = {}
    taken: set[int] = set()
    for i, item in enumerate(old):
        for j, candidate in enumerate(new):
            if j not in taken and candidate == item:
                mapping[i] = j
                taken.add(j)
                break
    left_new = [j for j in range(len(new)) if j not in taken]
    identities: dict[Any, list[int]] = {}
    for j in left_new:
        ident = _identity(new[j]) if isinstance(new[j], dict) else None
        if ident is not None:
            identities.setdefault(ident, []).append(j)
    for i, item in enumerate(old):
        if i in mapping or not isinstance(item, dict):
            continue
        ident = _identity(item)
        candidates = [j for j in identities.get(ident, []) if j not in taken] if ident else []
        if len(candidates) == 1:
            mapping[i] = candidates[0]
            taken.add(candidates[0])
    for i, item in enumerate(old):
        if i in mapping:
            continue
        scored = [(_similarity(item, new[j]), -j) for j in range(len(new)) if j not in taken]
        best = max(scored, default=(0.0, 0))
        if best[0] >= _SAME_ENTRY_SIMILARITY:
            mapping[i] = -best[1]
            taken.add(-best[1])
    return mapping


# An entry edited in place keeps most of its fields; a replaced one shares few or none.
_SAME_ENTRY_SIMILARITY = 0.5


def _similarity(a: Any, b: Any) -> float:
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return 1.0 if a == b else 0.0
    keys = set(a) | set(b)
    if not keys:
        return 1.0
    return sum(1 for k in keys if k in a and k in b and a[k] == b[k]) / len(keys)


def _same_entry(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        ident = _identity(a)
        return ident is not None and ident == _identity(b)
    return False


# --- diff -----------------------------------------------------------------------------------


def diff(master: dict[str, Any], variant: dict[str, Any]) -> list[Op]:
    """The operations that turn ``master`` into ``variant`` (``apply(master, diff) == variant``)."""
    ops: list[Op] = []
    _diff(master, variant, (), ops)
    return ops


def _diff(a: Any, b: Any, path: Path, ops: list[Op]) -> None:
    if a == b and type(a) is type(b):
        return
    if isinstance(a, dict) and isinstance(b, dict):
        _diff_dicts(a, b, path, ops)
        return
    if _is_object_list(a) and _is_object_list(b) and a and b and _diff_lists(a, b, path, ops):
        return
    ops.append({"op": "set", "path": list(path), "value": copy.deepcopy(b)})


def _diff_dicts(a: dict[str, Any], b: dict[str, Any], path: Path, ops: list[Op]) -> None:
    for key in a:
        if key not in b:
            ops.append({"op": "remove", "path": [*path, key]})
    for key, value in b.items():
        if key in a:
            _diff(a[key], value, (*path, key), ops)
        else:
            ops.append({"op": "set", "path": [*path, key], "value": copy.deepcopy(value)})


def _diff_lists(a: list[Any], b: list[Any], path: Path, ops: list[Op]) -> bool:
    """Entry-wise operations for two lists of objects; False when only replacing the list will do."""
    if len(a) == len(b):
        for i, (old, new) in enumerate(zip(a, b, strict=True)):
            _diff(old, new, (*path, i), ops)
        return True
    aligned = _align(a, b)
    if aligned is None:
        return False
    pairs, removed, appended = aligned
    for i, j in pairs:
        _diff(a[i], b[j], (*path, i), ops)
    ops.extend({"op": "remove", "path": [*path, i]} for i in removed)
    if appended:
        ops.append({"op": "append", "path": list(path), "value": copy.deepcopy(appended)})
    return True


def _align(a: list[Any], b: list[Any]) -> tuple[list[tuple[int, int]], list[int], list[Any]] | None:
    """Express ``b`` as ``a`` minus some entries plus entries at the end, keeping order; or None."""
    pairs: list[tuple[int, int]] = []
    removed: list[int] = []
    j = 0
    for i, item in enumerate(a):
        if j < len(b) and _same_entry(item, b[j]):
            pairs.append((i, j))
            j += 1
        elif any(_same_entry(item, later) for later in b[j + 1 :]):
            return None  # a reorder: not expressible as removals + appends
        else:
            removed.append(i)
    appended = b[j:]
    if any(any(_same_entry(x, a[i]) for i in removed) for x in appended):
        return None
    return pairs, removed, list(appended)


# --- apply ----------------------------------------------------------------------------------


@dataclass
class Resolution:
    document: dict[str, Any]
    orphaned: list[str] = field(default_factory=list)  # overrides whose target the master deleted


def pointer(path: list[str | int] | Path) -> str:
    """RFC 6901 JSON Pointer for a path (for people and for the API)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _holds(node: Any, seg: Any) -> bool:
    if isinstance(node, dict):
        return isinstance(seg, str) and seg in node
    return isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node)


def _walk(doc: Any, path: list[Any]) -> Any:
    node = doc
    for seg in path:
        if not _holds(node, seg):
            return _MISSING
        node = node[seg]
    return node


_MISSING = object()


Removals = dict[int, tuple[list[Any], set[int]]]


def _append(doc: dict[str, Any], path: list[Any], value: Any, orphaned: list[str]) -> None:
    target = _walk(doc, path)
    if target is _MISSING:
        parent = _walk(doc, path[:-1]) if path else _MISSING
        if not (isinstance(parent, dict) and path and isinstance(path[-1], str)):
            orphaned.append(pointer(path))
            return
        parent[path[-1]] = target = []
    if not isinstance(target, list):
        orphaned.append(pointer(path))
        return
    target.extend(copy.deepcopy(value))


def _set(doc: dict[str, Any], path: list[Any], value: Any, orphaned: list[str]) -> None:
    parent, last = _walk(doc, path[:-1]), path[-1]
    # A dict takes a new key; a list only an index that still exists.
    if _holds(parent, last) or (isinstance(parent, dict) and isinstance(last, str)):
        parent[last] = copy.deepcopy(value)
    else:
        orphaned.append(pointer(path))


def _mark_removal(doc: dict[str, Any], path: list[Any], removals: Removals) -> None:
    parent, last = _walk(doc, path[:-1]), path[-1]
    if isinstance(parent, dict) and _holds(parent, last):
        del parent[last]
    elif isinstance(parent, list) and _holds(parent, last):
        removals.setdefault(id(parent), (parent, set()))[1].add(last)
    # Removing what the master already removed is no conflict: nothing to report.


def apply(master: dict[str, Any], ops: list[Op]) -> Resolution:
    """Materialize a variant: master + operations. Never mutates ``master``."""
    doc = copy.deepcopy(master)
    orphaned: list[str] = []
    # Deferred so that earlier removals do not shift the indices of later ones.
    removals: Removals = {}
    for op in ops:
        path, kind = list(op["path"]), op["op"]
        if kind == "append":
            _append(doc, path, op["value"], orphaned)
        elif not path:
            if kind == "set" and isinstance(op["value"], dict):
                doc = copy.deepcopy(op["value"])
        elif kind == "set":
            _set(doc, path, op["value"], orphaned)
        elif kind == "remove":
            _mark_removal(doc, path, removals)
    for target_list, indices in removals.values():
        for index in sorted(indices, reverse=True):
            del target_list[index]
    return Resolution(doc, orphaned)


# --- rebase and resolve ---------------------------------------------------------------------


def rebase(
    ops: list[Op], old_master: dict[str, Any], new_master: dict[str, Any]
) -> tuple[list[Op], list[str]]:
    """Rewrite list indices in ``ops`` from ``old_master`` to ``new_master``; report orphans."""
    if old_master == new_master:
        return ops, []
    cache: dict[Path, dict[int, int]] = {}
    rebased: list[Op] = []
    orphaned: list[str] = []
    for op in ops:
        new_path = _map_path(op["path"], old_master, new_master, cache)
        if new_path is None:
            orphaned.append(pointer(op["path"]))
        else:
            rebased.append({**op, "path": new_path})
    return rebased, orphaned


def _map_path(path: list[Any], old: Any, new: Any, cache: dict[Path, dict[int, int]]) -> list[Any] | None:
    out: list[Any] = []
    for depth, seg in enumerate(path):
        if isinstance(seg, int):
            if not (isinstance(old, list) and isinstance(new, list)):
                return None
            key = tuple(path[:depth])
            if key not in cache:
                cache[key] = match_entries(old, new)
            mapped = cache[key].get(seg)
            if mapped is None:
                return None
            out.append(mapped)
            old, new = old[seg], new[mapped]
        else:
            out.append(seg)
            old = old.get(seg) if isinstance(old, dict) else None
            new = new.get(seg) if isinstance(new, dict) else None
    return out


def resolve(base_master: dict[str, Any], current_master: dict[str, Any], ops: list[Op]) -> Resolution:
    """The variant as of now: its overrides, rebased onto the master's current version."""
    rebased, orphaned = rebase(ops, base_master, current_master)
    result = apply(current_master, rebased)
    result.orphaned = orphaned + result.orphaned
    return result


def overridden_paths(ops: list[Op]) -> list[str]:
    return [pointer(op["path"]) + ("/-" if op["op"] == "append" else "") for op in ops]


# --- JSON Merge Patch (RFC 7396), the body of PATCH /v1/resumes/{id} ------------------------


def merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
