"""Event use cases on in-memory repositories: scans of renders, matches of new applications, and
the work that waits when a resume version's text arrives after them."""

from __future__ import annotations

from typing import Any

from resugrow_ats.use_cases import projections
from resugrow_events import (
    ApplicationCreatedV1,
    AtsMatchScoredV1,
    AtsScanCompletedV1,
    Envelope,
    EventPayload,
    ResumeRenderedV1,
    ResumeUpdatedV1,
)
from resugrow_testing.fakes import run_fake

from .conftest import NOW

JOB = "Senior Product Designer\nRequirements: Figma, Kubernetes, design systems."


def _wrap(payload: EventPayload, user_id: str | None = "u1") -> Envelope[Any]:
    return Envelope.wrap(payload, source="/services/test", subject="s", userid=user_id)


def _updated(text: str, version: int = 1) -> Envelope[ResumeUpdatedV1]:
    return _wrap(ResumeUpdatedV1(resume_id="r1", version=version, text=text, updated_at=NOW))


def _rendered(
    *, status: str = "succeeded", checks: dict[str, bool] | None = None
) -> Envelope[ResumeRenderedV1]:
    artifact = {
        "format": "pdf", "artifact_id": "f1", "sha256": "0" * 64, "size": 10, "media_type": "application/pdf",
        "pages": 2, "verification_passed": False, "checks": checks or {},
    }  # fmt: skip
    return _wrap(
        ResumeRenderedV1(
            render_id="d1", resume_id="r1", version=1, template="classic", status=status, artifacts=[artifact]
        )
    )


def _application(**over: Any) -> Envelope[ApplicationCreatedV1]:
    fields = {
        "application_id": "a1", "company": "Acme", "role": "Product Designer", "stage": "applied",
        "job_description": JOB, "resume_id": "r1", "resume_version": 1, "created_at": NOW,
    }  # fmt: skip
    return _wrap(ApplicationCreatedV1(**{**fields, **over}))


async def test_record_resume_text_keeps_each_version(uow):
    await run_fake(uow, lambda u: projections.record_resume_text(u, _updated("v1 text"), now=NOW))
    await run_fake(uow, lambda u: projections.record_resume_text(u, _updated("v2 text", 2), now=NOW))
    assert (await uow.resume_texts.get("u1", "r1", 1))["text"] == "v1 text"
    assert (await uow.resume_texts.get("u1", "r1", 2))["text"] == "v2 text"
    await projections.record_resume_text(uow, _wrap(_updated("x").data, user_id=None), now=NOW)
    assert len(uow.resume_texts.coll) == 2 and uow.published == []


async def test_scan_rendered_scans_with_the_renderers_failed_checks(uow, resume_text):
    await projections.record_resume_text(uow, _updated(resume_text), now=NOW)
    await run_fake(
        uow, lambda u: projections.scan_rendered(u, _rendered(checks={"fonts": False, "text": True}), now=NOW)
    )
    [event] = uow.events(AtsScanCompletedV1)
    assert event.render_id == "d1" and "check.fonts" in event.layout_risks
    assert "verification_failed" in event.layout_risks and "check.text" not in event.layout_risks


async def test_scan_rendered_ignores_failed_renders(uow, resume_text):
    await projections.record_resume_text(uow, _updated(resume_text), now=NOW)
    await projections.scan_rendered(uow, _rendered(status="failed"), now=NOW)
    assert uow.published == [] and len(uow.scans.coll) == 0


async def test_a_render_before_its_text_waits_and_is_scanned_when_the_text_arrives(uow, resume_text):
    await projections.scan_rendered(uow, _rendered(), now=NOW)
    assert uow.published == [] and len(uow.pending.coll) == 1
    await projections.record_resume_text(uow, _updated(resume_text), now=NOW)
    assert len(uow.events(AtsScanCompletedV1)) == 1 and len(uow.pending.coll) == 0


async def test_match_application_scores_the_resume_and_names_missing_hard_skills(uow, resume_text):
    await projections.record_resume_text(uow, _updated(resume_text), now=NOW)
    await run_fake(uow, lambda u: projections.match_application(u, _application(), now=NOW))
    [event] = uow.events(AtsMatchScoredV1)
    assert event.application_id == "a1" and 0 <= event.score <= 100
    assert "kubernetes" in {s.lower() for s in event.missing_hard_skills}
    assert (await uow.applications.get("u1", "a1"))["job_description"] == JOB


async def test_match_application_without_job_or_resume_only_remembers_the_application(uow, resume_text):
    await projections.record_resume_text(uow, _updated(resume_text), now=NOW)
    await projections.match_application(uow, _application(job_description=None), now=NOW)
    await projections.match_application(
        uow, _application(application_id="a2", resume_id=None, resume_version=None), now=NOW
    )
    assert uow.published == [] and len(uow.applications.coll) == 2


async def test_an_application_before_its_text_is_matched_when_the_text_arrives(uow, resume_text):
    await projections.match_application(uow, _application(), now=NOW)
    assert uow.published == [] and len(uow.pending.coll) == 1
    await projections.record_resume_text(uow, _updated(resume_text), now=NOW)
    assert len(uow.events(AtsMatchScoredV1)) == 1 and len(uow.matches.coll) == 1


def test_rendered_findings_without_a_pdf_are_empty():
    event = _rendered().data.model_copy(update={"artifacts": []})
    assert projections.rendered_findings(event) == (None, [])
