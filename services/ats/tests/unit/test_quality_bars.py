"""The issue's quality bars, measured on the labelled fixture corpus (see tests/fixtures/README.md)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from resugrow_ats.domain.analyze import scan_bytes
from resugrow_ats.domain.ingest import IngestError, read_document

FIXTURES = Path(__file__).parent.parent / "fixtures"
AS_OF = date(2026, 11, 1)


def _labelled() -> list[Path]:
    return sorted(
        p for p in FIXTURES.iterdir() if p.is_file() and (p.parent / f"{p.name}.truth.json").exists()
    )


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _work_key(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        _norm(entry.get("title") or entry.get("position")).lower(),
        _norm(entry.get("company") or entry.get("name")).lower(),
        entry.get("start") or entry.get("startDate") or "",
        entry.get("end") or entry.get("endDate") or "present",
    )


def _f1(predicted: list[Any], truth: list[Any]) -> tuple[int, int, int]:
    remaining = list(truth)
    tp = 0
    for p in predicted:
        if p in remaining:
            remaining.remove(p)
            tp += 1
    return tp, len(predicted), len(truth)


def measure() -> dict[str, Any]:
    contact_ok = contact_total = 0
    work = [0, 0, 0]
    skills = [0, 0, 0]
    multi_hit = multi_total = multi_false = 0
    misses: list[str] = []
    for path in _labelled():
        truth = json.loads((path.parent / f"{path.name}.truth.json").read_text())
        _, report = scan_bytes(path.read_bytes(), as_of=AS_OF)
        result = report.to_dict()
        basics = result["parsed"]["basics"]
        got_contact = {
            "name": basics.get("name"),
            "email": basics.get("email"),
            "phone": basics.get("phone"),
            "location": (basics.get("location") or {}).get("address"),
        }
        for key, want in truth["contact"].items():
            contact_total += 1
            if _norm(got_contact[key]) == _norm(want):
                contact_ok += 1
            else:
                misses.append(f"{path.name}: contact.{key} {got_contact[key]!r} != {want!r}")
        predicted = [_work_key(w) for w in result["parsed"]["work"]]
        wanted = [_work_key(w) for w in truth["work"]]
        for i, v in enumerate(_f1(predicted, wanted)):
            work[i] += v
        for p in predicted:
            if p not in wanted:
                misses.append(f"{path.name}: work {p}")
        got_skills = sorted({k.lower() for g in result["parsed"]["skills"] for k in g["keywords"]})
        want_skills = sorted({s.lower() for s in truth["skills"]})
        for i, v in enumerate(_f1(got_skills, want_skills)):
            skills[i] += v
        if set(got_skills) != set(want_skills):
            misses.append(
                f"{path.name}: skills +{sorted(set(got_skills) - set(want_skills))} -{sorted(set(want_skills) - set(got_skills))}"
            )
        detected = bool(result["layout"]["multi_column_pages"])
        if truth["multi_column"]:
            multi_total += 1
            multi_hit += int(detected)
        elif detected:
            multi_false += 1
            misses.append(f"{path.name}: false multi-column")

    def f1(tp: int, n_pred: int, n_truth: int) -> float:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_truth if n_truth else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        "files": len(_labelled()),
        "contact_exact": contact_ok / contact_total,
        "work_f1": f1(*work),
        "skills_f1": f1(*skills),
        "multi_column_recall": multi_hit / multi_total,
        "multi_column_false_positives": multi_false,
        "misses": misses,
    }


def test_quality_bars_on_the_fixture_corpus() -> None:
    figures = measure()
    print(
        f"\nATS quality on {figures['files']} labelled files: contact exact {figures['contact_exact']:.1%}, "
        f"work F1 {figures['work_f1']:.3f}, skills F1 {figures['skills_f1']:.3f}, "
        f"multi-column recall {figures['multi_column_recall']:.0%} "
        f"(false positives {figures['multi_column_false_positives']})"
    )
    for miss in figures["misses"]:
        print("  miss:", miss)
    assert figures["contact_exact"] >= 0.97
    assert figures["work_f1"] >= 0.90
    assert figures["skills_f1"] >= 0.85
    assert figures["multi_column_recall"] == 1.0
    assert figures["multi_column_false_positives"] == 0


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (FIXTURES / "malformed").iterdir() if not p.name.endswith(".json")),
    ids=lambda p: p.name,
)
def test_every_malformed_file_is_refused_or_flagged_cleanly(path: Path) -> None:
    expect = json.loads((path.parent / f"{path.name}.truth.json").read_text())
    data = path.read_bytes()
    if "error" in expect:
        with pytest.raises(IngestError) as caught:
            read_document(data)
        assert caught.value.code == expect["error"]
        assert caught.value.status == expect["status"]
        assert caught.value.message
    else:
        _, report = scan_bytes(data, as_of=AS_OF)
        ids = {f.id for f in report.findings}
        assert expect["finding"] in ids
        assert report.score < 20


def test_same_input_gives_byte_identical_output() -> None:
    data = (FIXTURES / "typst_single_2page.pdf").read_bytes()
    job = "Senior Backend Engineer\nRequirements:\n- 5+ years of experience with Go, Kafka and Rust\n"
    first = scan_bytes(data, as_of=AS_OF, job_description=job)[1].to_json()
    second = scan_bytes(data, as_of=AS_OF, job_description=job)[1].to_json()
    assert first == second
    assert re.search(r'"algo_version":"ats-', first)
