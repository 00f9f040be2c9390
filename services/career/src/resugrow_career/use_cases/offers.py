"""Evaluate and compare job offers; plan a counter-offer."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from resugrow_career.commands import CounterCmd, EvaluateOffersCmd, OfferIn
from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.negotiation import CounterInput, Figure, counter_view
from resugrow_career.domain.occupations import Occupation
from resugrow_career.domain.offers import EquityGrant, OfferTerms, OfferTotals, SignOn, evaluate
from resugrow_career.domain.wages import OEWS_NOTE, Area, lookup, position
from resugrow_career.use_cases.occupations import resolve_occupation
from resugrow_career.use_cases.ports import CareerUoW
from resugrow_events import CareerOfferEvaluatedV1


def terms(o: OfferIn) -> OfferTerms:
    return OfferTerms(
        label=o.label,
        base_salary=o.base_salary,
        hourly_rate=o.hourly_rate,
        hours_per_week=o.hours_per_week,
        weeks_per_year=o.weeks_per_year,
        fte=o.fte,
        bonus_target_pct=o.bonus_target_pct,
        bonus_prorated_first_year=o.bonus_prorated_first_year,
        sign_on=SignOn(o.sign_on.amount, o.sign_on.clawback_months, o.sign_on.clawback)
        if o.sign_on
        else None,
        equity=tuple(
            EquityGrant(g.value, g.vesting_years, g.cliff_months, g.frequency, tuple(g.schedule_pct))
            for g in o.equity
        ),
        retirement_match_pct=o.retirement_match_pct,
        annual_raise_pct=o.annual_raise_pct,
        start_date=o.start_date,
    )


def totals_view(t: OfferTotals) -> dict[str, Any]:
    return {
        "label": t.label,
        "annual_base": float(t.annual_base),
        "years": [
            {
                "year": y.year,
                "base": float(y.base),
                "bonus": float(y.bonus),
                "sign_on": float(y.sign_on),
                "equity": float(y.equity),
                "retirement": float(y.retirement),
                "total": float(y.total),
            }
            for y in t.years
        ],
        "total_4y": float(t.total),
        "sign_on_clawback": [{"if_leaving_after_months": m, "repay": float(a)} for m, a in t.clawback],
    }


def market_view(
    catalog: Catalog, occ: Occupation | None, area: Area | None, base: Decimal
) -> dict[str, Any] | None:
    if occ is None:
        return None
    found = lookup(catalog.wages, occ.soc, area)
    if found.row is None:
        return {"available": False, "notes": found.fallbacks}
    pcts = found.row.percentiles("A")
    return {
        "available": True,
        "occupation": {"code": occ.code, "title": occ.title, "soc": found.row.occ_code},
        "area": {"code": found.row.area.code, "title": found.row.area.title},
        "percentiles": {k: c.as_dict() for k, c in pcts.items()},
        "base_position": position(float(base), pcts),
        "notes": found.fallbacks,
    }


def _occupation(catalog: Catalog, code: str | None, title: str | None) -> Occupation | None:
    if not code and not (title and title.strip()):
        return None
    return resolve_occupation(catalog, code=code, title=title)


def compare(catalog: Catalog, cmd: EvaluateOffersCmd) -> dict[str, Any]:
    occ = _occupation(catalog, cmd.occupation, cmd.title)
    default_area = catalog.area(cmd.location)
    items = []
    for i, o in enumerate(cmd.offers):
        t = evaluate(terms(o))
        area = catalog.area(o.location, field=f"offers.{i}.location") if o.location else default_area
        items.append(
            {**totals_view(t), "company": o.company, "market": market_view(catalog, occ, area, t.annual_base)}
        )
    best = max(items, key=lambda x: (x["total_4y"], -items.index(x)))
    for x in items:
        x["vs_best_4y"] = round(x["total_4y"] - best["total_4y"], 2)
    return {"offers": items, "best": best["label"], "market_note": OEWS_NOTE}


async def evaluate_offers(
    uow: CareerUoW,
    cmd: EvaluateOffersCmd,
    *,
    catalog: Catalog,
    user_id: str,
    now: datetime,
    source: str = "api",
    application_id: str | None = None,
) -> dict[str, Any]:
    result = compare(catalog, cmd)
    # Time-ordered ids: the list pages by id alone.
    evaluation_id = f"{now:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
    best = next(x for x in result["offers"] if x["label"] == result["best"])
    market = best.get("market") or {}
    band = (market.get("base_position") or {}).get("band")
    doc = {
        "_id": evaluation_id,
        "user_id": user_id,
        "created_at": now,
        "source": source,
        "application_id": application_id,
        "result": result,
    }
    await uow.evaluations.insert(doc)
    uow.publish(
        CareerOfferEvaluatedV1(
            evaluation_id=evaluation_id,
            source=source,
            offers=len(result["offers"]),
            best_label=best["label"],
            best_total_4y=best["total_4y"],
            occupation_code=(market.get("occupation") or {}).get("code"),
            area_code=(market.get("area") or {}).get("code"),
            market_band=band,
            application_id=application_id,
        ),
        subject=evaluation_id,
        user_id=user_id,
    )
    return {"evaluation_id": evaluation_id, "created_at": now, **result}


def _figure(o: OfferIn, label: str) -> Figure:
    source = {"input": f"{label}.base_salary" if o.base_salary is not None else f"{label}.hourly_rate"}
    amount = o.base_salary if o.base_salary is not None else o.hourly_rate
    assert amount is not None
    return Figure(amount, o.company or o.label, source)


def counter_offer(catalog: Catalog, cmd: CounterCmd) -> dict[str, Any]:
    if cmd.offer.base_salary is None:
        from resugrow_domain.errors import InvalidInput

        raise InvalidInput("A counter-offer is planned on an annual base salary.", field="offer.base_salary")
    occ = resolve_occupation(catalog, code=cmd.occupation, title=cmd.title or cmd.role, field="occupation")
    area = catalog.area(cmd.offer.location or cmd.location)
    found = lookup(catalog.wages, occ.soc, area)
    market = found.row.percentiles("A") if found.row else {}
    competing = [
        _figure(c, f"competing.{i}") for i, c in enumerate(cmd.competing) if c.base_salary is not None
    ]
    ci = CounterInput(
        offer_base=Figure(cmd.offer.base_salary, "your offer", {"input": "offer.base_salary"}),
        company=cmd.offer.company or "the company",
        role=cmd.role or occ.title,
        market=market,
        competing=competing,
        minimum=Figure(cmd.minimum_base, "your minimum", {"input": "minimum_base"})
        if cmd.minimum_base
        else None,
        achievements=list(cmd.achievements),
        tone=cmd.tone,
        candidate_name=cmd.candidate_name,
        recipient_name=cmd.recipient_name,
    )
    return {
        "occupation": {"code": occ.code, "title": occ.title},
        **counter_view(ci),
        "notes": found.fallbacks,
    }


def evaluation_view(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "evaluation_id": doc["_id"],
        "created_at": doc["created_at"],
        "source": doc.get("source"),
        "application_id": doc.get("application_id"),
        **doc["result"],
    }


async def list_evaluations(repos: Any, *, user_id: str, limit: int, cursor: str | None) -> Any:
    from resugrow_domain.pagination import clamp_limit, decode_cursor, page_after

    size = clamp_limit(limit)
    before = (decode_cursor(cursor) or {}).get("id")
    docs = await repos.evaluations.list_for(user_id, limit=size + 1, before=before)
    return page_after([evaluation_view(d) for d in docs], size, lambda v: {"id": v["evaluation_id"]})
