"""Label columns: a narrow column of labels (dates, skill names, group names) beside the body.

moderncv and many LaTeX and Word layouts set each item as a two-cell row: a label cell right- or
left-aligned in a narrow column, and its content starting at the body's left edge. A long label
wraps inside its narrow cell ("Amazon Web" / "Services", "Microsoft" / "Excel"), so its second
half comes on a row of its own, where it reads as a separate item. Here such a row is joined back
to the label it continues, and each labelled row remembers where its label cell ends, so the line
can keep label and content apart.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resugrow_ats.domain.pdf_columns import Word

# A label cell ends at least this far (points) before the body edge; the body starts within this
# of the edge. Both are small against the ~8 pt gap moderncv and Word grids leave between cells.
_CELL_GAP = 2.0
_EDGE_TOLERANCE = 1.5


def body_edge(rows: list[list[Word]]) -> float | None:
    """The body's left edge when at least three rows hang a label cell to the left of it."""
    starts = Counter(round(row[0].x0) for row in rows if row)
    if not starts:
        return None
    edge_key, count = starts.most_common(1)[0]
    if count < 3:
        return None
    edge = min(row[0].x0 for row in rows if row and round(row[0].x0) == edge_key)
    labelled = sum(1 for row in rows if label_cell(row, edge))
    return edge if labelled >= 3 else None


def label_cell(row: list[Word], edge: float) -> list[Word]:
    """The words of the row's label cell (left of the body edge, followed by body content), or []."""
    left = [w for w in row if w.x1 <= edge - _CELL_GAP]
    if not left or len(left) == len(row) or left[0].x0 >= edge - 3:
        return []
    rest = row[len(left) :]
    if rest[0].x0 < edge - 3 or any(w.x1 > edge - _CELL_GAP for w in left):
        return []
    # Cells sit about an em apart; a word space in big type ("Ravi Sato" at 30 pt) is narrower.
    if rest[0].x0 - left[-1].x1 < 0.6 * min(left[-1].height, rest[0].height):
        return []
    # A label and its content share a type size; an address beside a big name or a section
    # heading is a different block that only shares the row.
    if abs(rest[0].height - left[-1].height) > 0.2 * left[-1].height:
        return []
    return left


def _continues(prev_label: list[Word], row: list[Word]) -> bool:
    """The row is the wrapped rest of the previous row's label: in the same type, one line under
    the label (pdfium's loose boxes overlap a little at single spacing; the next item sits
    further down) and aligned with it on the right (a right-aligned label column) or the left."""
    height = min(w.height for w in row)
    label_height = min(w.height for w in prev_label)
    if abs(height - label_height) > 0.15 * label_height:
        return False
    gap = min(w.top for w in row) - max(w.bottom for w in prev_label)
    if gap >= 0.5 * height:
        return False
    right = abs(max(w.x1 for w in row) - max(w.x1 for w in prev_label)) <= _EDGE_TOLERANCE
    left = abs(row[0].x0 - prev_label[0].x0) <= _EDGE_TOLERANCE
    return right or left


def join_label_cells(rows: list[list[Word]]) -> tuple[list[list[Word]], float | None, dict[int, list[Word]]]:
    """Rows with wrapped label cells joined, the body edge, and each labelled row's label words
    (by the row's id)."""
    edge = body_edge(rows)
    if edge is None:
        return rows, None, {}
    out: list[list[Word]] = []
    labels: dict[int, list[Word]] = {}
    for row in rows:
        prev = out[-1] if out else None
        prev_label = labels.get(id(prev)) if prev is not None else None
        alone = all(w.x1 <= edge - _CELL_GAP for w in row)
        if prev is not None and prev_label and alone and _continues(prev_label, row):
            merged = prev_label + row + prev[len(prev_label) :]
            del labels[id(prev)]
            out[-1] = merged
            labels[id(merged)] = prev_label + row
            continue
        cell = label_cell(row, edge)
        if cell:
            labels[id(row)] = cell
        out.append(row)
    return out, edge, labels
