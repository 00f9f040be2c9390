"""Findings and the report they make up, plus the small helpers every dimension shares.

Scores are integers 0-100 built from the weights in ``weights.py``; layout risks are reported
apart and never move a score. Output is deterministic (sorted findings, no clocks) so the same
input gives byte-identical JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from resugrow_ats.domain import weights as W
from resugrow_ats.domain.document import Line
from resugrow_ats.domain.parse import BULLET_RE, Evidence, ParsedResume, evidence_of
from resugrow_ats.domain.skills import default_table

WEAK_OPENERS = re.compile(
    r"^(responsible for|worked on|helped|assisted with|duties included|tasked with|involved in|in charge of)\b",
    re.IGNORECASE,
)
QUANTIFIED = re.compile(
    r"\d|%|\$|€|£|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|double|triple|half)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Finding:
    id: str
    severity: str
    section: str
    message: str
    fix: str
    evidence: dict[str, Any] | None = None
    where: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "severity": self.severity,
            "section": self.section,
            "message": self.message,
            "fix": self.fix,
            "evidence": self.evidence,
        }
        if self.where is not None:
            out["where"] = self.where
        return out

    def sort_key(self) -> tuple[Any, ...]:
        start = self.evidence.get("start", -1) if self.evidence else -1
        return (
            W.SEVERITY_RANK[self.severity],
            self.section,
            self.id,
            start if isinstance(start, int) else -1,
            self.message,
        )


@dataclass(slots=True)
class Report:
    quality: dict[str, Any]
    layout: dict[str, Any]
    findings: list[Finding]
    match: dict[str, Any] | None = None
    parsed: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return int(self.quality["score"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "algo_version": W.ALGO_VERSION,
            "skills_table_version": default_table().version,
            "document": self.document,
            "parsed": self.parsed,
            "quality": self.quality,
            "match": self.match,
            "layout": self.layout,
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
        }

    def to_json(self) -> str:
        return canonical_json(self.to_dict())


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def ev_dict(e: Evidence | None) -> dict[str, Any] | None:
    return e.to_dict() if e else None


def line_ev(line: Line | None) -> dict[str, Any] | None:
    return evidence_of(line).to_dict() if line else None


def all_bullets(parsed: ParsedResume) -> list[Line]:
    out = [b for w in parsed.work for b in w.bullets]
    for s in parsed.sections:
        if s.key in ("projects", "volunteer"):
            out.extend(ln for ln in s.lines if BULLET_RE.match(ln.text))
    return out


def bullet_text(line: Line) -> str:
    return re.sub(r"^(?:•|[-*–])\s*", "", line.text)
