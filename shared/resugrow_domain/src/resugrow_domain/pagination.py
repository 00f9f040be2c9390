"""One pagination scheme for every list: `limit` + an opaque `cursor`; answers carry `next_cursor`.

The cursor is the position after the last item returned (for example the sort key and id),
serialised as URL-safe base64 JSON so clients treat it as opaque and servers can change it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from resugrow_domain.errors import InvalidInput

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_CHARS = 1024


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def encode_cursor(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True, default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    """The position a cursor stands for; a cursor the client made up is a 422 on `cursor`."""
    if cursor is None or cursor == "":
        return None
    if len(cursor) > MAX_CURSOR_CHARS:
        raise InvalidInput("The cursor is not one this service gave out.", field="cursor")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("The cursor is not one this service gave out.", field="cursor") from exc
    if not isinstance(position, dict):
        raise InvalidInput("The cursor is not one this service gave out.", field="cursor")
    return position


def clamp_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}.", field="limit")
    return limit


def page_after(items: list[T], limit: int, position_of: Any) -> Page[T]:
    """Cut a list fetched with `limit + 1` items into a page and the cursor of the next one."""
    if len(items) <= limit:
        return Page(items=items)
    kept = items[:limit]
    return Page(items=kept, next_cursor=encode_cursor(position_of(kept[-1])))
