"""Match and parse use cases on in-memory repositories."""

from __future__ import annotations

import pytest

from resugrow_ats.commands import ScanRequest, Upload
from resugrow_ats.domain.ingest import IngestError
from resugrow_ats.use_cases import matching
from resugrow_domain import InvalidInput, NotFound

from .conftest import FIXTURES, NOW

JOB = "Senior Product Designer\nRequirements: Figma, Kubernetes, design systems, accessibility."


async def test_match_resume_scores_text_and_names_missing_hard_skills(uow, scanner, resume_text):
    result = await matching.match_resume(
        uow, ScanRequest(text=resume_text, job_description=JOB), user_id="u1", now=NOW, upload=None,
        scanner=scanner,
    )  # fmt: skip
    assert 0 <= result["score"] <= 100 and result["score"] == result["match"]["score"]
    missing = {k["keyword"].lower() for k in result["match"]["missing_keywords"]}
    assert "kubernetes" in missing and "figma" not in missing
    assert all(f["section"] == "match" for f in result["findings"])
    assert uow.published == []


async def test_match_resume_reads_an_upload_or_a_stored_version_alike(uow, scanner, resume_text):
    data = (FIXTURES / "plain.txt").read_bytes()
    by_upload = await matching.match_resume(
        uow, ScanRequest(job_description=JOB), user_id="u1", now=NOW, upload=Upload(data), scanner=scanner
    )
    await uow.resume_texts.put({"user_id": "u1", "resume_id": "r1", "version": 2, "text": resume_text})
    by_version = await matching.match_resume(
        uow, ScanRequest(resume_id="r1", version=2, job_description=JOB), user_id="u1", now=NOW,
        upload=None, scanner=scanner,
    )  # fmt: skip
    assert by_upload["match"]["missing_keywords"] == by_version["match"]["missing_keywords"]


async def test_match_resume_needs_a_job_and_a_resume(uow, scanner, resume_text):
    with pytest.raises(InvalidInput) as no_job:
        await matching.match_resume(
            uow, ScanRequest(text=resume_text), user_id="u1", now=NOW, upload=None, scanner=scanner
        )
    assert no_job.value.field == "job_description"
    with pytest.raises(InvalidInput):
        await matching.match_resume(
            uow, ScanRequest(job_description=JOB), user_id="u1", now=NOW, upload=None, scanner=scanner
        )
    with pytest.raises(NotFound):
        await matching.match_resume(
            uow, ScanRequest(resume_id="r9", version=1, job_description=JOB), user_id="u1", now=NOW,
            upload=None, scanner=scanner,
        )  # fmt: skip


async def test_parse_resume_file_reads_contact_and_layout(scanner):
    parsed = await matching.parse_resume_file(Upload((FIXTURES / "plain.txt").read_bytes()), scanner=scanner)
    assert parsed["json_resume"]["basics"]["name"] == "Aisha Khan"
    assert parsed["json_resume"]["basics"]["email"] == "aisha.khan@example.com"
    assert parsed["document"]["characters"] > 100 and parsed["layout"]["tables"] == 0


async def test_parse_resume_file_refuses_a_file_without_text(scanner):
    with pytest.raises(IngestError):
        await matching.parse_resume_file(Upload(b"   \n  "), scanner=scanner)
