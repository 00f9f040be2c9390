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
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resugrow_ats.domain.document import Document, LayoutFacts, Line, assemble
from resugrow_ats.domain.ingest import IngestError, Limits
from resugrow_ats.domain.normalize import debris_count, is_private_use, normalize_line

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
_DATEISH = re.compile(
    r"^[\s\d/.,\-–—]*((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s\d,/.\-–—]*"
    r"|present|current|now|today|remote|\d{4}|[\s\-–—])+$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    font: str

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2


def read_pdf(data: bytes, *, limits: Limits) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise IngestError(
                "encrypted_pdf",
                "The PDF is password-protected; ATS systems cannot open it. Export it again without a password.",
            ) from exc
        raise IngestError("corrupt_pdf", "The PDF is damaged and cannot be opened; export it again.") from exc
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
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise IngestError("corrupt_pdf", f"Page {index + 1} of the PDF is damaged.") from exc
            try:
                _width, height = page.get_size()
                heights.append(height)
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
            if sum(len(w.text) for w in words) < 10:
                if images:
                    layout.image_only_pages.append(index + 1)
                continue
            fonts.update(w.font for w in words if w.font)
            page_lines, columns = _layout_page(words, index + 1)
            if columns > 1:
                layout.multi_column_pages.append(index + 1)
            lines.extend(page_lines)
    finally:
        pdf.close()
    _mark_headers_footers(lines, heights)
    layout.fonts = sorted(fonts)
    layout.unusual_fonts = sorted(f for f in fonts if not _is_common_font(f))
    return assemble("pdf", lines, layout)


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


def _rows(words: list[Word]) -> list[list[Word]]:
    """Group words whose vertical centres fall within half a line of each other."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.center, w.x0)):
        if rows:
            row = rows[-1]
            ref = row[0]
            if abs(w.center - ref.center) <= 0.45 * min(w.height, ref.height):
                row.append(w)
                continue
        rows.append([w])
    for row in rows:
        row.sort(key=lambda w: w.x0)
    return rows


def _segments(row: list[Word]) -> list[tuple[float, float, int]]:
    """Runs of words separated by less than about one em: (x0, x1, characters)."""
    segs: list[tuple[float, float, int]] = []
    for w in row:
        if segs and w.x0 - segs[-1][1] < 0.9 * w.height:
            s0, s1, n = segs[-1]
            segs[-1] = (s0, max(s1, w.x1), n + len(w.text))
        else:
            segs.append((w.x0, w.x1, len(w.text)))
    return segs


def _find_gutter(rows: list[list[Word]]) -> tuple[float, float] | None:
    """The widest low-traffic vertical strip in the middle of the text, if bands of rows sit on both sides."""
    all_words = [w for row in rows for w in row]
    if len(rows) < 4:
        return None
    left = min(w.x0 for w in all_words)
    right = max(w.x1 for w in all_words)
    span = right - left
    if span < 100:
        return None
    bins = int(span) + 2
    coverage = [0] * (bins + 1)
    row_segments = [_segments(r) for r in rows]
    for segs in row_segments:
        for s0, s1, _ in segs:
            a, b = int(s0 - left), int(s1 - left) + 1
            coverage[a] += 1
            coverage[min(b, bins)] -= 1
    running = 0
    for i in range(bins + 1):
        running += coverage[i]
        coverage[i] = running
    allowance = max(1, len(rows) // 4)
    lo, hi = int(0.12 * span), int(0.88 * span)
    candidates: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        if coverage[i] <= allowance:
            j = i
            while j < hi and coverage[j] <= allowance:
                j += 1
            if j - i >= 8:
                candidates.append(_quiet_strip(coverage, i, j, allowance))
            i = j
        else:
            i += 1
    best: tuple[float, float] | None = None
    best_chars = 0
    for a, b in candidates:
        if b - a < 6:
            continue
        g0, g1 = left + a, left + b
        chars = _two_column_chars(row_segments, g0, g1)
        if chars > best_chars:
            best, best_chars = (g0, g1), chars
    return best


def _quiet_strip(coverage: list[int], a: int, b: int, allowance: int) -> tuple[int, int]:
    """The quietest stretch at least 6 points wide: a big name line or a full-width contact line
    over a sidebar narrows the very quietest one, so allow a row or two more until it is wide."""
    least = min(coverage[a:b])
    for slack in range(allowance + 1):
        found = _quietest(coverage, a, b, least + slack)
        if found[1] - found[0] >= 6:
            return found
    return a, b


def _quietest(coverage: list[int], a: int, b: int, ceiling: int | None = None) -> tuple[int, int]:
    """The longest stretch of [a, b) with the least traffic: rows crossing it end a band."""
    least = min(coverage[a:b]) if ceiling is None else ceiling
    best = (a, a)
    i = a
    while i < b:
        if coverage[i] <= least:
            j = i
            while j < b and coverage[j] <= least:
                j += 1
            if j - i > best[1] - best[0]:
                best = (i, j)
            i = j
        else:
            i += 1
    return best


def _two_column_chars(row_segments: list[list[tuple[float, float, int]]], g0: float, g1: float) -> int:
    """Characters in bands (runs of rows not crossing the strip) that hold real text on both sides."""
    total = 0
    band: list[list[tuple[float, float, int]]] = []
    for segs in [*row_segments, [(g0, g1, 0)]]:
        crosses = any(s0 < g1 - 1 and s1 > g0 + 1 for s0, s1, _ in segs)
        if not crosses:
            band.append(segs)
            continue
        total += _band_score(band, g0, g1)
        band = []
    return total


def _band_score(band: list[list[tuple[float, float, int]]], g0: float, g1: float) -> int:
    if len(band) < 4:
        return 0
    left_rows = sum(1 for segs in band if any(s1 <= g0 + 1 for s0, s1, _ in segs))
    right_rows = sum(1 for segs in band if any(s0 >= g1 - 1 for s0, s1, _ in segs))
    left_chars = sum(n for segs in band for s0, s1, n in segs if s1 <= g0 + 1)
    right_chars = sum(n for segs in band for s0, s1, n in segs if s0 >= g1 - 1)
    total = left_chars + right_chars
    if left_rows < 3 or right_rows < 3 or total == 0:
        return 0
    # A narrow sidebar (skills one per line) holds little text; 5% still rules out stray glyphs.
    if min(left_chars, right_chars) < 0.05 * total:
        return 0
    return total


def _layout_page(words: list[Word], page: int) -> tuple[list[Line], int]:
    rows = _rows(words)
    gutter = _find_gutter(rows)
    if gutter is None:
        return [_line(row, page, 0) for row in rows], 1
    g0, g1 = gutter
    text_height = max(w.bottom for w in words) - min(w.top for w in words)
    out: list[Line] = []
    band: list[list[Word]] = []
    multi = False

    def flush_band() -> None:
        nonlocal multi
        if not band:
            return
        segs = [_segments(r) for r in band]
        band_height = max(w.bottom for r in band for w in r) - min(w.top for r in band for w in r)
        # A short grid (skills in three columns) is not a column layout; real columns run long.
        tall = band_height >= 0.25 * text_height
        if (
            tall
            and _band_score(segs, g0, g1)
            and not _is_date_column(band, g0, g1)
            and _both_run_long(band, g0, g1)
        ):
            multi = True
            left_words = [w for r in band for w in r if w.x1 <= g0 + 1]
            right_words = [w for r in band for w in r if w.x0 >= g1 - 1]
            out.extend(_line(r, page, 1) for r in _rows(left_words))
            out.extend(_line(r, page, 2) for r in _rows(right_words))
        else:
            out.extend(_line(r, page, 0) for r in band)
        band.clear()

    for row in rows:
        if any(w.x0 < g1 - 1 and w.x1 > g0 + 1 for w in row):
            flush_band()
            out.append(_line(row, page, 0))
        else:
            band.append(row)
    flush_band()
    return out, 2 if multi else 1


def _both_run_long(band: list[list[Word]], g0: float, g1: float) -> bool:
    """Both sides run down a good part of the band: a three-line address block at the top right
    (moderncv) beside the body is not a second column."""
    height = max(w.bottom for r in band for w in r) - min(w.top for r in band for w in r)
    for side in (
        [w for r in band for w in r if w.x1 <= g0 + 1],
        [w for r in band for w in r if w.x0 >= g1 - 1],
    ):
        if not side or max(w.bottom for w in side) - min(w.top for w in side) < 0.3 * height:
            return False
    return True


def _is_date_column(band: list[list[Word]], g0: float, g1: float) -> bool:
    """Right-aligned dates and places beside titles, or a left column of dates (moderncv), are
    one column, not two."""
    right_rows = [" ".join(w.text for w in r if w.x0 >= g1 - 1) for r in band]
    right_rows = [t for t in right_rows if t]
    dated = sum(1 for t in right_rows if _DATEISH.match(t) or len(t) <= 22)
    left_rows = [" ".join(w.text for w in r if w.x1 <= g0 + 1) for r in band]
    left_rows = [t for t in left_rows if t]
    left_dated = sum(1 for t in left_rows if _DATEISH.match(t))
    return dated >= 0.8 * len(right_rows) or left_dated >= 0.5 * len(left_rows)


def _line(row: list[Word], page: int, column: int) -> Line:
    parts: list[str] = []
    prev: Word | None = None
    for w in row:
        if prev is not None:
            # A wide gap inside a row separates fields (title ... dates): keep it visible as a tab.
            parts.append("\t" if w.x0 - prev.x1 > 1.5 * max(w.height, 1.0) else " ")
        parts.append(w.text)
        prev = w
    bold_chars = sum(len(w.text) for w in row if w.bold)
    total = sum(len(w.text) for w in row) or 1
    sizes = sorted(w.size for w in row)
    return Line(
        text=normalize_line("".join(parts)),
        page=page,
        x0=round(min(w.x0 for w in row), 1),
        top=round(min(w.top for w in row), 1),
        x1=round(max(w.x1 for w in row), 1),
        bottom=round(max(w.bottom for w in row), 1),
        size=round(sizes[len(sizes) // 2], 1),
        bold=bold_chars * 2 > total,
        column=column,
    )


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
