"""Layout risks: reported apart from the scores, one small check per risk, in report order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from resugrow_ats.domain.parse import ParsedResume
from resugrow_ats.domain.score.model import Finding, ev_dict, line_ev

# (risk id, severity, message, fix, evidence)
Risk = tuple[str, str, str, str, dict[str, Any] | None]


def _columns(parsed: ParsedResume) -> Risk | None:
    doc = parsed.document
    lay = doc.layout
    if not lay.multi_column_pages:
        return None
    first = next((ln for ln in doc.lines if ln.page == lay.multi_column_pages[0] and ln.column == 2), None)
    return (
        "columns",
        "warning",
        f"Multi-column layout on page(s) {', '.join(map(str, lay.multi_column_pages))}: many ATS read across columns and mix sections.",
        "Use a single-column layout; put skills and contact details in the main column.",
        line_ev(first) or {"page": lay.multi_column_pages[0], "start": 0, "end": 0, "text": ""},
    )


def _tables(parsed: ParsedResume) -> Risk | None:
    doc = parsed.document
    if not doc.layout.tables:
        return None
    first = next((ln for ln in doc.lines if ln.source == "table"), None)
    return (
        "tables",
        "warning",
        f"{doc.layout.tables} table(s) found: some ATS skip or scramble table cells.",
        "Replace tables with plain paragraphs and tab stops.",
        line_ev(first),
    )


def _text_boxes(parsed: ParsedResume) -> Risk | None:
    doc = parsed.document
    if not doc.layout.text_boxes:
        return None
    first = next((ln for ln in doc.lines if ln.source == "textbox"), None)
    return (
        "text_boxes",
        "warning",
        f"{doc.layout.text_boxes} text box(es) found: many ATS ignore text boxes entirely.",
        "Move the text out of text boxes into the body of the document.",
        line_ev(first),
    )


def _header_footer_contact(parsed: ParsedResume) -> Risk | None:
    outside = [(k, parsed.contact[k]) for k in ("name", "email", "phone", "location")
               if k in parsed.contact and parsed.contact[k].zone in ("header", "footer")]  # fmt: skip
    if not outside:
        return None
    names = [k for k, _ in outside]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    zone = outside[0][1].zone
    return (
        "header_footer_contact",
        "warning",
        f"Your {listed} {'sits' if len(names) == 1 else 'sit'} in the page {zone}; many ATS discard headers and footers.",
        "Move contact details into the body, directly under your name.",
        ev_dict(outside[0][1].evidence),
    )


def _images(parsed: ParsedResume) -> Risk | None:
    lay = parsed.document.layout
    if not lay.images:
        return None
    return (
        "images",
        "info",
        f"{lay.images} image(s) found (photo, logo or icons); an ATS reads none of their content.",
        "Remove photos and icons, or make sure every fact they show is also written as text.",
        None,
    )


def _fonts(parsed: ParsedResume) -> Risk | None:
    lay = parsed.document.layout
    if not lay.unusual_fonts:
        return None
    return (
        "fonts",
        "info",
        f"Unusual fonts: {', '.join(lay.unusual_fonts[:5])}. Some ATS map their glyphs to the wrong letters.",
        "Use a common font such as Arial, Calibri, Garamond, Helvetica or Times New Roman.",
        None,
    )


def _icon_glyphs(parsed: ParsedResume) -> Risk | None:
    lay = parsed.document.layout
    if not lay.private_use_glyphs:
        return None
    return (
        "icon_glyphs",
        "info",
        f"{lay.private_use_glyphs} icon glyph(s) (e.g. phone or mail icons) read as no text.",
        "Write labels in words ('Phone:', 'Email:') instead of icons.",
        None,
    )


LAYOUT_CHECKS: tuple[Callable[[ParsedResume], Risk | None], ...] = (
    _columns,
    _tables,
    _text_boxes,
    _header_footer_contact,
    _images,
    _fonts,
    _icon_glyphs,
)


def layout_risks(parsed: ParsedResume, findings: list[Finding]) -> dict[str, Any]:
    lay = parsed.document.layout
    risks: list[str] = []
    for check in LAYOUT_CHECKS:
        risk = check(parsed)
        if risk is not None:
            rid, severity, message, fix, evidence = risk
            risks.append(rid)
            findings.append(Finding(f"layout.{rid}", severity, "layout", message, fix, evidence))
    return {
        "risks": sorted(set(risks)),
        "multi_column_pages": lay.multi_column_pages,
        "tables": lay.tables,
        "text_boxes": lay.text_boxes,
        "images": lay.images,
        "fonts": lay.fonts,
        "unusual_fonts": lay.unusual_fonts,
        "image_only_pages": lay.image_only_pages,
    }
