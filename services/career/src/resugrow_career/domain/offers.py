"""Offer arithmetic: total compensation per employment year (years 1-4) and in total.

Rules (all money in Decimal, rounded to cents once per component and year):
- Base: salary x FTE, or hourly rate x hours a week x weeks a year; raised by `annual_raise_pct`
  (compounded) from year 2.
- Bonus: target % of that year's base. When `bonus_prorated_first_year`, the year-1 bonus covers
  only the whole months left in the start's calendar year (a start on the 1st counts its month).
- Sign-on: paid in year 1. Clawback: leaving before `clawback_months` repays all of it
  (`full`) or the unserved share, months_left / clawback_months (`prorated`).
- Equity: grant value (at grant) vests over `vesting_years`; nothing before `cliff_months`, then
  everything accrued; afterwards per `frequency` (monthly 1, quarterly 3, annual 12 months), or
  by explicit yearly percentages (`schedule_pct`).
- Retirement: employer match % of that year's base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
YEARS = 4
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


def money(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class EquityGrant:
    value: Decimal
    vesting_years: int = 4
    cliff_months: int = 12
    frequency: str = "monthly"
    schedule_pct: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class SignOn:
    amount: Decimal
    clawback_months: int = 0
    clawback: str = "full"  # full | prorated


@dataclass(frozen=True)
class OfferTerms:
    label: str
    base_salary: Decimal | None = None
    hourly_rate: Decimal | None = None
    hours_per_week: Decimal = Decimal(40)
    weeks_per_year: Decimal = Decimal(52)
    fte: Decimal = Decimal(1)
    bonus_target_pct: Decimal = Decimal(0)
    bonus_prorated_first_year: bool = False
    sign_on: SignOn | None = None
    equity: tuple[EquityGrant, ...] = ()
    retirement_match_pct: Decimal = Decimal(0)
    annual_raise_pct: Decimal = Decimal(0)
    start_date: date | None = None


@dataclass(frozen=True)
class YearTotal:
    year: int
    base: Decimal
    bonus: Decimal
    sign_on: Decimal
    equity: Decimal
    retirement: Decimal

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus + self.sign_on + self.equity + self.retirement


@dataclass(frozen=True)
class OfferTotals:
    label: str
    annual_base: Decimal
    years: list[YearTotal] = field(default_factory=list)
    clawback: list[tuple[int, Decimal]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((y.total for y in self.years), Decimal(0))


def annual_base(o: OfferTerms) -> Decimal:
    if o.hourly_rate is not None:
        return money(o.hourly_rate * o.hours_per_week * o.weeks_per_year)
    return money((o.base_salary or Decimal(0)) * o.fte)


def base_in_year(o: OfferTerms, year: int) -> Decimal:
    raise_factor = (1 + o.annual_raise_pct / 100) ** (year - 1)
    return money(annual_base(o) * raise_factor)


def first_year_bonus_months(start: date | None) -> int:
    if start is None:
        return 12
    return 12 - start.month + (1 if start.day == 1 else 0)


def bonus_in_year(o: OfferTerms, year: int) -> Decimal:
    full = base_in_year(o, year) * o.bonus_target_pct / 100
    if year == 1 and o.bonus_prorated_first_year:
        return money(full * first_year_bonus_months(o.start_date) / 12)
    return money(full)


def vested_fraction(g: EquityGrant, month: int) -> Decimal:
    """Share of the grant vested after `month` months of service."""
    total_months = g.vesting_years * 12
    if month < g.cliff_months or month <= 0:
        return Decimal(0)
    if g.schedule_pct:
        whole_years = min(month // 12, len(g.schedule_pct))
        return sum(g.schedule_pct[:whole_years], Decimal(0)) / 100
    step = FREQUENCY_MONTHS[g.frequency]
    vested_months = min(month - month % step, total_months)
    return Decimal(vested_months) / Decimal(total_months)


def equity_in_year(o: OfferTerms, year: int) -> Decimal:
    total = Decimal(0)
    for g in o.equity:
        total += money(g.value * (vested_fraction(g, 12 * year) - vested_fraction(g, 12 * (year - 1))))
    return total


def clawback_repayment(s: SignOn, months_served: int) -> Decimal:
    if months_served >= s.clawback_months:
        return Decimal(0)
    if s.clawback == "prorated":
        return money(s.amount * (s.clawback_months - months_served) / s.clawback_months)
    return money(s.amount)


def evaluate(o: OfferTerms) -> OfferTotals:
    years = []
    for y in range(1, YEARS + 1):
        base = base_in_year(o, y)
        years.append(
            YearTotal(
                year=y,
                base=base,
                bonus=bonus_in_year(o, y),
                sign_on=money(o.sign_on.amount) if (o.sign_on and y == 1) else Decimal(0),
                equity=equity_in_year(o, y),
                retirement=money(base * o.retirement_match_pct / 100),
            )
        )
    clawback: list[tuple[int, Decimal]] = []
    if o.sign_on and o.sign_on.clawback_months > 0:
        step = 3 if o.sign_on.clawback_months >= 6 else 1
        for m in range(0, o.sign_on.clawback_months, step):
            clawback.append((m, clawback_repayment(o.sign_on, m)))
    return OfferTotals(o.label, annual_base(o), years, clawback)
