"""Text clean-up for the view: control characters, whitespace, links, and runs that must not break."""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_SPACES = re.compile(r"\s+")
# URLs, e-mail addresses and hyphenated compounds must never break across lines: a parser reads
# "zero-" / "downtime" as two words. Typst gets them as unbreakable runs ({"k": ...}); doing this
# here is far cheaper than a regex show rule over every text in the document.
_KEEP_WHOLE = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\w+(?:-\w+)+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def clean(value: Any) -> str:
    """Plain single-line text: control characters dropped, whitespace collapsed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return _SPACES.sub(" ", _CONTROL.sub("", value)).strip()


def clean_block(value: Any) -> str:
    return clean(value)


def display_url(url: str) -> str:
    shown = _SCHEME.sub("", url).rstrip("/")
    return shown.removeprefix("www.")


def _href(url: str) -> str:
    return url if _SCHEME.match(url) or url.startswith("mailto:") else f"https://{url}"


def link(url: Any) -> dict[str, str] | None:
    text = clean(url)
    if not text:
        return None
    return {"href": _href(text), "text": display_url(text)}


def keep_whole(text: str) -> str | list[Any]:
    """Split text into plain strings and unbreakable runs, or return it unchanged if it has none."""
    if "-" not in text and "@" not in text and "://" not in text:
        return text
    parts: list[Any] = []
    last = 0
    for match in _KEEP_WHOLE.finditer(text):
        if match.start() > last:
            parts.append(text[last : match.start()])
        parts.append({"k": match.group(0)})
        last = match.end()
    if not parts:
        return text
    if last < len(text):
        parts.append(text[last:])
    return parts


def keep_whole_section(section: dict[str, Any]) -> dict[str, Any]:
    out = dict(section)
    if section.get("text"):
        out["text"] = keep_whole(section["text"])
    if section.get("lines"):
        out["lines"] = [{**line, "text": keep_whole(line["text"])} for line in section["lines"]]
    if section.get("entries"):
        out["entries"] = [
            {
                **e,
                "title": keep_whole(e["title"]),
                "subtitle": keep_whole(e["subtitle"]),
                "summary": keep_whole(e["summary"]),
                "bullets": [keep_whole(b) for b in e["bullets"]],
            }
            for e in section["entries"]
        ]
    return out
