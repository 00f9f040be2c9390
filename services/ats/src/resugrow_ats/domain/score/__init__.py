"""ATS scoring: quality, layout risks and job match, with evidence spans into the read text.

Scores are integers 0-100 built from the weights in ``weights.py``; layout risks are reported
apart and never move a score. Every finding has an id, severity, section, message, evidence
and fix; output is deterministic (sorted findings, no clocks) so the same input gives
byte-identical JSON. One module per dimension; ``build_report`` assembles them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from resugrow_ats.domain.document import Document
from resugrow_ats.domain.jd import JobAnalysis, Span
from resugrow_ats.domain.parse import ParsedResume
from resugrow_ats.domain.score.layout import layout_risks
from resugrow_ats.domain.score.match import match
from resugrow_ats.domain.score.model import QUANTIFIED, WEAK_OPENERS, Finding, Report, canonical_json
from resugrow_ats.domain.score.quality import quality
from resugrow_ats.domain.skills import SkillTable, default_table

__all__ = [
    "QUANTIFIED",
    "WEAK_OPENERS",
    "Finding",
    "Report",
    "build_report",
    "canonical_json",
    "layout_risks",
    "match",
    "quality",
]


def _job_span(span: Span | None) -> dict[str, Any] | None:
    return span.to_dict() if span else None


def _page_spans(doc: Document) -> list[dict[str, int]]:
    spans: dict[int, list[int]] = {}
    for ln in doc.lines:
        span = spans.setdefault(ln.page, [ln.start, ln.end])
        span[0], span[1] = min(span[0], ln.start), max(span[1], ln.end)
    return [{"page": p, "start": a, "end": b} for p, (a, b) in sorted(spans.items())]


def build_report(
    parsed: ParsedResume, *, as_of: date, job: JobAnalysis | None = None, table: SkillTable | None = None
) -> Report:
    table = table or default_table()
    doc: Document = parsed.document
    q, findings = quality(parsed, as_of)
    layout = layout_risks(parsed, findings)
    m = match(parsed, job, as_of, table, findings) if job is not None else None
    return Report(
        quality=q,
        layout=layout,
        findings=findings,
        match=m,
        parsed=parsed.to_json_resume(),
        document={
            "kind": doc.kind,
            "pages": doc.layout.pages,
            "characters": len(doc.text),
            "words": len(doc.text.split()),
            "sections": [s.key for s in parsed.sections],
            "as_of": as_of.isoformat(),
            # How the file was read: the text in reading order that every evidence span indexes.
            "text": doc.text,
            "page_spans": _page_spans(doc),
        },
    )
