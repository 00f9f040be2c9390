"""Hostile input costs the ATS service a bounded amount of work, in a worker it can kill.

Regression tests for what froze or bloated the whole service: a content-stream bomb PDF
(5.5 GB RSS), a DOCX holding 39 MB of XML, a quadratic URL pattern ('http://' + 'a-' * N froze
the process for 42 s) and a cubic years-of-experience pattern on job descriptions. The pattern
tests run at the largest input the API accepts, in the parse sandbox with a generous wall-clock
budget: before the fixes they ran for minutes to hours, after them in milliseconds.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from resugrow_ats.adapters import scanner
from resugrow_ats.domain.analyze import scan_text
from resugrow_ats.domain.ingest import IngestError, Limits, read_document
from resugrow_ats.domain.jd import analyze_job
from resugrow_ats.settings import AtsSettings
from resugrow_platform import ProblemError

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "tests" / "fuzz"))
import payloads

AS_OF = date(2026, 11, 1)
GENEROUS_S = 8.0
MAX_TEXT = Limits().max_chars
MAX_JOB = AtsSettings.model_fields["max_job_description_chars"].default


def _in_sandbox(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    return asyncio.run(scanner.run_scan(partial(fn, *args, **kwargs), timeout=GENEROUS_S))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Ada Lovelace\nhttp://" + "a-" * ((MAX_TEXT - 30) // 2), id="url-dashes"),
        pytest.param("Ada Lovelace\n" + "x.y." * (MAX_TEXT // 4 - 4), id="url-dots"),
        pytest.param("Ada Lovelace\n" + "a@" * (MAX_TEXT // 2 - 8), id="email-ats"),
        pytest.param("Ada Lovelace\n" + "x | " * (MAX_TEXT // 4 - 4), id="field-separators"),
        pytest.param("Ada Lovelace\n" + "1 2 " * (MAX_TEXT // 4 - 4), id="phone-digits"),
    ],
)
def test_resume_text_patterns_are_linear_at_the_size_limit(text: str) -> None:
    assert len(text) <= MAX_TEXT
    _, report = _in_sandbox(scan_text, text, as_of=AS_OF)
    assert report is not None


@pytest.mark.parametrize(
    "job",
    [
        pytest.param("Requirements\n0" + " " * (MAX_JOB - 20) + "x", id="years-spaces"),
        pytest.param("Requirements\n" + "5 - " * (MAX_JOB // 4 - 4), id="years-ranges"),
    ],
)
def test_job_description_patterns_are_linear_at_the_size_limit(job: str) -> None:
    assert len(job) <= MAX_JOB
    assert _in_sandbox(analyze_job, job) is not None


def test_a_content_stream_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(IngestError) as info:
        read_document(payloads.content_bomb_pdf(60))
    assert info.value.code in ("pdf_too_large_inflated", "pdf_too_complex")


def test_a_docx_full_of_xml_is_refused_before_parsing() -> None:
    with pytest.raises(IngestError) as info:
        read_document(payloads.docx_bomb(39))
    assert info.value.status == 413


def test_a_bomb_past_the_guards_is_killed_by_the_sandbox_not_waited_out() -> None:
    # With the container checks switched off, the worker hits its memory budget and is replaced.
    unguarded = Limits(max_pdf_inflated_bytes=1 << 40, max_pdf_operators=1 << 40)
    before = set(scanner.sandbox().start().pids)
    with pytest.raises(ProblemError) as info:
        asyncio.run(
            scanner.run_scan(
                partial(read_document, payloads.content_bomb_pdf(60), limits=unguarded), timeout=10
            )
        )
    assert info.value.status == 422
    assert info.value.extra["code"] in ("parse_memory", "parse_timeout")
    assert before - set(scanner.sandbox().pids)  # the worker that parsed it is gone
    _, report = _in_sandbox(scan_text, "Ada Lovelace\nEngineer", as_of=AS_OF)
    assert report is not None
