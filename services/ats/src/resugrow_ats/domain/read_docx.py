"""DOCX reading through python-docx's XML: body paragraphs, tables, text boxes, headers, footers.

Reading only ``document.paragraphs`` loses whatever sits in tables, text boxes and headers (the
usual place for contact details in templates), so the whole tree is walked in document order.
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO
from typing import Any

from resugrow_ats.domain.document import Document, LayoutFacts, Line, Source, assemble
from resugrow_ats.domain.ingest import IngestError, Limits
from resugrow_ats.domain.normalize import normalize_line, strip_private_use
from resugrow_ats.domain.read_pdf import _is_common_font

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_IMAGE_TAGS = (
    "{http://schemas.openxmlformats.org/drawingml/2006/main}blip",
    "{urn:schemas-microsoft-com:vml}imagedata",
)


def read_docx(data: bytes, *, limits: Limits) -> Document:
    _check_zip(data, limits)
    try:
        import docx  # python-docx

        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a broken package
        raise IngestError(
            "corrupt_docx", "The DOCX file is damaged and cannot be opened; save it again."
        ) from exc
    reader = _Reader()
    body = document.element.body
    reader.walk_container(body, "body")
    for rel in sorted(document.part.rels.values(), key=lambda r: r.rId):
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("header", "footer") and not rel.is_external:
            reader.walk_container(rel.target_part.element, "header" if kind == "header" else "footer")
    layout = reader.layout
    layout.pages = 1 + sum(
        1
        for el in body.iter(f"{W}br", f"{W}lastRenderedPageBreak")
        if el.tag.endswith("lastRenderedPageBreak") or el.get(f"{W}type") == "page"
    )
    layout.pages = min(layout.pages, max(1, layout.pages))
    layout.images = sum(1 for tag in _IMAGE_TAGS for _ in document.element.iter(tag))
    for sect in body.iter(f"{W}cols"):
        if int(sect.get(f"{W}num", "1") or 1) > 1:
            layout.multi_column_pages = [1]
    fonts = {f.get(f"{W}ascii") for f in document.element.iter(f"{W}rFonts") if f.get(f"{W}ascii")}
    try:
        styles = document.styles.element
        fonts |= {f.get(f"{W}ascii") for f in styles.iter(f"{W}rFonts") if f.get(f"{W}ascii")}
    except Exception:  # styles part is optional
        pass
    clean = sorted(f for f in fonts if f and not f.startswith("+"))
    layout.fonts = clean
    layout.unusual_fonts = [f for f in clean if not _is_common_font(f)]
    return assemble("docx", reader.lines, layout)


def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise IngestError("corrupt_docx", "The DOCX file is damaged and cannot be opened.") from exc
    if total > limits.max_zip_uncompressed:
        raise IngestError(
            "file_too_large", "The DOCX expands to more data than a resume can hold.", status=413
        )


class _Reader:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.layout = LayoutFacts()

    def emit(self, text: str, source: Source, *, heading: bool = False, bold: bool = False) -> None:
        for part in text.split("\n"):
            cleaned, pua = strip_private_use(normalize_line(part))
            self.layout.private_use_glyphs += pua
            if cleaned:
                zone = source if source in ("header", "footer") else "body"
                self.lines.append(
                    Line(text=cleaned, source=source, zone=zone, heading_hint=heading, bold=bold)  # type: ignore[arg-type]
                )

    def walk_container(self, element: Any, source: Source) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child, source)
            elif tag == f"{W}tbl":
                self.table(child, source)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.walk_container(content, source)

    def paragraph(self, p: Any, source: Source) -> None:
        text, bold = _paragraph_text(p)
        style = p.find(f"{W}pPr/{W}pStyle")
        style_name = (style.get(f"{W}val") or "") if style is not None else ""
        heading = style_name.lower().startswith(("heading", "title", "berschrift"))
        if (_is_list(p) or "list" in style_name.lower()) and text.strip():
            text = "• " + text
        self.emit(text, source, heading=heading, bold=bold)
        for box in p.iter(f"{W}txbxContent"):
            if any(anc.tag == MC_FALLBACK for anc in box.iterancestors()):
                continue  # the VML fallback repeats the DrawingML text box
            self.layout.text_boxes += 1
            self.walk_container(box, "textbox" if source == "body" else source)

    def table(self, tbl: Any, source: Source) -> None:
        self.layout.tables += 1
        inner: Source = "table" if source == "body" else source
        for row in tbl.iterchildren(f"{W}tr"):
            cells = list(row.iterchildren(f"{W}tc"))
            texts = []
            simple = True
            for cell in cells:
                paras = [c for c in cell.iterchildren() if c.tag in (f"{W}p", f"{W}tbl")]
                if len(paras) > 1 or any(c.tag == f"{W}tbl" for c in paras):
                    simple = False
                texts.append(" ".join(_paragraph_text(c)[0] for c in paras if c.tag == f"{W}p"))
            if simple:
                # A row of short cells reads as one line of fields (title | company | dates).
                self.emit("\t".join(t for t in texts if t.strip()), inner)
            else:
                # A layout table: read each cell top to bottom before the next.
                for cell in cells:
                    self.walk_container(cell, inner)


def _is_list(p: Any) -> bool:
    return p.find(f"{W}pPr/{W}numPr") is not None


def _inside_text_box(run: Any, p: Any) -> bool:
    """True when a run belongs to a text box nested in ``p`` (read separately), not to ``p`` itself."""
    for anc in run.iterancestors():
        if anc is p:
            return False
        if anc.tag == f"{W}txbxContent":
            return True
    return False


def _paragraph_text(p: Any) -> tuple[str, bool]:
    parts: list[str] = []
    bold_chars = 0
    total = 0
    for run in p.iter(f"{W}r"):
        if _inside_text_box(run, p):
            continue
        rpr = run.find(f"{W}rPr")
        is_bold = (
            rpr is not None
            and rpr.find(f"{W}b") is not None
            and rpr.find(f"{W}b").get(f"{W}val")
            not in (
                "0",
                "false",
            )
        )
        for node in run.iterchildren():
            tag = node.tag
            if tag == f"{W}t" and node.text:
                parts.append(node.text)
                total += len(node.text)
                if is_bold:
                    bold_chars += len(node.text)
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
    return "".join(parts), total > 0 and bold_chars * 2 > total
