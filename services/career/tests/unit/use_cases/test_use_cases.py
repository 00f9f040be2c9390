"""Every career use case on in-memory fakes: what a user would notice."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from resugrow_career.adapters.data_files import load_glossary
from resugrow_career.commands import CounterCmd, EvaluateOffersCmd, OfferIn, PathsCmd, ResumeFacts
from resugrow_career.domain.catalog import Catalog
from resugrow_career.runtime import load_catalog
from resugrow_career.use_cases import events, guides, occupations, offers, paths, summary
from resugrow_domain.errors import InvalidInput, NotFound
from resugrow_events import ApplicationStageChangedV1, CareerOfferEvaluatedV1, ResumeUpdatedV1
from resugrow_testing.fakes import run_fake


def _load_fakes() -> Any:
    # Loaded under a service-specific name: every service has a tests/unit/fakes.py.
    spec = importlib.util.spec_from_file_location("career_unit_fakes", Path(__file__).parents[1] / "fakes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FakeCareerUoW = _load_fakes().FakeCareerUoW

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def test_search_reports_seniority_corrections_and_alternatives(cat: Catalog) -> None:
    out = occupations.search_occupations(cat, q="Senior Sofware Engineer", limit=5)
    assert out["best"]["code"] == "15-1252.00"
    assert out["seniority"] == ["senior"] and out["corrections"]
    assert out["best"]["evidence"]["matched_title"] and len(out["alternatives"]) == 4
    with pytest.raises(InvalidInput):
        occupations.search_occupations(cat, q="  ")


def test_profile_has_local_and_national_wages_with_sources(cat: Catalog) -> None:
    out = occupations.get_occupation(cat, code="29-1141", location="TX")
    assert out["code"] == "29-1141.00" and out["job_zone"] and out["top_skills"] and out["hot_technologies"]
    local = out["wages"]["local"]
    assert local["area"]["title"] == "Texas" and local["annual"]["median"]["source"]["column"] == "A_MEDIAN"
    assert "exclude bonuses" in out["wage_note"]
    with pytest.raises(NotFound):
        occupations.get_occupation(cat, code="99-9999.99", location=None)
    with pytest.raises(InvalidInput):
        occupations.get_occupation(cat, code="29-1141.00", location="Atlantis")


def test_resume_match_uses_titles_and_skills(cat: Catalog) -> None:
    out = occupations.match_from_resume(
        cat, resume=ResumeFacts(titles=["Data Scientist", "Data Analyst"], skills=["Python", "SQL"])
    )
    assert out["best"]["code"] == "15-2051.00" and "Python" in out["best"]["evidence"]["skills"]
    with pytest.raises(InvalidInput):
        occupations.match_from_resume(cat, resume=ResumeFacts(titles=[], skills=["Python"]))


async def test_paths_are_ranked_deterministic_and_explained(cat: Catalog) -> None:
    uow = FakeCareerUoW()
    cmd = PathsCmd(title="software developer", skills=["Python"], location="CA", goals=["higher_pay"])
    a = await paths.plan_paths(uow, cmd, catalog=cat, user_id="u1")
    b = await paths.plan_paths(uow, cmd, catalog=cat, user_id="u1")
    assert a == b and a["ranking"]["formula"] and a["ranking"]["weights"]["wage_gain"] == pytest.approx(0.45)
    top = a["next_roles"][0]
    assert {1, 2} >= {r["steps"] for r in a["next_roles"] + a["lateral_moves"]}
    assert any(r["steps"] == 2 for r in a["next_roles"] + a["lateral_moves"])
    assert top["why_related"] and "lack" in top["gaps"] and top["links"]["skills_guide"].endswith(top["code"])
    scores = [r["score"] for r in a["next_roles"]]
    assert scores == sorted(scores, reverse=True)


async def test_paths_fall_back_to_the_stored_resume(cat: Catalog) -> None:
    uow = FakeCareerUoW()
    with pytest.raises(InvalidInput):
        await paths.plan_paths(uow, PathsCmd(), catalog=cat, user_id="u2")
    payload = ResumeUpdatedV1(
        resume_id="r1",
        version=1,
        positions=[{"title": "Registered Nurse"}],
        skills=["Epic"],
        text="x",
        updated_at=NOW,
    )
    await run_fake(uow, lambda u: events.record_resume(u, payload, catalog=cat, user_id="u2", now=NOW))
    out = await paths.plan_paths(uow, PathsCmd(), catalog=cat, user_id="u2")
    assert out["from"]["code"].startswith("29-1141")


def _offer(**kw: object) -> OfferIn:
    return OfferIn.model_validate({"label": "A", "base_salary": 120000, **kw})


async def test_evaluate_offers_stores_publishes_and_compares(cat: Catalog) -> None:
    uow = FakeCareerUoW()
    cmd = EvaluateOffersCmd(
        offers=[_offer(), _offer(label="B", base_salary=110000, sign_on={"amount": 30000})],
        title="accountant",
        location="NY",
    )
    out = await run_fake(uow, lambda u: offers.evaluate_offers(u, cmd, catalog=cat, user_id="u3", now=NOW))
    assert out["best"] == "A" and out["offers"][1]["vs_best_4y"] == -10000.0
    assert out["offers"][0]["market"]["base_position"]["band"] and "exclude bonuses" in out["market_note"]
    [event] = uow.events(CareerOfferEvaluatedV1)
    assert event.best_label == "A" and event.best_total_4y == 480000.0
    page = await offers.list_evaluations(uow, user_id="u3", limit=10, cursor=None)
    assert [x["evaluation_id"] for x in page.items] == [out["evaluation_id"]]


def test_offer_needs_exactly_one_pay_figure() -> None:
    with pytest.raises(ValueError):
        OfferIn(label="x")
    with pytest.raises(ValueError):
        OfferIn(label="x", base_salary=Decimal(1), hourly_rate=Decimal(1))


def test_counter_plan_orders_anchor_target_walk_away(cat: Catalog) -> None:
    cmd = CounterCmd(
        offer=_offer(company="Acme"),
        competing=[_offer(label="B", company="Beta", base_salary=125000)],
        minimum_base=Decimal(115000),
        title="software developer",
        location="TX",
        tone="collaborative",
    )
    out = offers.counter_offer(cat, cmd)
    plan = out["plan"]
    assert plan["anchor"]["amount"] >= plan["target"]["amount"] >= plan["walk_away"]["amount"] == 115000
    assert plan["target"]["source"].get("column") or plan["target"]["source"].get("input")
    assert "Would a base" in " ".join(out["script"]) and out["email"]["subject"]
    with pytest.raises(InvalidInput):
        offers.counter_offer(
            cat, CounterCmd(offer=OfferIn(label="h", hourly_rate=Decimal(20)), title="cashier")
        )


async def test_offer_stage_prepares_an_evaluation_once(cat: Catalog) -> None:
    uow = FakeCareerUoW()
    moved = ApplicationStageChangedV1(
        application_id="a1",
        from_stage="interview",
        to_stage="offer",
        source="user",
        moved_at=NOW,
        company="Acme",
        role="Registered Nurse",
        salary_min=80000,
        salary_max=90000,
    )
    out = await run_fake(
        uow, lambda u: events.prepare_offer_evaluation(u, moved, catalog=cat, user_id="u4", now=NOW)
    )
    assert out and out["offers"][0]["annual_base"] == 90000.0 and out["offers"][0]["market"]["available"]
    assert uow.events(CareerOfferEvaluatedV1)[0].application_id == "a1"
    other = moved.model_copy(update={"to_stage": "applied"})
    assert await events.prepare_offer_evaluation(uow, other, catalog=cat, user_id="u4", now=NOW) is None
    no_salary = moved.model_copy(update={"salary_min": None, "salary_max": None})
    assert await events.prepare_offer_evaluation(uow, no_salary, catalog=cat, user_id="u4", now=NOW) is None
    hourly = moved.model_copy(update={"salary_max": 40, "salary_period": "hour"})
    res = await events.prepare_offer_evaluation(uow, hourly, catalog=cat, user_id="u4", now=NOW)
    assert res and res["offers"][0]["annual_base"] == 83200.0
    remote = moved.model_copy(update={"location": "Remote"})
    res = await events.prepare_offer_evaluation(uow, remote, catalog=cat, user_id="u4", now=NOW)
    assert res and res["offers"][0]["market"]["area"]["code"] == "99"
    monthly = moved.model_copy(update={"salary_period": "month"})
    assert await events.prepare_offer_evaluation(uow, monthly, catalog=cat, user_id="u4", now=NOW) is None


async def test_variant_resumes_do_not_replace_the_profile(cat: Catalog) -> None:
    uow = FakeCareerUoW()
    p = ResumeUpdatedV1(
        resume_id="r1", version=2, is_variant=True, positions=[{"title": "Chef"}], text="x", updated_at=NOW
    )
    await events.record_resume(uow, p, catalog=cat, user_id="u5", now=NOW)
    assert await uow.profiles.get("u5") is None


def _resume(version: int, title: str, **kw: Any) -> ResumeUpdatedV1:
    return ResumeUpdatedV1(
        resume_id="r1", version=version, positions=[{"title": title}], text="x", updated_at=NOW, **kw
    )


async def test_an_older_version_after_a_newer_one_leaves_the_profile(cat: Catalog) -> None:
    uow = FakeCareerUoW()
    await events.record_resume(uow, _resume(3, "Accountant"), catalog=cat, user_id="u7", now=NOW)
    await events.record_resume(uow, _resume(2, "Chef"), catalog=cat, user_id="u7", now=NOW)
    profile = await uow.profiles.get("u7")
    assert profile is not None and profile["version"] == 3 and profile["titles"] == ["Accountant"]


async def test_an_edit_that_keeps_titles_and_skills_reuses_the_match(
    cat: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    uow = FakeCareerUoW()
    await events.record_resume(
        uow, _resume(1, "Accountant", skills=["Excel"]), catalog=cat, user_id="u8", now=NOW
    )
    first = await uow.profiles.get("u8")

    def no_match(*_: object, **__: object) -> None:
        raise AssertionError("matched again although titles and skills are unchanged")

    monkeypatch.setattr(events, "match_resume", no_match)
    await events.record_resume(
        uow, _resume(2, "Accountant", skills=["Excel"]), catalog=cat, user_id="u8", now=NOW
    )
    second = await uow.profiles.get("u8")
    assert first is not None and second == first and second["occupation"] == "13-2011.00"
    monkeypatch.undo()
    await events.record_resume(
        uow, _resume(3, "Registered Nurse", skills=["Epic"]), catalog=cat, user_id="u8", now=NOW
    )
    third = await uow.profiles.get("u8")
    assert third is not None and third["occupation"].startswith("29-1141")


async def test_summary_shows_next_role_and_latest_offer(cat: Catalog) -> None:
    uow = FakeCareerUoW()
    assert (await summary.career_summary(uow, catalog=cat, user_id="u6"))["latest_offer"] is None
    p = ResumeUpdatedV1(
        resume_id="r1", version=1, positions=[{"title": "Accountant"}], skills=[], text="x", updated_at=NOW
    )
    await events.record_resume(uow, p, catalog=cat, user_id="u6", now=NOW)
    cmd = EvaluateOffersCmd(offers=[_offer()], title="accountant")
    await offers.evaluate_offers(uow, cmd, catalog=cat, user_id="u6", now=NOW)
    out = await summary.career_summary(uow, catalog=cat, user_id="u6")
    assert out["occupation"]["code"] == "13-2011.00" and out["suggested_next_role"]["title"]
    assert out["latest_offer"]["market_position"]["band"]


def test_skills_guide_ranks_by_importance_and_hot_flags(cat: Catalog) -> None:
    out = guides.get_skills_guide(cat, occupation="15-1252.00")
    imps = [s["importance"] for s in out["skills"]]
    assert imps == sorted(imps, reverse=True) and out["technologies"][0]["hot_technology"]
    assert out["resume_keywords"] and len(out["bullet_patterns"]) == 3 and "O*NET" in out["attribution"]
    assert guides.get_skills_guide(cat, occupation="registered nurse")["occupation"]["code"] == "29-1141.00"
    with pytest.raises(InvalidInput):
        guides.get_skills_guide(cat, occupation=" ")


def test_glossary_has_150_terms_search_and_paging() -> None:
    terms = load_glossary()
    assert len(terms) >= 150 and all(
        t["definition"] and len(t["key_takeaways"]) >= 2 and t["tools"] for t in terms
    )
    hits = guides.list_glossary(terms, q="vesting", limit=50, cursor=None).items
    assert hits[0]["slug"] in ("vesting-cliff", "vesting-schedule")
    first = guides.list_glossary(terms, q=None, limit=100, cursor=None)
    second = guides.list_glossary(terms, q=None, limit=100, cursor=first.next_cursor)
    assert first.next_cursor and not {t["slug"] for t in first.items} & {t["slug"] for t in second.items}
    assert guides.get_glossary_term(terms, slug="star-method")["term"] == "STAR method"
    with pytest.raises(NotFound):
        guides.get_glossary_term(terms, slug="nope")
