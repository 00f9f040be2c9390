"""The read document: lines in reading order with their page, position and origin."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Zone = Literal["body", "header", "footer"]
Source = Literal["body", "table", "textbox", "header", "footer"]


@dataclass(slots=True)
class Line:
    text: str
    page: int = 1
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    zone: Zone = "body"
    source: Source = "body"
    column: int = 0
    heading_hint: bool = False
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class LayoutFacts:
    pages: int = 1
    multi_column_pages: list[int] = field(default_factory=list)
    tables: int = 0
    text_boxes: int = 0
    images: int = 0
    image_only_pages: list[int] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    unusual_fonts: list[str] = field(default_factory=list)
    private_use_glyphs: int = 0
    debris_removed: int = 0
    unmapped_glyphs: int = 0


@dataclass(slots=True)
class Document:
    kind: str
    lines: list[Line]
    layout: LayoutFacts
    text: str = ""

    @property
    def body_lines(self) -> list[Line]:
        return [ln for ln in self.lines if ln.zone == "body"]


def assemble(kind: str, lines: list[Line], layout: LayoutFacts) -> Document:
    """Give every line its offsets in the document text (lines joined by newlines)."""
    kept = [ln for ln in lines if ln.text.strip()]
    parts: list[str] = []
    pos = 0
    for ln in kept:
        ln.text = ln.text.strip()
        ln.start = pos
        ln.end = pos + len(ln.text)
        parts.append(ln.text)
        pos = ln.end + 1
    return Document(kind=kind, lines=kept, layout=layout, text="\n".join(parts))
