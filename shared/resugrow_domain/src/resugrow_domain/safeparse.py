"""One policy for every JSON, YAML and XML text a user sends, whichever code parses it.

The standard parsers accept input that later breaks a service: a lone UTF-16 surrogate
(``"\\ud800"``) parses but cannot be encoded for the database; ``NaN``/``Infinity`` parse but are
not JSON, and a stored NaN makes every later export fail; 10,000 nested arrays overflow the
stack; a 5,000-digit integer raises ValueError (Python's int-size guard) outside the decoder's
error type; YAML aliases and XML entities expand a few bytes into gigabytes. Each is refused here
with an error the caller maps to a 4xx, so the rest of the code only sees plain, bounded data.

``JsonPolicyError`` is a ``json.JSONDecodeError``: code that already answers 4xx to malformed JSON
needs only to call ``loads`` from here instead of ``json.loads``.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 64
MAX_INT_DIGITS = 64
MAX_YAML_DEPTH = 64


class JsonPolicyError(json.JSONDecodeError):
    """Valid-looking JSON the platform refuses (or JSON that is not valid at all)."""

    def __init__(self, msg: str, doc: str = "", pos: int = 0) -> None:
        super().__init__(msg, doc, pos)


def _reject_constant(name: str) -> Any:
    raise JsonPolicyError(f"{name} is not a JSON number")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonPolicyError(f"integers are limited to {MAX_INT_DIGITS} digits")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_INT_DIGITS * 2:
        raise JsonPolicyError(f"numbers are limited to {MAX_INT_DIGITS * 2} characters")
    value = float(text)
    if not math.isfinite(value):
        raise JsonPolicyError("numbers must be finite")
    return value


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_value(value: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise JsonPolicyError for data the policy refuses: too deep, a lone surrogate, a NUL in a
    key (keys become database field names), a non-finite float. Iterative: no recursion limit."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _has_lone_surrogate(item):
                raise JsonPolicyError("strings must be valid Unicode (a lone surrogate was found)")
        elif isinstance(item, dict):
            if depth > max_depth:
                raise JsonPolicyError(f"nesting is limited to {max_depth} levels")
            for key, child in item.items():
                if not isinstance(key, str):
                    raise JsonPolicyError("object keys must be strings")
                if "\x00" in key or _has_lone_surrogate(key):
                    raise JsonPolicyError("object keys must be valid Unicode without NUL characters")
                stack.append((child, depth + 1))
        elif isinstance(item, list | tuple):
            if depth > max_depth:
                raise JsonPolicyError(f"nesting is limited to {max_depth} levels")
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise JsonPolicyError("numbers must be finite")


def loads(data: str | bytes | bytearray, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` under the policy; every refusal is a JsonPolicyError (a JSONDecodeError)."""
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # malformed rather than refused: callers answer it like any other JSON syntax error
            raise json.JSONDecodeError(f"the body is not UTF-8 (byte {exc.start})", "", exc.start) from None
    try:
        value = json.loads(
            data, parse_constant=_reject_constant, parse_int=_parse_int, parse_float=_parse_float
        )
    except JsonPolicyError:
        raise
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise JsonPolicyError(f"nesting is limited to {max_depth} levels") from None
    except (ValueError, OverflowError) as exc:
        raise JsonPolicyError(f"invalid JSON: {exc}") from None
    check_value(value, max_depth=max_depth)
    return value


# --- YAML ------------------------------------------------------------------------------------


class YamlPolicyError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def yaml_loader() -> type[Any]:
    """PyYAML's SafeLoader without aliases (billion laughs) and with a nesting bound."""
    import yaml

    class PolicyLoader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise YamlPolicyError(
                    f"YAML aliases are not allowed (line {event.start_mark.line + 1})",
                    event.start_mark.line + 1,
                )
            self._depth += 1
            try:
                if self._depth > MAX_YAML_DEPTH:
                    mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                    raise YamlPolicyError(
                        f"YAML nesting is limited to {MAX_YAML_DEPTH} levels", mark.line + 1
                    )
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return PolicyLoader


def yaml_loads(text: str) -> Any:
    """Safe YAML: plain data only, no aliases, bounded nesting, JSON policy on the result.
    Raises YamlPolicyError for refused input; yaml.YAMLError for malformed input."""
    import yaml

    try:
        value = yaml.load(text, Loader=yaml_loader())
    except RecursionError:
        raise YamlPolicyError(f"YAML nesting is limited to {MAX_YAML_DEPTH} levels") from None
    except yaml.YAMLError:
        raise
    except (ValueError, OverflowError, TypeError) as exc:  # e.g. a 5,000-digit integer
        raise YamlPolicyError(f"invalid YAML value: {str(exc)[:120]}") from None
    try:
        check_value(value, max_depth=MAX_YAML_DEPTH + 1)
    except JsonPolicyError as exc:
        raise YamlPolicyError(exc.msg) from None
    return value


# --- XML -------------------------------------------------------------------------------------


def xml_fromstring(data: bytes | str) -> Any:
    """ElementTree parsing with DTDs, entities and external references refused (defusedxml).
    Raises defusedxml's DefusedXmlException (a ValueError) or ElementTree.ParseError."""
    from defusedxml import ElementTree as SafeElementTree

    return SafeElementTree.fromstring(data, forbid_dtd=True)
