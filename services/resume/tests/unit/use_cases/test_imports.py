"""Import and export on in-memory repositories."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from resume_fakes import FakeResumeUnitOfWork

from resugrow_domain import InvalidInput, Unsupported
from resugrow_resume.commands import ImportFile
from resugrow_resume.use_cases import imports

T0 = datetime(2026, 1, 1, tzinfo=UTC)
U = "u-1"
DOC = {"basics": {"name": "Ada", "label": "Engineer"}}


async def test_import_json_resume_then_export_it() -> None:
    uow = FakeResumeUnitOfWork()
    file = ImportFile(json.dumps(DOC).encode(), "application/json", title="Mine")
    view = await imports.import_resume(uow, file, user_id=U, now=T0)
    assert view["title"] == "Mine" and view["import"]["format"] == "jsonresume" and len(uow.published) == 1
    body, filename = await imports.export_resume(uow, view["id"], user_id=U, fmt="jsonresume")
    assert body["basics"]["name"] == "Ada" and filename.endswith(".json")
    with pytest.raises(InvalidInput) as exc:
        await imports.export_resume(uow, view["id"], user_id=U, fmt="docx")
    assert exc.value.field == "format"


async def test_unreadable_uploads_are_refused_and_store_nothing() -> None:
    uow = FakeResumeUnitOfWork()
    with pytest.raises(Unsupported):
        await imports.import_resume(uow, ImportFile(b"%PDF-1.7", "application/pdf"), user_id=U, now=T0)
    with pytest.raises(InvalidInput) as exc:
        await imports.import_resume(
            uow, ImportFile(b"cv:\n  name: [oops\n", "application/yaml"), user_id=U, now=T0
        )
    assert "invalid YAML" in exc.value.detail
    assert len(uow.resumes.resumes) == 0 and not uow.published
