"""PDF reading: pdfium glyph boxes -> words -> rows -> columns -> lines in reading order.

pdfium gives the fastest text and boxes, but in content-stream order: a two-column page written
row by row comes out interleaved. We rebuild the order from geometry: words are grouped into
rows, a gutter (a vertical strip no row crosses) splits bands of rows into columns, and each
column is read top to bottom before the next. Headers and footers are lines repeated at the top
or bottom of several pages, or page numbers.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resugrow_ats.domain.document import Document, LayoutFacts, Line, assemble
from resugrow_ats.domain.ingest import IngestError, Limits
from resugrow_ats.domain.normalize import debris_count, is_private_use
from resugrow_ats.domain.pdf_columns import Word, layout_page

# Font families a recruiter's ATS and an applicant's reader are known to render faithfully.
COMMON_FONTS = (
    "arial",
    "arimo",
    "helvetica",
    "liberationsans",
    "liberationserif",
    "times",
    "tinos",
    "calibri",
    "carlito",
    "cambria",
    "caladea",
    "georgia",
    "garamond",
    "ebgaramond",
    "verdana",
    "tahoma",
    "trebuchet",
    "segoeui",
    "book antiqua",
    "bookantiqua",
    "palatino",
    "century",
    "gill",
    "lato",
    "roboto",
    "opensans",
    "sourcesans",
    "sourceserif",
    "ibmplex",
    "noto",
    "dejavu",
    "libertinus",
    "newcomputermodern",
    "cmr",
    "cmbx",
    "cmti",
    "cmsy",
    "cmmi",
    "lmroman",
    "latinmodern",
    "sfrm",
    "inter",
    "montserrat",
    "raleway",
    "merriweather",
    "ptsans",
    "ptserif",
    "courier",
    "cousine",
    "consolas",
    "menlo",
    "firasans",
    "worksans",
    "nunito",
    "poppins",
    "aptos",
    "symbol",
    "zapfdingbats",
)
_ICON_FONTS = ("fontawesome", "awesome", "materialicons", "icomoon", "glyphicons", "wingdings", "ionicons")
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,3}(\s*(of|/)\s*\d{1,3})?$|^-\s*\d{1,3}\s*-$", re.IGNORECASE)
_WORD = re.compile(r"[^\s\x00\u00a0]+")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


# FPDFText_GetTextObject retyped to return a plain address, so font lookups are cached per text
# object without building a ctypes pointer per word (a measurable share of the reading time).
_FAST_OBJECT: Callable[[Any, int], int | None] | None = None
try:
    from pypdfium2_raw.bindings import _libs as _pdfium_libs

    _FAST_OBJECT = _pdfium_libs["pdfium"]["FPDFText_GetTextObject"]
    _FAST_OBJECT.argtypes = [ctypes.c_void_p, ctypes.c_int]  # type: ignore[union-attr]
    _FAST_OBJECT.restype = ctypes.c_void_p  # type: ignore[union-attr]
except Exception:  # a private binding detail; the public path above still works
    _FAST_OBJECT = None


def read_pdf(data: bytes, *, limits: Limits) -> Document:
    pdf = _open(data)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise IngestError("corrupt_pdf", "The PDF has no pages.")
        if page_count > limits.max_pages:
            raise IngestError(
                "too_many_pages",
                f"The PDF has {page_count} pages; the limit is {limits.max_pages}.",
                status=413,
            )
        layout = LayoutFacts(pages=page_count)
        fonts: set[str] = set()
        lines: list[Line] = []
        heights: list[float] = []
        for index in range(page_count):
            words, images, height = _read_page(pdf, index, layout)
            heights.append(height)
            if sum(len(w.text) for w in words) < 10:
                if images:
                    layout.image_only_pages.append(index + 1)
                continue
            fonts.update(w.font for w in words if w.font)
            page_lines, columns = layout_page(words, index + 1)
            if columns > 1:
                layout.multi_column_pages.append(index + 1)
            lines.extend(page_lines)
    finally:
        pdf.close()
    _mark_headers_footers(lines, heights)
    layout.fonts = sorted(fonts)
    layout.unusual_fonts = sorted(f for f in fonts if not _is_common_font(f))
    return assemble("pdf", lines, layout)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise IngestError(
                "encrypted_pdf",
                "The PDF is password-protected; ATS systems cannot open it. Export it again without a password.",
            ) from exc
        raise IngestError("corrupt_pdf", "The PDF is damaged and cannot be opened; export it again.") from exc


def _read_page(pdf: pdfium.PdfDocument, index: int, layout: LayoutFacts) -> tuple[list[Word], int, float]:
    """The page's words, its image count and its height; counts what it found into `layout`."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise IngestError("corrupt_pdf", f"Page {index + 1} of the PDF is damaged.") from exc
    try:
        _width, height = page.get_size()
        images = _count_images(page)
        layout.images += images
        textpage = page.get_textpage()
        try:
            words, pua, debris = _words(textpage, height)
        finally:
            textpage.close()
    finally:
        page.close()
    layout.private_use_glyphs += pua
    layout.debris_removed += debris
    return words, images, height


def _count_images(page: pdfium.PdfPage) -> int:
    count = 0
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            count += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                sub = pdfium_c.FPDFFormObj_GetObject(obj, j)
                if pdfium_c.FPDFPageObj_GetType(sub) == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    count += 1
    return count


def _font_of(textpage: pdfium.PdfTextPage, index: int, buf: ctypes.Array[ctypes.c_char]) -> tuple[str, bool]:
    flags = ctypes.c_int()
    n = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buf, len(buf), ctypes.byref(flags))
    name = buf.raw[: max(n - 1, 0)].decode("latin-1") if n else ""
    name = name.split("+", 1)[-1]
    weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, index)
    lowered = name.lower()
    bold = weight >= 600 or any(k in lowered for k in ("bold", "black", "heavy", "semibold", "cmbx"))
    family = re.split(r"[-,]", name, maxsplit=1)[0]
    family = re.sub(r"(MT|PS|Std|Pro)$", "", family)
    return family, bold


def _words(textpage: pdfium.PdfTextPage, page_height: float) -> tuple[list[Word], int, int]:
    n = textpage.count_chars()
    if n <= 0:
        return [], 0, 0
    buffer = (ctypes.c_ushort * (n + 1))()
    written = pdfium_c.FPDFText_GetText(textpage.raw, 0, n, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != n:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
    debris = debris_count(text)
    pua = len(_PRIVATE_USE.findall(text))
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    raw = textpage.raw
    raw_void = ctypes.cast(raw, ctypes.c_void_p)
    get_object = _FAST_OBJECT or (
        lambda _r, i: ctypes.cast(pdfium_c.FPDFText_GetTextObject(raw, i), ctypes.c_void_p).value
    )
    font_buf = ctypes.create_string_buffer(128)
    fonts_by_object: dict[int | None, tuple[str, bool]] = {}
    words: list[Word] = []
    # pdfium already separates words and lines with (generated) spaces and CR/LF, so a word's box
    # is the union of its first and last glyph boxes: two native calls per word, not one per glyph.
    for m in _WORD.finditer(text):
        first, last = m.start(), m.end() - 1
        get_box(raw, first, rect_p)
        x0, top, bottom = rect.left, page_height - rect.top, page_height - rect.bottom
        if last != first:
            get_box(raw, last, rect_p)
        x1 = rect.right
        top = min(top, page_height - rect.top)
        bottom = max(bottom, page_height - rect.bottom)
        if x1 < x0:  # right-to-left or a word broken across lines: keep the first glyph's line
            x1 = x0 + (x1 - x0 if x1 > x0 else 0) + 1
        word = m.group()
        if pua:
            word = "".join(ch for ch in word if not is_private_use(ch))
            if not word:
                continue
        # One font lookup per text object, not per word: a line is usually one object.
        obj = get_object(raw_void, first)
        cached = fonts_by_object.get(obj)
        if cached is None:
            cached = fonts_by_object[obj] = _font_of(textpage, first, font_buf)
        words.append(Word(word, x0, x1, top, bottom, bottom - top, cached[1], cached[0]))
    return words, pua, debris


def _mark_headers_footers(lines: list[Line], heights: list[float]) -> None:
    pages = {ln.page for ln in lines}
    key_pages: dict[str, set[int]] = {}

    def zone_of(ln: Line) -> str | None:
        h = heights[ln.page - 1] if ln.page - 1 < len(heights) else 792.0
        if ln.top < 0.12 * h:
            return "header"
        if ln.bottom > 0.88 * h:
            return "footer"
        return None

    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text.lower())

    for ln in lines:
        if zone_of(ln):
            key_pages.setdefault(key(ln), set()).add(ln.page)
    for ln in lines:
        zone = zone_of(ln)
        if zone is None:
            continue
        repeated = len(pages) > 1 and len(key_pages.get(key(ln), ())) >= 2
        if repeated or _PAGE_NUMBER.match(ln.text.strip()):
            ln.zone = "header" if zone == "header" else "footer"
            ln.source = ln.zone


def _is_common_font(family: str) -> bool:
    key = re.sub(r"[^a-z]", "", family.lower())
    if any(k in key for k in _ICON_FONTS):
        return False
    return any(key.startswith(k.replace(" ", "")) for k in COMMON_FONTS) or not key
