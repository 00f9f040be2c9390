"""Plain text, RTF (striprtf) and ODT (zipfile + ElementTree) readers."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from io import BytesIO
from typing import cast
from xml.etree import ElementTree

from resugrow_ats.domain.document import Document, LayoutFacts, Line, Source, assemble
from resugrow_ats.domain.ingest import IngestError, Limits, decode_text
from resugrow_ats.domain.normalize import debris_count, normalize_line, strip_private_use


def text_to_document(text: str, kind: str = "txt") -> Document:
    layout = LayoutFacts(debris_removed=debris_count(text))
    lines: list[Line] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        cleaned, pua = strip_private_use(normalize_line(raw))
        layout.private_use_glyphs += pua
        if cleaned:
            lines.append(Line(text=cleaned))
    return assemble(kind, lines, layout)


def read_txt(data: bytes, *, limits: Limits) -> Document:
    return text_to_document(decode_text(data), "txt")


def read_rtf(data: bytes, *, limits: Limits) -> Document:
    from striprtf.striprtf import rtf_to_text as untyped_rtf_to_text

    # striprtf ships py.typed but leaves rtf_to_text unannotated; it returns the plain text.
    rtf_to_text = cast("Callable[..., str]", untyped_rtf_to_text)
    try:
        text = rtf_to_text(decode_text(data), errors="ignore")
    except Exception as exc:  # striprtf raises plain exceptions on broken groups
        raise IngestError("corrupt_rtf", "The RTF file is damaged and cannot be read.") from exc
    return text_to_document(text, "rtf")


_NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
T = "{" + _NS["text"] + "}"
TB = "{" + _NS["table"] + "}"
D = "{" + _NS["draw"] + "}"


def read_odt(data: bytes, *, limits: Limits) -> Document:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > limits.max_zip_uncompressed:
                raise IngestError(
                    "file_too_large", "The ODT expands to more data than a resume can hold.", status=413
                )
            content = ElementTree.fromstring(zf.read("content.xml"))
            styles = ElementTree.fromstring(zf.read("styles.xml")) if "styles.xml" in zf.namelist() else None
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, zlib.error, EOFError, ValueError) as exc:
        raise IngestError("corrupt_odt", "The ODT file is damaged and cannot be read.") from exc
    walker = _OdtWalker()
    if styles is not None:
        for tag, source in (("header", "header"), ("footer", "footer")):
            for part in styles.iter("{" + _NS["style"] + "}" + tag):
                walker.walk(part, source)  # type: ignore[arg-type]
    header_lines = walker.lines
    walker.lines = []
    body = content.find("office:body/office:text", _NS)
    if body is not None:
        walker.walk(body, "body")
    return assemble("odt", walker.lines + header_lines, walker.layout)


class _OdtWalker:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.layout = LayoutFacts()

    def emit(self, text: str, source: Source, heading: bool = False, bullet: bool = False) -> None:
        for part in text.split("\n"):
            cleaned, _ = strip_private_use(normalize_line(part))
            if cleaned:
                zone = source if source in ("header", "footer") else "body"
                self.lines.append(
                    Line(
                        text=("• " if bullet else "") + cleaned,
                        source=source,
                        zone=zone,
                        heading_hint=heading,
                    )  # type: ignore[arg-type]
                )

    def walk(self, el: ElementTree.Element, source: Source, bullet: bool = False) -> None:
        for child in el:
            tag = child.tag
            if tag in (T + "p", T + "h"):
                self.emit(_odt_text(child), source, heading=tag == T + "h", bullet=bullet)
                for box in child.iter(D + "text-box"):
                    self.layout.text_boxes += 1
                    self.walk(box, "textbox" if source == "body" else source)
            elif tag == T + "list":
                for item in child:
                    self.walk(item, source, bullet=True)
            elif tag == TB + "table":
                self.layout.tables += 1
                for row in child.iter(TB + "table-row"):
                    cells = [
                        " ".join(_odt_text(p) for p in cell.iter(T + "p"))
                        for cell in row.iter(TB + "table-cell")
                    ]
                    self.emit(
                        "\t".join(c for c in cells if c.strip()), "table" if source == "body" else source
                    )
            elif tag in (T + "section", T + "list-item"):
                self.walk(child, source, bullet)


def _odt_text(el: ElementTree.Element) -> str:
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == T + "s":
            parts.append(" " * int(child.get(T + "c", "1")))
        elif tag == T + "tab":
            parts.append("\t")
        elif tag == T + "line-break":
            parts.append("\n")
        elif tag == D + "frame":
            pass  # read separately as a text box
        else:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
