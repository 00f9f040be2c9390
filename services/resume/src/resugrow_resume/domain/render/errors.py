"""Render failures. Every one maps to a 4xx (or 503 for a timeout) in the API layer.

Each error pickles with its own fields so it crosses the render pool's process boundary intact.
"""

from __future__ import annotations

from typing import Any


class RenderError(Exception):
    """Base of every render failure; ``code`` is a stable machine-readable name."""

    code = "render_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (RenderError, (self.message,))

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.message}


class UnknownTemplate(RenderError):
    code = "unknown_template"

    def __init__(self, template: str, known: tuple[str, ...] = ()) -> None:
        hint = f" (known: {', '.join(known)})" if known else ""
        super().__init__(f"unknown template {template!r}{hint}")
        self.template = template
        self.known = tuple(known)

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnknownTemplate, (self.template, self.known))

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "template": self.template, "known": list(self.known)}


class UnsupportedFormat(RenderError):
    code = "unsupported_format"

    def __init__(self, format: str, supported: tuple[str, ...] = ()) -> None:
        hint = f" (supported: {', '.join(supported)})" if supported else ""
        super().__init__(f"unsupported format {format!r}{hint}")
        self.format = format
        self.supported = tuple(supported)

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnsupportedFormat, (self.format, self.supported))

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "format": self.format, "supported": list(self.supported)}


class InvalidRenderOptions(RenderError):
    """An option value out of range (page size, locale, png page, PDF standard, fit_pages)."""

    code = "invalid_render_options"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (InvalidRenderOptions, (self.field, self.reason))

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "field": self.field}


class MissingGlyph(RenderError):
    """A character that none of the installed fonts can draw; never dropped silently."""

    code = "missing_glyph"

    def __init__(self, char: str, codepoint: int, path: str | None = None) -> None:
        where = f" in {path}" if path else ""
        super().__init__(f"no installed font has a glyph for {char!r} (U+{codepoint:04X}){where}")
        self.char = char
        self.codepoint = codepoint
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (MissingGlyph, (self.char, self.codepoint, self.path))

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "char": self.char,
            "codepoint": f"U+{self.codepoint:04X}",
            "path": self.path,
        }


class CannotFit(RenderError):
    """Even the tightest allowed layout needs more pages than asked for."""

    code = "cannot_fit"

    def __init__(self, pages_needed: int, report: dict[str, Any]) -> None:
        target = report.get("target_pages")
        super().__init__(
            f"the resume needs {pages_needed} page(s) at the smallest allowed layout; asked for {target}"
        )
        self.pages_needed = pages_needed
        self.report = report

    def __reduce__(self) -> tuple[Any, ...]:
        return (CannotFit, (self.pages_needed, self.report))

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "pages_needed": self.pages_needed, "report": self.report}


class RenderTimeout(RenderError):
    code = "render_timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(f"render did not finish within {seconds:g} s")
        self.seconds = seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return (RenderTimeout, (self.seconds,))

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "seconds": self.seconds}
