"""The template catalogue: four ATS-safe single-column themes, each with a matching cover letter.

A theme is data (fonts, sizes, colours, section order); the Typst, DOCX and HTML writers read it,
so one definition gives every format the same look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Fallback fonts after each theme's own face: typst picks the first font in the list that has the glyph.
FALLBACK_FONTS: tuple[str, ...] = ("Noto Sans", "Noto Sans Arabic", "Noto Sans CJK TC")

DEFAULT_SECTION_ORDER: tuple[str, ...] = (
    "summary",
    "work",
    "projects",
    "education",
    "skills",
    "certificates",
    "awards",
    "publications",
    "volunteer",
    "languages",
    "interests",
    "references",
)


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    title: str
    description: str
    font: str
    heading_font: str
    docx_font: str
    accent: str
    body_size: float
    name_size: float
    margin_mm: float
    section_order: tuple[str, ...] = DEFAULT_SECTION_ORDER
    kinds: tuple[str, ...] = ("resume", "cover_letter")
    ats_safe: bool = True
    columns: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def font_stack(self) -> tuple[str, ...]:
        return (self.font, *(f for f in FALLBACK_FONTS if f != self.font))

    @property
    def heading_stack(self) -> tuple[str, ...]:
        return (self.heading_font, *(f for f in FALLBACK_FONTS if f != self.heading_font))

    def to_dict(self) -> dict[str, Any]:
        """Listing shape for ``GET /v1/templates`` (thumbnails come from ``render_thumbnail``)."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "kinds": list(self.kinds),
            "ats_safe": self.ats_safe,
            "columns": self.columns,
            "font": self.font,
            "accent": self.accent,
        }

    def typst_theme(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "font": list(self.font_stack),
            "heading_font": list(self.heading_stack),
            "accent": self.accent,
            "name_size": self.name_size,
            **self.extra,
        }


TEMPLATES: dict[str, TemplateInfo] = {
    t.name: t
    for t in (
        TemplateInfo(
            name="classic",
            title="Classic",
            description="Serif, centred name, small-caps section rules: the traditional one-column resume.",
            font="Noto Serif",
            heading_font="Noto Serif",
            docx_font="Cambria",
            accent="#000000",
            body_size=10,
            name_size=22,
            margin_mm=16,
            extra={"header_align": "center", "heading_style": "rule", "date_style": "right"},
        ),
        TemplateInfo(
            name="modern",
            title="Modern",
            description="Clean sans-serif with a blue accent, left-aligned header and coloured headings.",
            font="Source Sans 3",
            heading_font="IBM Plex Sans",
            docx_font="Calibri",
            accent="#1F5FA8",
            body_size=10.5,
            name_size=26,
            margin_mm=16,
            extra={"header_align": "left", "heading_style": "accent", "date_style": "right"},
        ),
        TemplateInfo(
            name="compact",
            title="Compact",
            description="Dense Arial-metric layout with inline dates: the most content per page.",
            font="Arimo",
            heading_font="Arimo",
            docx_font="Arial",
            accent="#333333",
            body_size=9.5,
            name_size=18,
            margin_mm=12,
            extra={"header_align": "left", "heading_style": "caps", "date_style": "inline"},
        ),
        TemplateInfo(
            name="academic",
            title="Academic",
            description="CV style: education and publications first, serif body, each entry led by its dates.",
            font="Noto Serif",
            heading_font="Noto Sans",
            docx_font="Times New Roman",
            accent="#7A1F1F",
            body_size=10.5,
            name_size=20,
            margin_mm=20,
            section_order=(
                "summary",
                "education",
                "publications",
                "work",
                "projects",
                "awards",
                "certificates",
                "skills",
                "languages",
                "volunteer",
                "interests",
                "references",
            ),
            extra={"header_align": "left", "heading_style": "plain", "date_style": "left"},
        ),
    )
}
