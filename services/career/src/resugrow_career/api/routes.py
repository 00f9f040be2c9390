"""HTTP API of the career service: thin routes, one use case each."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from resugrow_career.adapters.unit_of_work import CareerUnitOfWork
from resugrow_career.api.deps import Json, RuntimeDep, UserDep
from resugrow_career.commands import CounterCmd, EvaluateOffersCmd, PathsCmd, ResumeFacts
from resugrow_career.use_cases import guides, occupations, offers, paths, summary
from resugrow_domain.errors import NotFound
from resugrow_platform import UnitOfWork

router = APIRouter(tags=["career"])
Location = Annotated[
    str | None, Query(max_length=120, description="state (TX), OEWS area code or metro name")
]


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = None


@router.get("/v1/career/occupations", operation_id="search_career_occupations", response_model=Json)
async def search(
    rt: RuntimeDep,
    user: UserDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> Json:
    return occupations.search_occupations(rt.catalog, q=q, limit=limit)


@router.post("/v1/career/occupations/match", operation_id="match_career_resume", response_model=Json)
async def match_resume(body: ResumeFacts, rt: RuntimeDep, user: UserDep) -> Json:
    return occupations.match_from_resume(rt.catalog, resume=body)


@router.get("/v1/career/occupations/{code}", operation_id="get_career_occupation", response_model=Json)
async def get_occupation(code: str, rt: RuntimeDep, user: UserDep, location: Location = None) -> Json:
    return occupations.get_occupation(rt.catalog, code=code, location=location)


@router.post("/v1/career/paths", operation_id="plan_career_paths", response_model=Json)
async def plan(body: PathsCmd, rt: RuntimeDep, user: UserDep) -> Json:
    return await paths.plan_paths(rt.reads(), body, catalog=rt.catalog, user_id=user.user_id)


@router.post("/v1/career/offers/evaluate", operation_id="evaluate_career_offers", response_model=Json)
async def evaluate(body: EvaluateOffersCmd, rt: RuntimeDep, user: UserDep) -> Json:
    now = rt.clock()

    async def work(uow: UnitOfWork) -> Json:
        return await offers.evaluate_offers(
            CareerUnitOfWork(uow), body, catalog=rt.catalog, user_id=user.user_id, now=now
        )

    return await rt.platform.transact(work)


@router.get("/v1/career/offers/evaluations", operation_id="list_offer_evaluations", response_model=PageOut)
async def list_evaluations(
    rt: RuntimeDep, user: UserDep, limit: Annotated[int, Query(ge=1, le=200)] = 50, cursor: str | None = None
) -> PageOut:
    page = await offers.list_evaluations(rt.reads(), user_id=user.user_id, limit=limit, cursor=cursor)
    return PageOut(items=page.items, next_cursor=page.next_cursor)


@router.get(
    "/v1/career/offers/evaluations/{evaluation_id}", operation_id="get_offer_evaluation", response_model=Json
)
async def get_evaluation(evaluation_id: str, rt: RuntimeDep, user: UserDep) -> Json:
    doc = await rt.reads().evaluations.get(user.user_id, evaluation_id)
    if doc is None:
        raise NotFound("No such offer evaluation.")
    return offers.evaluation_view(doc)


@router.post("/v1/career/offers/counter", operation_id="counter_career_offer", response_model=Json)
async def counter(body: CounterCmd, rt: RuntimeDep, user: UserDep) -> Json:
    return offers.counter_offer(rt.catalog, body)


@router.get("/v1/career/guides/skills", operation_id="get_career_skills_guide", response_model=Json)
async def skills_guide(
    rt: RuntimeDep, user: UserDep, occupation: Annotated[str, Query(min_length=1, max_length=200)]
) -> Json:
    return guides.get_skills_guide(rt.catalog, occupation=occupation)


@router.get("/v1/career/summary", operation_id="get_career_summary", response_model=Json)
async def career_summary(rt: RuntimeDep, user: UserDep) -> Json:
    return await summary.career_summary(rt.reads(), catalog=rt.catalog, user_id=user.user_id)


@router.get("/v1/glossary", operation_id="list_glossary_terms", response_model=PageOut)
async def glossary(
    rt: RuntimeDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> PageOut:
    page = guides.list_glossary(rt.glossary, q=q, limit=limit, cursor=cursor)
    return PageOut(items=page.items, next_cursor=page.next_cursor)


@router.get("/v1/glossary/{slug}", operation_id="get_glossary_term", response_model=Json)
async def glossary_term(slug: str, rt: RuntimeDep) -> Json:
    return guides.get_glossary_term(rt.glossary, slug=slug)
