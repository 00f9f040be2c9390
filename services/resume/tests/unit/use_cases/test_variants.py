"""Variants: overlays on a master, re-resolved when the master changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from resume_fakes import FakeResumeUnitOfWork

from resugrow_domain import InvalidInput
from resugrow_events import ResumeUpdatedV1
from resugrow_resume.commands import JobRef, ResumeInput, ResumePatch, VariantInput
from resugrow_resume.use_cases import resumes, variants

T0 = datetime(2026, 1, 1, tzinfo=UTC)
U = "u-1"
DOC = {"basics": {"name": "Ada", "label": "Engineer"}, "skills": [{"name": "Python"}]}


async def test_create_variant_from_a_patch_and_follow_the_master() -> None:
    uow = FakeResumeUnitOfWork()
    master = await resumes.create_resume(uow, ResumeInput(resume=DOC), user_id=U, now=T0)
    cmd = VariantInput(job=JobRef(title="Lead", company="Acme"), patch={"basics": {"label": "Lead"}})
    variant = await variants.create_variant(uow, master["id"], cmd, user_id=U, now=T0)
    assert variant["title"] == "Ada - Engineer (Lead at Acme)" and variant["variant"]["overrides"] == [
        "/basics/label"
    ]
    # The master moves on: the variant keeps its own label and takes the master's new name.
    await resumes.patch_resume(
        uow, master["id"], ResumePatch(resume={"basics": {"name": "Ada L."}}), user_id=U, now=T0
    )
    seen = await resumes.get_resume(uow, variant["id"], user_id=U)
    assert (
        seen["resume"]["basics"] == {"name": "Ada L.", "label": "Lead"}
        and seen["variant"]["master_version"] == 2
    )
    inherited = [e for e in uow.events(ResumeUpdatedV1) if e.resume_id == variant["id"]]
    assert [e.master_version for e in inherited] == [None, 2]


async def test_variant_rules() -> None:
    uow = FakeResumeUnitOfWork()
    master = await resumes.create_resume(uow, ResumeInput(resume=DOC), user_id=U, now=T0)
    with pytest.raises(InvalidInput) as both:
        await variants.create_variant(
            uow, master["id"], VariantInput(patch={}, resume=DOC), user_id=U, now=T0
        )
    assert both.value.field == "patch"
    variant = await variants.create_variant(uow, master["id"], VariantInput(resume=DOC), user_id=U, now=T0)
    assert variant["variant"]["overrides"] == []
    with pytest.raises(InvalidInput) as nested:
        await variants.create_variant(uow, variant["id"], VariantInput(), user_id=U, now=T0)
    assert nested.value.field == "resume_id"
    assert variants.variant_title("CV", None) == "CV (tailored)"
