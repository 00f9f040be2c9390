"""Import, export, report and clipping on in-memory repositories."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from resugrow_domain import InvalidInput, TooLarge, Unsupported
from resugrow_events import ApplicationCreatedV1
from resugrow_tracker.commands import ClipIn, ExportFilter, ImportRequest, ReportFilter
from resugrow_tracker.domain.clipping import MAX_CLIP_BYTES
from resugrow_tracker.use_cases import transfer as uc

from ..fakes import FakeTrackerUnitOfWork

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
U = "user-1"
CSV = (
    b"Company,Title,Status,Date Applied,Contact,Notes\n"
    b"Northwind,Backend Engineer,Interviewing,2026-01-05,Jane Roe,Great team\n"
    b"Contoso,Data Engineer,Applied,2026-01-10,,\n"
)
CLIPS = Path(__file__).parent.parent / "fixtures" / "clipping"


async def _import(uow: FakeTrackerUnitOfWork, content: bytes = CSV, **kw: object) -> dict[str, object]:
    plan = await uc.plan_import(ImportRequest(content=content, **kw), now=NOW)  # type: ignore[arg-type]
    return await uc.import_applications(uow, plan, user_id=U, now=NOW, dry_run=bool(kw.get("dry_run")))


async def test_import_stores_applications_children_and_events_and_skips_them_next_time() -> None:
    uow = FakeTrackerUnitOfWork()
    dry = await _import(uow, dry_run=True)
    assert dry["would_create"] == 2 and dry["created"] == 0 and len(uow.applications.col) == 0
    first = await _import(uow)
    assert first["created"] == 2 and len(first["application_ids"]) == 2  # type: ignore[arg-type]
    assert len(uow.events(ApplicationCreatedV1)) == 2 and U in uow.touched
    assert [c["name"] for c in uow.contacts.col] == ["Jane Roe"]
    assert [n["text"] for n in uow.notes.col] == ["Great team"]
    again = await _import(uow)
    assert again["created"] == 0 and again["skipped_existing"] == 2


async def test_import_options_and_bad_files_are_refused_before_any_transaction() -> None:
    with pytest.raises(InvalidInput):
        await uc.plan_import(ImportRequest(content=CSV, date_order="YMD"), now=NOW)
    with pytest.raises(InvalidInput):
        await uc.plan_import(ImportRequest(content=CSV, default_stage="limbo"), now=NOW)
    with pytest.raises(Unsupported):
        await uc.plan_import(ImportRequest(content=b"%PDF-1.4 ..."), now=NOW)
    with pytest.raises(InvalidInput) as err:
        await uc.plan_import(ImportRequest(content=b"Company,Title\n,Engineer\n"), now=NOW)
    assert err.value.errors[0].row == 2


async def test_export_csv_and_json_by_stage_and_the_report() -> None:
    uow = FakeTrackerUnitOfWork()
    await _import(uow)
    kind, payload = await uc.export_applications(
        uow, ExportFilter(format="json", stage=["applied"]), user_id=U
    )
    assert kind == "json" and [a["company"] for a in payload["applications"]] == ["Contoso"]
    kind, text = await uc.export_applications(uow, ExportFilter(), user_id=U)
    assert kind == "csv" and "Northwind" in text and "Contoso" in text
    with pytest.raises(InvalidInput):
        await uc.export_applications(uow, ExportFilter(format="xml"), user_id=U)
    html = await uc.report_html(uow, ReportFilter(owner="Sam Doe"), user_id=U, now=NOW)
    assert "Sam Doe" in html and "Jane Roe" in html


async def test_clip_extracts_then_saves_an_application() -> None:
    uow = FakeTrackerUnitOfWork()
    page = (CLIPS / "jsonld_basic.html").read_text()
    job = await uc.extract_clip(ClipIn(html=page))
    out = await uc.save_clip(uow, ClipIn(html=page, save=True), job, user_id=U, now=NOW)
    assert out["application"]["company"] == "Northwind Traders" and out["clip"]["title"]
    assert len(uow.events(ApplicationCreatedV1)) == 1


async def test_clip_refuses_huge_pages_and_pages_without_a_company() -> None:
    with pytest.raises(TooLarge):
        await uc.extract_clip(
            ClipIn.model_construct(html="x" * (MAX_CLIP_BYTES + 1), url=None, save=False, stage="saved")
        )
    page = (CLIPS / "headings_only.html").read_text()
    job = await uc.extract_clip(ClipIn(html=page))
    with pytest.raises(InvalidInput) as err:
        await uc.save_clip(FakeTrackerUnitOfWork(), ClipIn(html=page, save=True), job, user_id=U, now=NOW)
    assert err.value.extra["missing"] == ["company"]


def test_draft_doc_keeps_the_natural_key_so_a_reimport_is_skipped() -> None:
    from resugrow_tracker.domain.importing import parse_import

    plan = parse_import(CSV, now=NOW)
    doc = uc.draft_doc(plan.drafts[0], user_id=U, now=NOW)
    assert doc["natural_key"] == plan.drafts[0].key() and doc["user_id"] == U and doc["deleted"] is False
