"""Fit to N pages: a bounded binary search over a ladder of ever tighter layouts.

The ladder tightens the least visible things first (space between entries, then margins, then
line spacing) and the type size last, never below a size a recruiter can still read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .errors import CannotFit
from .typst_engine import Layout, pdf_page_count
from .verify import pages_text
from .view import ResumeView

MIN_SIZE_PT = 8.5
MIN_MARGIN_MM = 10.0


def ladder(base: Layout) -> list[Layout]:
    steps = [base]

    def push(**changes: float) -> None:
        steps.append(replace(steps[-1], **changes))

    for factor in (0.8, 0.65, 0.5):
        push(spacing=round(base.spacing * factor, 3))
    for cut in (3.0, 6.0):
        push(margin=max(MIN_MARGIN_MM, base.margin - cut))
    for leading in (0.48, 0.42):
        push(leading=min(base.leading, leading))
    size = base.size
    while size - 0.5 >= MIN_SIZE_PT - 1e-9:
        size = round(size - 0.5, 2)
        push(size=size)
    # drop steps that changed nothing (e.g. a margin already at the minimum)
    unique = [steps[0]]
    for step in steps[1:]:
        if step != unique[-1]:
            unique.append(step)
    return unique


def _changes(base: Layout, chosen: Layout) -> dict[str, dict[str, float]]:
    names = {"size": "font_size_pt", "spacing": "spacing_em", "leading": "leading_em", "margin": "margin_mm"}
    out = {}
    for field, label in names.items():
        before, after = getattr(base, field), getattr(chosen, field)
        if before != after:
            out[label] = {"from": before, "to": after}
    return out


def _overflowing(pdf: bytes, target: int, view: ResumeView) -> list[str]:
    """Section titles and entry titles that still land beyond the target page."""
    texts = pages_text(pdf)
    spill = "\n".join(texts[target:])
    found: list[str] = []
    for section in view.sections:
        if section["title"] in spill:
            found.append(section["title"])
        found.extend(e["title"] for e in section.get("entries", []) if e["title"] and e["title"] in spill)
    return list(dict.fromkeys(found))[:30]


def fit_layout(
    compile_pdf: Callable[[Layout], bytes],
    base: Layout,
    target: int,
    view: ResumeView,
) -> tuple[Layout, dict[str, Any], bytes]:
    steps = ladder(base)
    cache: dict[int, tuple[int, bytes]] = {}

    def pages_at(i: int) -> int:
        if i not in cache:
            pdf = compile_pdf(steps[i])
            cache[i] = (pdf_page_count(pdf), pdf)
        return cache[i][0]

    before = pages_at(0)
    report: dict[str, Any] = {"target_pages": target, "pages_before": before, "steps_available": len(steps)}
    if before <= target:
        report.update(fits=True, pages=before, changes={}, compiles=1)
        return base, report, cache[0][1]
    # Binary search for the loosest step that fits; the tightest step is only compiled if the
    # search reaches it, so a resume that fits costs about log2(len(steps)) + 1 compiles.
    last = len(steps) - 1
    lo, hi = 0, last  # invariant: steps[lo] overflows; steps[hi] fits, or hi is the untested last step
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if pages_at(mid) <= target:
            hi = mid
        else:
            lo = mid
    if pages_at(hi) > target:
        pdf = cache[hi][1]
        report.update(
            fits=False,
            pages=cache[hi][0],
            changes=_changes(base, steps[hi]),
            still_overflowing=_overflowing(pdf, target, view),
            compiles=len(cache),
        )
        raise CannotFit(cache[hi][0], report)
    chosen = steps[hi]
    report.update(fits=True, pages=cache[hi][0], changes=_changes(base, chosen), compiles=len(cache))
    return chosen, report, cache[hi][1]
