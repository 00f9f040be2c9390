"""Damaged files never crash the reader: every mutant is either read or refused with an IngestError."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from resugrow_ats.domain.analyze import scan_bytes
from resugrow_ats.domain.ingest import IngestError

FIXTURES = Path(__file__).parent.parent / "fixtures"
FILES = [
    "typst_sidebar.pdf",
    "raw_two_column_rows.pdf",
    "docx_headings_lists.docx",
    "resume.odt",
    "resume.rtf",
]


@pytest.mark.parametrize("name", FILES)
def test_mutated_and_truncated_files_are_read_or_refused(name: str) -> None:
    original = (FIXTURES / name).read_bytes()
    rng = random.Random(name)  # seeded: the same mutants every run
    mutants = [original[: len(original) * k // 8] for k in range(1, 8)]
    for _ in range(12):
        data = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        mutants.append(bytes(data))
    for data in mutants:
        try:
            _, report = scan_bytes(data, as_of=date(2026, 11, 1), job_description="Python developer")
        except IngestError as exc:
            assert 400 <= exc.status < 500 and exc.message
        else:
            assert 0 <= report.score <= 100
