"""Hostile uploads cost the LinkedIn service a bounded amount of work and answer 4xx.

Regressions: a PDF whose page tree is a cycle answered 500; an 88 KB PDF inflating to 60 MB of
operators ran for minutes under a process-wide lock; a 2 MB export of nine 15 MB CSVs (under
every per-entry cap) blocked everyone for about a minute per request.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest

from resugrow_linkedin.adapters.parse_sandbox import run_parse
from resugrow_linkedin.domain.models import IngestError
from resugrow_linkedin.domain.review import ingest_file
from resugrow_platform import ProblemError

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "tests" / "fuzz"))
import payloads

KEPT = [
    "Profile",
    "Positions",
    "Education",
    "Skills",
    "Certifications",
    "Languages",
    "Projects",
    "Honors",
    "Shares",
]


def test_a_page_tree_cycle_is_a_clean_ingest_error() -> None:
    with pytest.raises(IngestError):
        ingest_file(payloads.page_tree_cycle_pdf())


def test_a_content_stream_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(IngestError) as info:
        ingest_file(payloads.content_bomb_pdf(60))
    assert info.value.kind in ("too_large", "not_a_pdf")


@pytest.mark.parametrize(
    "sizes",
    [
        pytest.param({f"{name}.csv": 15 * 1024 * 1024 for name in KEPT}, id="nine-15MB-csvs"),
        pytest.param({f"{name}.csv": 7 * 1024 * 1024 for name in KEPT[:5]}, id="five-7MB-csvs"),
    ],
)
def test_an_export_whose_profile_files_expand_too_far_is_refused(sizes: dict[str, int]) -> None:
    with pytest.raises(IngestError) as info:
        ingest_file(payloads.zip_bomb(sizes))
    assert info.value.kind == "unsafe_archive"


def test_traversal_names_are_skipped_never_read() -> None:
    result = ingest_file(payloads.traversal_zip())
    assert result.report.files_used == ["Profile.csv"]
    assert sum("unsafe path" in f for f in result.report.findings) == 2


def test_a_parse_past_its_budget_is_killed_and_answers_422() -> None:
    with pytest.raises(ProblemError) as info:
        asyncio.run(run_parse(time.sleep, 60, timeout=1.0))
    assert info.value.status == 422 and info.value.extra["code"] == "timeout"
