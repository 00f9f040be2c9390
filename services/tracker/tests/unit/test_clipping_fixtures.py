"""Quality bar: clipping returns the expected fields, and nulls where the page says nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from resugrow_tracker.domain.clipping import clip_job

FIXTURES = Path(__file__).parent / "fixtures" / "clipping"
EXPECTED: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text())


def _observed(name: str) -> dict[str, Any]:
    job = clip_job((FIXTURES / name).read_text(encoding="utf-8"))
    return {
        "title": job.title,
        "company": job.company,
        "location": job.location,
        "remote": job.remote,
        "salary": {k: job.salary[k] for k in ("min", "max", "currency", "period")} if job.salary else None,
        "description": job.description,
        "date_posted": job.date_posted.isoformat().replace("+00:00", "Z") if job.date_posted else None,
        "valid_through": job.valid_through.isoformat().replace("+00:00", "Z") if job.valid_through else None,
        "employment_type": job.employment_type,
        "warnings": bool(job.warnings),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_clip_fixture(name: str) -> None:
    got, want = _observed(name), EXPECTED[name]
    wrong = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    print(f"{name}: {len(want) - len(wrong)}/{len(want)} fields as expected; wrong: {wrong}")
    assert not wrong


def test_clip_field_accuracy_over_all_fixtures() -> None:
    total = right = nulls = nulls_right = 0
    for name, want in EXPECTED.items():
        got = _observed(name)
        for key, value in want.items():
            total += 1
            right += got[key] == value
            if value is None:
                nulls += 1
                nulls_right += got[key] is None
    print(f"clipping: {right}/{total} fields exact; {nulls_right}/{nulls} nulls kept null")
    assert right == total


@pytest.mark.parametrize(
    "page",
    [
        '<script type="application/ld+json">{"@type": "JobPosting", "title": </script>',
        '<script type="application/ld+json">[[[[[[[[[[[[[[[[[[[[[[[[[[[[[</script>',
        '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",
        '<script type="application/ld+json">{"@type": "JobPosting", "title": {"a": [1, 2]}, "jobLocation": 7,'
        ' "baseSalary": {"value": {"minValue": "lots"}}, "hiringOrganization": [], "datePosted": 12}</script>',
        "\x00\x01 not html at all <<<>>>",
        "",
    ],
)
def test_malformed_pages_never_crash(page: str) -> None:
    job = clip_job(page)
    assert job.salary is None
