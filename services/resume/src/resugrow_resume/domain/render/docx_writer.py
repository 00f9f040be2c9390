"""DOCX with python-docx: real Word styles (Title, Heading 1/2, List Bullet), no tables or text boxes.

Output is byte-identical for the same input: core-property dates are fixed and the package is
re-zipped with fixed member timestamps (python-docx stamps the wall clock on every member).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from functools import lru_cache
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .locale import LocaleInfo
from .templates import TemplateInfo
from .view import ResumeView

FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PAGE_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
CJK_FONT = "Noto Sans CJK TC"
RTL_FONT = "Noto Sans Arabic"


def _set_style_fonts(document: Any, template: TemplateInfo, loc: LocaleInfo) -> None:
    normal = document.styles["Normal"]
    normal.font.name = template.docx_font
    normal.font.size = Pt(template.body_size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    fonts.set(qn("w:cs"), RTL_FONT)
    accent = RGBColor.from_string(template.accent.lstrip("#").upper())
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = template.docx_font
        style.font.color.rgb = accent if name != "Heading 2" else RGBColor(0, 0, 0)
    document.styles["Title"].font.size = Pt(template.name_size)
    document.styles["Heading 1"].font.size = Pt(template.body_size + 3)
    document.styles["Heading 2"].font.size = Pt(template.body_size + 0.5)
    if loc.rtl:
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet"):
            ppr = document.styles[name].element.get_or_add_pPr()
            ppr.append(OxmlElement("w:bidi"))


def _fix_core_properties(document: Any, view: ResumeView) -> None:
    props = document.core_properties
    props.author = view.data.get("author") or ""
    props.last_modified_by = "Resugrow"
    props.title = view.data.get("title") or ""
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1
    props.language = view.data.get("lang") or ""


class _FixedTimeZipWriter:
    """Stands in for python-docx's zip writer, which stamps every member with the wall clock."""

    def __init__(self, out: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        member = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_DATE)
        member.compress_type = zipfile.ZIP_DEFLATED
        member.external_attr = 0o644 << 16
        self._zip.writestr(member, blob)

    def close(self) -> None:
        self._zip.close()


def _save_deterministic(document: Any) -> bytes:
    """The steps of ``OpcPackage.save`` with fixed member timestamps (one fast deflate pass)."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedTimeZipWriter(out)
    package_writer: Any = PackageWriter  # private helpers, typed for the real zip writer only
    package_writer._write_content_types_stream(writer, parts)
    package_writer._write_pkg_rels(writer, package.rels)
    package_writer._write_parts(writer, parts)
    writer.close()
    return out.getvalue()


def _para(document: Any, text: str = "", style_id: str | None = None) -> Any:
    """Add a paragraph, naming its style by id: python-docx's by-name lookup scans every style each call."""
    paragraph = document.add_paragraph(text)
    if style_id:
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    return paragraph


def _header(document: Any, view: ResumeView, template: TemplateInfo) -> None:
    basics = view.basics
    title = _para(document, basics.get("name", ""), "Title")
    if template.extra.get("header_align") == "center":
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if basics.get("label"):
        _para(document, basics["label"], "Subtitle")
    if view.data.get("contacts"):
        line = _para(document, " | ".join(c["text"] for c in view.data["contacts"]))
        if template.extra.get("header_align") == "center":
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _entry(document: Any, e: dict[str, Any], template: TemplateInfo) -> None:
    date_first = template.extra.get("date_style") == "left"
    heading_text = f"{e['date']}  {e['title']}" if date_first and e["date"] else e["title"]
    _para(document, heading_text, "Heading2")
    meta = [x for x in (e["subtitle"], e["location"]) if x]
    if e["date"] and not date_first:
        meta.append(e["date"])
    if e["url"]:
        meta.append(e["url"]["text"])
    if meta:
        p = _para(document)
        p.add_run(" · ".join(meta)).italic = True
        p.paragraph_format.keep_with_next = bool(e["bullets"] or e["summary"])
        p.paragraph_format.space_after = Pt(2)
    if e["summary"]:
        p = _para(document, e["summary"])
        p.paragraph_format.keep_with_next = bool(e["bullets"])
    for bullet in e["bullets"]:
        _para(document, bullet, "ListBullet")


def _resume_body(document: Any, view: ResumeView, template: TemplateInfo) -> None:
    for section in view.sections:
        _para(document, section["title"], "Heading1")
        if section["kind"] == "text":
            _para(document, section["text"])
        elif section["kind"] == "lines":
            for line in section["lines"]:
                p = _para(document)
                if line["label"]:
                    p.add_run(line["label"] + ": ").bold = True
                p.add_run(line["text"])
                p.paragraph_format.space_after = Pt(0)
        else:
            for e in section["entries"]:
                _entry(document, e, template)


def _letter_body(document: Any, view: ResumeView) -> None:
    letter = view.data["letter"]
    if letter["date"]:
        _para(document, letter["date"])
    if letter["recipient_lines"]:
        _para(document, "\n".join(letter["recipient_lines"]))
    if letter["subject"]:
        _para(document).add_run(letter["subject"]).bold = True
    if letter["greeting"]:
        _para(document, letter["greeting"])
    for paragraph in letter["paragraphs"]:
        _para(document, paragraph)
    if letter["closing"]:
        _para(document, letter["closing"])
    _para(document).add_run(view.basics.get("name", "")).bold = True


@lru_cache(maxsize=1)
def _blank_document() -> Any:
    """python-docx's default template, parsed once; each render works on a deep copy (3 ms less)."""
    return docx.Document()


def write_docx(view: ResumeView, template: TemplateInfo, loc: LocaleInfo, paper: str, kind: str) -> bytes:
    document = copy.deepcopy(_blank_document())
    section = document.sections[0]
    width, height = PAGE_MM[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(template.margin_mm))
    _set_style_fonts(document, template, loc)
    _fix_core_properties(document, view)
    _header(document, view, template)
    if kind == "cover_letter":
        _letter_body(document, view)
    else:
        _resume_body(document, view, template)
    return _save_deterministic(document)
