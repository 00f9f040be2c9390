"""Reading the packaged data files (once, at import: they are small and never change at run time)."""

from __future__ import annotations

from importlib import resources


def lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of ``data/<name>``; tabs are kept for the callers that split."""
    text = resources.files("resugrow_text").joinpath("data", name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]
