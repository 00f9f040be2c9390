"""Styled text lines from a PDF, per column, using pypdfium2.

Runs come from pdfium's own run rectangles (fast path) or, as a fallback, from grouping
characters by their loose boxes (one baseline, no wide gap). Each run takes the font size,
weight and fill colour of its first glyph; runs on one baseline become visual lines. Lines
keep their style so the profile parser can tell a company name from a description line.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resugrow_linkedin.domain.models import IngestError

MAX_PAGES = 30


@dataclass
class Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float  # distance from the page top (grows downwards across pages)
    size: float
    bold: bool
    grey: bool
    parts: list[tuple[float, str]] = field(default_factory=list)

    @property
    def style(self) -> tuple[float, bool, bool]:
        return (self.size, self.bold, self.grey)


@dataclass
class _Run:
    chars: list[str]
    x0: float
    x1: float
    bottom: float
    top: float
    first_index: int
    last_left: float


def _normalise(text: str) -> str:
    return (
        text.replace("\u00a0", " ")
        .replace("\u00ad", "\ufffe")
        .replace("\ufb01", "fi")
        .replace("\ufb02", "fl")
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufefc]")


def _is_rtl(ch: str) -> bool:
    return "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc"


def _rtl_run(
    raw: object,
    full_text: str,
    near: int,
    rect: tuple[float, float, float, float],
    *,
    left_to_right: bool = False,
) -> tuple[int, str]:
    """A right-to-left run: its characters (those near ``near`` whose box centre lies in the run's
    rectangle) and its text in reading order. FOP writes the words of an RTL line in visual
    order (leftmost word first), each word in logical order, so the words are put right to left."""
    l_, t_, r_, b_ = rect
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    words: dict[int, list[tuple[int, float]]] = {}
    word = 0
    first = near
    for k in range(max(0, near - 60), min(len(full_text), near + 60)):
        if full_text[k] in " \r\n":
            word += 1
            continue
        pdfium_c.FPDFText_GetCharBox(raw, k, left, right, bottom, top)
        cx, cy = (left.value + right.value) / 2, (bottom.value + top.value) / 2
        if l_ - 1 <= cx <= r_ + 1 and b_ - 1 <= cy <= t_ + 1:
            words.setdefault(word, []).append((k, cx))
            first = min(first, k)
    sign = 1 if left_to_right else -1
    ordered = sorted(words.values(), key=lambda chars: sign * max(cx for _, cx in chars))
    return first, " ".join("".join(full_text[k] for k, _ in sorted(chars)) for chars in ordered)


def _reversed_run(
    raw: object, full_text: str, first: int, rect: tuple[float, float, float, float], rtl_text: dict[int, str]
) -> int:
    """Left-to-right words inside a right-to-left line (", PhD" after an Arabic name): FOP writes
    them last word first, so the glyph at the run's left edge is not its first character. Such a
    run starts at its lowest character index; its words are read left to right."""
    _l, t_, r_, b_ = rect
    far = pdfium_c.FPDFText_GetCharIndexAtPos(raw, r_ - 0.5, (t_ + b_) / 2, 2.0, (t_ - b_) / 2 + 1.0)
    if not 0 <= far < first:
        return first
    start, text = _rtl_run(raw, full_text, far, rect, left_to_right=True)
    rtl_text[start] = text
    return start


def read_lines(data: bytes, *, max_pages: int = MAX_PAGES) -> tuple[list[Line], int, float]:
    """All text lines of the document in page order, plus page count and page width."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise IngestError("not_a_pdf", f"the PDF could not be opened: {exc}") from exc
    try:
        pages = len(document)
        if pages > max_pages:
            raise IngestError("too_large", f"the PDF has {pages} pages; a profile has at most {max_pages}")
        lines: list[Line] = []
        width = 612.0
        offset = 0.0
        for page_no in range(pages):
            page = document[page_no]
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                page_lines = _page_lines_by_rects(textpage, page_no, height, offset)
                if page_lines is None:
                    page_lines = _page_lines(textpage, page_no, height, offset)
                lines.extend(page_lines)
            finally:
                textpage.close()
                page.close()
            offset += height
        return lines, pages, width
    finally:
        document.close()


def _run_boxes(
    raw: object, full_text: str, n_rects: int, rtl_text: dict[int, str]
) -> list[tuple[float, float, float, float, int]] | None:
    """(left, top, right, bottom, first character index) of each pdfium text run, in character
    order; right-to-left runs get their reading-order text in ``rtl_text``. None when the runs
    do not come in character order (the caller then reads character by character)."""
    count = len(full_text)
    left, top, right, bottom = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    boxes: list[tuple[float, float, float, float, int]] = []
    has_rtl = _RTL.search(full_text) is not None
    for i in range(n_rects):
        if not pdfium_c.FPDFText_GetRect(raw, i, left, top, right, bottom):
            return None
        l_, t_, r_, b_ = left.value, top.value, right.value, bottom.value
        first = pdfium_c.FPDFText_GetCharIndexAtPos(raw, l_ + 0.5, (t_ + b_) / 2, 2.0, (t_ - b_) / 2 + 1.0)
        if 0 <= first < count and _is_rtl(full_text[first]):
            first, rtl_text[first] = _rtl_run(raw, full_text, first, (l_, t_, r_, b_))
        elif has_rtl and 0 <= first < count:
            first = _reversed_run(raw, full_text, first, (l_, t_, r_, b_), rtl_text)
        if first < 0 or (boxes and first <= boxes[-1][4]):
            return None
        boxes.append((l_, t_, r_, b_, first))
    return boxes


def _page_lines_by_rects(
    textpage: pdfium.PdfTextPage, page_no: int, height: float, offset: float
) -> list[Line] | None:
    """Fast path: pdfium's own text runs (one rectangle per run of one text object on one line).

    A few calls per run instead of one per character. None when pdfium reports no runs for a
    page that has characters, so the caller falls back to the per-character reader.
    """
    count = textpage.count_chars()
    if count <= 0:
        return []
    raw = textpage.raw
    n_rects = pdfium_c.FPDFText_CountRects(raw, 0, -1)
    full_text = textpage.get_text_range(0, count)
    if n_rects <= 0 or len(full_text) != count:
        return None
    loose = pdfium_c.FS_RECTF()
    rtl_text: dict[int, str] = {}
    boxes = _run_boxes(raw, full_text, n_rects, rtl_text)
    if boxes is None:
        return None
    lines: list[Line] = []
    for n, (l_, _t, r_, _b, first) in enumerate(boxes):
        # Runs are built in character order, so a run's text ends where the next run begins
        # (by index, not by area: a tight run box can overlap the next line's glyphs).
        stop = boxes[n + 1][4] if n + 1 < len(boxes) else count
        text = (
            _normalise(rtl_text.get(first) or full_text[first:stop])
            .replace("\r", " ")
            .replace("\n", " ")
            .strip()
        )
        if not text:
            continue
        # The loose box of the run's first glyph gives a top shared by every glyph of the line.
        pdfium_c.FPDFText_GetLooseCharBox(raw, first, loose)
        size, bold, grey = _style(raw, first)
        lines.append(
            Line(
                text=text,
                page=page_no,
                x0=l_,
                x1=r_,
                top=offset + (height - loose.top),
                size=size,
                bold=bold,
                grey=grey,
                parts=[(l_, text)],
            )
        )
    return lines


def _page_lines(textpage: pdfium.PdfTextPage, page_no: int, height: float, offset: float) -> list[Line]:
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    runs: list[_Run] = []
    # The open run lives in locals (this loop runs once per character).
    chars: list[str] | None = None
    x1 = top = bottom = last_left = line_h = 0.0
    use_text = len(text) == count
    for i in range(count):
        ch = text[i] if use_text else chr(pdfium_c.FPDFText_GetUnicode(raw, i))
        if ch == "\r" or ch == "\n":
            chars = None
            continue
        if ch == " ":
            if chars is not None:
                chars.append(" ")
            continue
        # The loose box spans the font's ascent to descent, so every glyph of a line shares it.
        get_box(raw, i, rect)
        l_ = rect.left
        if chars is not None:
            mid = (rect.top + rect.bottom) / 2
            gap = l_ - x1
            # A ligature's second character shares the first one's box, so "not left of the
            # previous glyph's start" is the continuation test, not a positive gap.
            if bottom - 0.5 < mid < top + 0.5 and l_ >= last_left - 1.0 and gap < line_h * 2.5:
                # Loose boxes of neighbouring glyphs touch; a visible gap between separate text
                # objects ("May 2010 - Present" "(15 years)") is a word break pdfium did not mark.
                if gap > line_h * 0.2 and chars[-1] != " ":
                    chars.append(" ")
                chars.append(ch)
                if rect.right > x1:
                    x1 = rect.right
                    runs[-1].x1 = x1
                last_left = l_
                continue
        chars = [ch]
        x1, top, bottom, last_left = rect.right, rect.top, rect.bottom, l_
        line_h = top - bottom if top - bottom > 4.0 else 4.0
        runs.append(_Run(chars, l_, x1, bottom, top, i, l_))
    return _merge_runs(runs, raw, page_no, height, offset)


def _style(raw: object, index: int) -> tuple[float, bool, bool]:
    size = round(pdfium_c.FPDFText_GetFontSize(raw, index) * 4) / 4
    weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
    bold = weight >= 600
    if not bold:
        buf = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        if pdfium_c.FPDFText_GetFontInfo(raw, index, buf, 128, flags):
            name = buf.value.decode("latin-1", "replace").lower()
            bold = "bold" in name or "black" in name or "semibold" in name
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    grey = False
    if pdfium_c.FPDFText_GetFillColor(raw, index, r, g, b, a):
        grey = min(r.value, g.value, b.value) >= 90
    return size, bold, grey


def _merge_runs(runs: list[_Run], raw: object, page_no: int, height: float, offset: float) -> list[Line]:
    lines: list[Line] = []
    for run in runs:
        text = _normalise("".join(run.chars)).strip()
        if not text:
            continue
        # Style from the first visible character of the run.
        index = run.first_index
        size, bold, grey = _style(raw, index)
        lines.append(
            Line(
                text=text,
                page=page_no,
                x0=run.x0,
                x1=run.x1,
                top=offset + (height - run.top),
                size=size,
                bold=bold,
                grey=grey,
                parts=[(run.x0, text)],
            )
        )
    return lines


def group_visual_lines(lines: list[Line]) -> list[Line]:
    """Runs on one baseline in one column become one line (ordered left to right)."""
    ordered = sorted(lines, key=lambda ln: (ln.page, round(ln.top, 0), ln.x0))
    merged: list[Line] = []
    for ln in ordered:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.page == ln.page
            and abs(prev.top - ln.top) < 2.0
            and ln.x0 >= prev.x1 - 1
        ):
            prev.parts.append((ln.x0, ln.text))
            # FOP (LinkedIn's renderer) writes kerned words as several runs a hair apart: only a
            # gap of about a space's width (a quarter of the type size) separates words.
            prev.text = prev.text + (" " if ln.x0 - prev.x1 > max(0.5, 0.25 * ln.size) else "") + ln.text
            prev.x1 = max(prev.x1, ln.x1)
            continue
        merged.append(Line(**{**ln.__dict__, "parts": list(ln.parts)}))
    return merged
