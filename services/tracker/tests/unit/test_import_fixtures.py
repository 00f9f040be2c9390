"""Quality bar: each import format maps to the expected rows; messy sheets normalise dates,
stages and sources; re-parsing gives the same natural keys (so re-import adds nothing)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from resugrow_tracker.domain.applications import ApplicationDraft
from resugrow_tracker.domain.importing import parse_import

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
NOW = datetime.fromisoformat(EXPECTED["now"].replace("Z", "+00:00"))
CASES = [k for k in EXPECTED if k != "now"]


def _iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def _observed(d: ApplicationDraft, want: dict[str, Any]) -> dict[str, Any]:
    got: dict[str, Any] = {"row": d.row, "company": d.company, "role": d.role, "source": d.source}
    got["moves"] = [[m.to.value, _iso(m.at)] for m in d.moves]
    for key in ("resume_label", "job_url", "location", "remote", "priority"):
        if key in want:
            got[key] = getattr(d, key)
    if "salary" in want:
        got["salary"] = (
            {"min": d.salary.min, "max": d.salary.max, "currency": d.salary.currency} if d.salary else None
        )
    if "notes" in want:
        got["notes"] = len(d.notes)
    if "contacts" in want:
        got["contacts"] = [
            {k: getattr(c, k) for k in w} for c, w in zip(d.contacts, want["contacts"], strict=False)
        ]
        if len(d.contacts) != len(want["contacts"]):
            got["contacts"] = [vars(c) for c in d.contacts]
    if "interviews" in want:
        got["interviews"] = [[i.type, _iso(i.scheduled_at)] for i in d.interviews]
    return got


@pytest.mark.parametrize("name", CASES)
def test_import_fixture_maps_to_expected_rows(name: str) -> None:
    spec = EXPECTED[name]
    content = (FIXTURES / name).read_bytes()
    plan = parse_import(content, now=NOW, mapping=spec.get("mapping"))
    assert plan.format == spec["format"]
    assert plan.duplicates_in_file == spec["duplicates_in_file"]
    matched = 0
    for d, want in zip(plan.drafts, spec["rows"], strict=False):
        got = _observed(d, want)
        if got == want:
            matched += 1
        else:
            print(f"{name} row {want['row']}:\n  got  {got}\n  want {want}")
    print(f"{name}: {matched}/{len(spec['rows'])} rows as expected ({len(plan.drafts)} parsed)")
    assert len(plan.drafts) == len(spec["rows"])
    assert matched == len(spec["rows"])


@pytest.mark.parametrize("name", CASES)
def test_reimport_gives_the_same_natural_keys(name: str) -> None:
    spec = EXPECTED[name]
    content = (FIXTURES / name).read_bytes()
    first = [d.key() for d in parse_import(content, now=NOW, mapping=spec.get("mapping")).drafts]
    later = datetime(2026, 1, 5, tzinfo=NOW.tzinfo)
    again = [d.key() for d in parse_import(content, now=later, mapping=spec.get("mapping")).drafts]
    assert first == again
    assert len(set(first)) == len(first)
