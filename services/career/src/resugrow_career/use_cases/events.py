"""Reactions to other services' events: resume facts, offers reached in the tracker."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from resugrow_career.commands import EvaluateOffersCmd, OfferIn
from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.profile import match_resume
from resugrow_career.use_cases.offers import evaluate_offers
from resugrow_career.use_cases.ports import CareerUoW
from resugrow_events import ApplicationStageChangedV1, ResumeUpdatedV1

HOURLY = {"hour", "hourly", "h", "hr"}


async def record_resume(
    uow: CareerUoW, payload: ResumeUpdatedV1, *, catalog: Catalog, user_id: str, now: datetime
) -> None:
    """Keep the latest master resume's titles, skills and best-matching occupation."""
    if payload.is_variant:
        return
    titles = [p.get("title") or "" for p in payload.positions if p.get("title")]
    if not titles and payload.headline:
        titles = [payload.headline]
    kept_titles, kept_skills = titles[:10], list(payload.skills)[:200]
    stored = await uow.profiles.get(user_id)
    same_resume = stored is not None and stored.get("resume_id") == payload.resume_id
    if same_resume and stored is not None and int(stored.get("version") or 0) >= payload.version:
        # A redelivery, or an older version after a newer one (a resume's events keep their order
        # on its partition, so this is a replay): the profile already holds something as new.
        return
    if (
        same_resume
        and stored is not None
        and stored.get("titles") == kept_titles
        and stored.get("skills") == kept_skills
        and len(titles) <= 10
        and len(payload.skills) <= 200
    ):
        # Most edits touch neither titles nor skills (a phone number, a bullet): the profile
        # and its match would come out the same, and the match is most of this handler's CPU.
        # Nothing is written: `version` stays the one these facts were first seen in.
        return
    match = (
        match_resume(catalog, titles, list(payload.skills)) if titles else {"best": None, "alternatives": []}
    )
    best = match["best"]
    await uow.profiles.upsert(
        user_id,
        {
            "resume_id": payload.resume_id,
            "version": payload.version,
            "titles": kept_titles,
            "skills": kept_skills,
            "occupation": best["code"] if best else None,
            "match": match,
            "updated_at": now,
        },
    )


def _known_area(catalog: Catalog, location: str) -> bool:
    try:
        return catalog.areas.resolve(location) is not None
    except LookupError:
        return False


def offer_from_application(p: ApplicationStageChangedV1) -> OfferIn | None:
    """A USD yearly or hourly salary becomes an offer; other periods are not converted (no guessing)."""
    amount = p.salary_max or p.salary_min
    if amount is None or (p.salary_currency and p.salary_currency.upper() != "USD"):
        return None
    period = (p.salary_period or "year").lower()
    label = p.company or "Offer"
    if period in HOURLY:
        return OfferIn(label=label, company=p.company, hourly_rate=Decimal(str(amount)), location=p.location)
    if period in ("year", "annual", "yearly"):
        return OfferIn(label=label, company=p.company, base_salary=Decimal(str(amount)), location=p.location)
    return None


async def prepare_offer_evaluation(
    uow: CareerUoW, payload: ApplicationStageChangedV1, *, catalog: Catalog, user_id: str, now: datetime
) -> dict[str, Any] | None:
    """An application reached `offer`: evaluate it from the salary it carries (USD only)."""
    if payload.to_stage != "offer" or payload.from_stage == "offer":
        return None
    offer = offer_from_application(payload)
    if offer is None:
        return None
    if offer.location and not _known_area(catalog, offer.location):
        offer = offer.model_copy(update={"location": None})  # e.g. "Remote": compare nationally
    title = payload.role if payload.role and catalog.index.match(payload.role, limit=1).hits else None
    cmd = EvaluateOffersCmd(offers=[offer], title=title)
    try:
        return await evaluate_offers(
            uow,
            cmd,
            catalog=catalog,
            user_id=user_id,
            now=now,
            source="tracker",
            application_id=payload.application_id,
        )
    except ValueError:
        return None
