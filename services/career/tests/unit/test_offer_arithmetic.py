"""Offer arithmetic, exact to the cent, on hand-computed cases (worked figures in each comment)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from resugrow_career.domain.offers import EquityGrant, OfferTerms, SignOn, clawback_repayment, evaluate


def offer(**kw: Any) -> OfferTerms:
    kw.setdefault("base_salary", D(100000))
    return OfferTerms(label="x", **kw)


def g(
    value: int, years: int = 4, cliff: int = 12, freq: str = "monthly", sched: tuple[int, ...] = ()
) -> EquityGrant:
    return EquityGrant(D(value), years, cliff, freq, tuple(D(s) for s in sched))


CASES: list[tuple[str, OfferTerms, list[str], str]] = [
    ("base only", offer(), ["100000"] * 4, "400000"),
    ("bonus 10%", offer(bonus_target_pct=D(10)), ["110000"] * 4, "440000"),
    # start 1 July: July..Dec = 6 months -> 10000 * 6/12 = 5000
    (
        "prorated, start on the 1st mid-year",
        offer(bonus_target_pct=D(10), bonus_prorated_first_year=True, start_date=date(2026, 7, 1)),
        ["105000", "110000", "110000", "110000"],
        "435000",
    ),
    # start 15 July: Aug..Dec = 5 months -> 4166.666.. -> 4166.67
    (
        "prorated, mid-month start",
        offer(bonus_target_pct=D(10), bonus_prorated_first_year=True, start_date=date(2026, 7, 15)),
        ["104166.67", "110000", "110000", "110000"],
        "434166.67",
    ),
    (
        "prorated, January 1st start is a full year",
        offer(bonus_target_pct=D(10), bonus_prorated_first_year=True, start_date=date(2026, 1, 1)),
        ["110000"] * 4,
        "440000",
    ),
    (
        "prorated, 15 December start earns no first bonus",
        offer(bonus_target_pct=D(10), bonus_prorated_first_year=True, start_date=date(2026, 12, 15)),
        ["100000", "110000", "110000", "110000"],
        "430000",
    ),
    (
        "prorated, 1 December start earns one month",
        offer(bonus_target_pct=D(10), bonus_prorated_first_year=True, start_date=date(2026, 12, 1)),
        ["100833.33", "110000", "110000", "110000"],
        "430833.33",
    ),
    ("hourly full time 25 x 40 x 52", offer(base_salary=None, hourly_rate=D(25)), ["52000"] * 4, "208000"),
    (
        "hourly part time 25 x 20 x 52",
        offer(base_salary=None, hourly_rate=D(25), hours_per_week=D(20)),
        ["26000"] * 4,
        "104000",
    ),
    (
        "hourly 30.50 x 32 x 50 weeks",
        offer(base_salary=None, hourly_rate=D("30.50"), hours_per_week=D(32), weeks_per_year=D(50)),
        ["48800"] * 4,
        "195200",
    ),
    ("part time 0.6 FTE of 80000", offer(base_salary=D(80000), fte=D("0.6")), ["48000"] * 4, "192000"),
    (
        "0.75 FTE of 90000 with 10% bonus",
        offer(base_salary=D(90000), fte=D("0.75"), bonus_target_pct=D(10)),
        ["74250"] * 4,
        "297000",
    ),
    (
        "sign-on in year 1",
        offer(sign_on=SignOn(D(10000))),
        ["110000", "100000", "100000", "100000"],
        "410000",
    ),
    ("equity 4y monthly, 1y cliff", offer(equity=(g(100000),)), ["125000"] * 4, "500000"),
    ("equity 4y quarterly, 1y cliff", offer(equity=(g(100000, freq="quarterly"),)), ["125000"] * 4, "500000"),
    ("equity 4y annual, 1y cliff", offer(equity=(g(100000, freq="annual"),)), ["125000"] * 4, "500000"),
    ("equity 4y monthly, no cliff", offer(equity=(g(100000, cliff=0),)), ["125000"] * 4, "500000"),
    # vested at month 12 = 12/48 of 120000 = 30000
    (
        "equity quarterly, 6-month cliff",
        offer(equity=(g(120000, cliff=6, freq="quarterly"),)),
        ["130000"] * 4,
        "520000",
    ),
    # 3-year vest: 100000/3 per year = 33333.33; nothing in year 4
    (
        "equity 3y monthly",
        offer(equity=(g(100000, years=3),)),
        ["133333.33", "133333.33", "133333.33", "100000"],
        "499999.99",
    ),
    (
        "back-loaded schedule 5/15/40/40",
        offer(equity=(g(100000, sched=(5, 15, 40, 40)),)),
        ["105000", "115000", "140000", "140000"],
        "500000",
    ),
    (
        "schedule 10/20/30/40",
        offer(equity=(g(100000, sched=(10, 20, 30, 40)),)),
        ["110000", "120000", "130000", "140000"],
        "500000",
    ),
    (
        "two grants, 4y monthly + 2y annual",
        offer(equity=(g(100000), g(40000, years=2, freq="annual"))),
        ["145000", "145000", "125000", "125000"],
        "540000",
    ),
    ("5-year vest shows 4 years of it", offer(equity=(g(100000, years=5),)), ["120000"] * 4, "480000"),
    # 18-month cliff: nothing in year 1; month 24 -> 24/48 = 50000 in year 2
    (
        "18-month cliff",
        offer(equity=(g(100000, cliff=18),)),
        ["100000", "150000", "125000", "125000"],
        "500000",
    ),
    ("retirement match 4%", offer(retirement_match_pct=D(4)), ["104000"] * 4, "416000"),
    (
        "hourly 20 with 6% match: 41600 + 2496",
        offer(base_salary=None, hourly_rate=D(20), retirement_match_pct=D(6)),
        ["44096"] * 4,
        "176384",
    ),
    (
        "3% raises compound",
        offer(annual_raise_pct=D(3)),
        ["100000", "103000", "106090", "109272.70"],
        "418362.70",
    ),
    (
        "3% raises with 10% bonus",
        offer(annual_raise_pct=D(3), bonus_target_pct=D(10)),
        ["110000", "113300", "116699", "120199.97"],
        "460198.97",
    ),
    # year 4: base 69457.50, match 3472.875 -> 3472.88 (half up)
    (
        "5% raises with 5% match",
        offer(base_salary=D(60000), annual_raise_pct=D(5), retirement_match_pct=D(5)),
        ["63000", "66150", "69457.50", "72930.38"],
        "271537.88",
    ),
    # start 1 April: 9 months of 22500 = 16875; year 1 = 150000+16875+25000+50000+6000
    (
        "full package, April start",
        offer(
            base_salary=D(150000),
            bonus_target_pct=D(15),
            bonus_prorated_first_year=True,
            start_date=date(2026, 4, 1),
            sign_on=SignOn(D(25000), 12, "prorated"),
            equity=(g(200000),),
            retirement_match_pct=D(4),
        ),
        ["247875", "228500", "228500", "228500"],
        "933375",
    ),
    (
        "hourly part time with bonus: 18 x 30 x 52",
        offer(base_salary=None, hourly_rate=D(18), hours_per_week=D(30), bonus_target_pct=D(5)),
        ["29484"] * 4,
        "117936",
    ),
    ("hourly 45.25", offer(base_salary=None, hourly_rate=D("45.25")), ["94120"] * 4, "376480"),
    (
        "half time with equity",
        offer(fte=D("0.5"), equity=(g(40000, freq="annual"),)),
        ["60000"] * 4,
        "240000",
    ),
    (
        "bonus 12.5% of 85000",
        offer(base_salary=D(85000), bonus_target_pct=D("12.5")),
        ["95625"] * 4,
        "382500",
    ),
    # start 10 March: April..Dec = 9 months of 8000 = 6000
    (
        "prorated, 10 March start",
        offer(
            base_salary=D(80000),
            bonus_target_pct=D(10),
            bonus_prorated_first_year=True,
            start_date=date(2026, 3, 10),
        ),
        ["86000", "88000", "88000", "88000"],
        "350000",
    ),
    (
        "October start with sign-on",
        offer(
            base_salary=D(120000),
            bonus_target_pct=D(20),
            bonus_prorated_first_year=True,
            start_date=date(2026, 10, 1),
            sign_on=SignOn(D(15000)),
        ),
        ["141000", "144000", "144000", "144000"],
        "573000",
    ),
    (
        "2-year annual vest, no cliff",
        offer(equity=(g(50000, years=2, cliff=0, freq="annual"),)),
        ["125000", "125000", "100000", "100000"],
        "450000",
    ),
    (
        "zero bonus prorated is still zero",
        offer(bonus_prorated_first_year=True, start_date=date(2026, 6, 20)),
        ["100000"] * 4,
        "400000",
    ),
    (
        "2% raises on hourly pay",
        offer(base_salary=None, hourly_rate=D(20), annual_raise_pct=D(2)),
        ["41600", "42432", "43280.64", "44146.25"],
        "171458.89",
    ),
    (
        "even schedule with cliff",
        offer(equity=(g(200000, sched=(25, 25, 25, 25)),)),
        ["150000"] * 4,
        "600000",
    ),
]


@pytest.mark.parametrize(("name", "terms", "years", "total"), CASES, ids=[c[0] for c in CASES])
def test_offer_totals(name: str, terms: OfferTerms, years: list[str], total: str) -> None:
    result = evaluate(terms)
    assert [y.total for y in result.years] == [D(y) for y in years]
    assert result.total == D(total)


CLAWBACKS = [
    (SignOn(D(20000), 12, "full"), 0, "20000"),
    (SignOn(D(20000), 12, "full"), 11, "20000"),
    (SignOn(D(20000), 12, "full"), 12, "0"),
    (SignOn(D(24000), 12, "prorated"), 3, "18000"),
    (SignOn(D(24000), 12, "prorated"), 6, "12000"),
    (SignOn(D(24000), 12, "prorated"), 9, "6000"),
    (SignOn(D(24000), 12, "prorated"), 12, "0"),
    # 19 of 24 months unserved: 10000 * 19/24 = 7916.666.. -> 7916.67
    (SignOn(D(10000), 24, "prorated"), 5, "7916.67"),
    (SignOn(D(5000), 0, "full"), 0, "0"),
]


@pytest.mark.parametrize(("sign_on", "months", "repay"), CLAWBACKS)
def test_clawback_repayment(sign_on: SignOn, months: int, repay: str) -> None:
    assert clawback_repayment(sign_on, months) == D(repay)


def test_clawback_schedule_in_evaluation() -> None:
    full = evaluate(offer(sign_on=SignOn(D(5000), 6, "full")))
    assert full.clawback == [(0, D(5000)), (3, D(5000))]
    prorated = evaluate(offer(sign_on=SignOn(D(8000), 4, "prorated")))
    assert prorated.clawback == [(0, D(8000)), (1, D(6000)), (2, D(4000)), (3, D(2000))]
