"""Rows, gutters and columns: reading order for one page of PDF words.

Words become rows by their vertical centres; the widest low-traffic vertical strip with enough
text on both sides is a gutter; bands of rows that do not cross it are read left column first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resugrow_ats.domain.document import Line
from resugrow_ats.domain.lexicon import HEADING_INDEX
from resugrow_ats.domain.normalize import normalize_line
from resugrow_ats.domain.pdf_cells import join_label_cells

_DATEISH = re.compile(
    r"^[\s\d/.,\-–—]*((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s\d,/.\-–—]*"
    r"|present|current|now|today|remote|since|to|spring|summer|fall|autumn|winter|\d{4}|[\s\-–—])+$",
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
    row_segments = [_segments(r) for r in rows]
    coverage = _coverage(row_segments, left, int(span) + 2)
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


def _coverage(row_segments: list[list[tuple[float, float, int]]], left: float, bins: int) -> list[int]:
    """How many rows have text at each point across the page (a difference array, summed)."""
    coverage = [0] * (bins + 1)
    for segs in row_segments:
        for s0, s1, _ in segs:
            a, b = int(s0 - left), int(s1 - left) + 1
            coverage[a] += 1
            coverage[min(b, bins)] -= 1
    running = 0
    for i in range(bins + 1):
        running += coverage[i]
        coverage[i] = running
    return coverage


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


def layout_page(words: list[Word], page: int) -> tuple[list[Line], int]:
    rows, edge, labelled = join_label_cells(_rows(words))

    def line0(row: list[Word]) -> Line:
        # A date cell stays joined to its entry by a space: the dates reader expects wrapped date
        # columns as written ("November ICU Nurse, ..." above "2023 - Present • ...").
        label = " ".join(w.text for w in labelled.get(id(row), ()))
        cell = bool(label)
        return _line(row, page, 0, edge if cell else None)

    gutter = _find_gutter(rows)
    if gutter is None:
        return [line0(row) for row in rows], 1
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
            and not _is_label_column(band, g0)
            and _both_run_long(band, g0, g1)
        ):
            multi = True
            left_words = [w for r in band for w in r if w.x1 <= g0 + 1]
            right_words = [w for r in band for w in r if w.x0 >= g1 - 1]
            out.extend(_line(r, page, 1) for r in _rows(left_words))
            out.extend(_line(r, page, 2) for r in _rows(right_words))
        else:
            out.extend(line0(r) for r in band)
        band.clear()

    for row in rows:
        if any(w.x0 < g1 - 1 and w.x1 > g0 + 1 for w in row):
            flush_band()
            out.append(line0(row))
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


def _heading_key(text: str) -> str:
    t = re.sub(r"\band\b|\+", "&", text.lower())
    return " ".join(re.sub(r"[^a-z& ]", " ", t).split()).replace(" & ", " & ")


def _is_label_column(band: list[list[Word]], g0: float) -> bool:
    """Section names in a narrow left column with their content beside them (Word and Google Docs
    grid templates): one column read row by row, so each name stays next to its content. A name
    may wrap onto two rows ("PROFESSIONAL" / "EXPERIENCE")."""
    right_top = min((w.top for r in band for w in r if w.x1 > g0 + 1), default=0.0)
    # Lines above the content (a tagline under the name) are not part of the label column.
    left = [
        " ".join(w.text for w in r if w.x1 <= g0 + 1)
        for r in band
        if any(w.x1 <= g0 + 1 and w.bottom > right_top for w in r)
    ]
    left = [t for t in left if t]
    # A contact block may head the label column (moderncv fancy): it ends where the names begin.
    lead = next((i for i, t in enumerate(left[:6]) if _heading_key(t) in HEADING_INDEX), 0)
    known, i = 0, lead
    while i < len(left):
        # The longer name first: "Employment" / "History" is one wrapped name, not two.
        if i + 1 < len(left) and _heading_key(f"{left[i]} {left[i + 1]}") in HEADING_INDEX:
            known, i = known + 1, i + 2
        elif _heading_key(left[i]) in HEADING_INDEX:
            known, i = known + 1, i + 1
        else:
            return False
    return known >= 2


def _line(row: list[Word], page: int, column: int, label_edge: float | None = None) -> Line:
    parts: list[str] = []
    prev: Word | None = None
    for w in row:
        if prev is not None:
            # A wide gap inside a row separates fields (title ... dates), and so does the step from
            # a label cell to the body (see pdf_cells): keep it visible as a tab.
            wide = w.x0 - prev.x1 > 1.5 * max(w.height, 1.0)
            cell = label_edge is not None and prev.x1 < label_edge - 1 <= w.x0
            parts.append("\t" if wide or cell else " ")
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
