"""Inputs of the career use cases (the API imports these; they import nothing of the API)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Goal = Literal["higher_pay", "less_retraining", "stay_in_field"]
Money = Decimal


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ResumeFacts(_In):
    titles: list[str] = Field(default_factory=list, max_length=20, description="most recent first")
    skills: list[str] = Field(default_factory=list, max_length=200)


class PathsCmd(_In):
    title: str | None = Field(default=None, max_length=200)
    occupation: str | None = Field(default=None, max_length=12, description="O*NET-SOC code, e.g. 15-1252.00")
    resume: ResumeFacts | None = None
    skills: list[str] = Field(default_factory=list, max_length=200)
    location: str | None = Field(
        default=None, max_length=120, description="state (TX), OEWS area code or metro name"
    )
    goals: list[Goal] = Field(default_factory=list)
    limit: int = Field(default=10, ge=1, le=50)


class SignOnIn(_In):
    amount: Money = Field(ge=0)
    clawback_months: int = Field(default=0, ge=0, le=60)
    clawback: Literal["full", "prorated"] = "full"


class EquityIn(_In):
    value: Money = Field(ge=0, description="grant value in USD at grant")
    vesting_years: int = Field(default=4, ge=1, le=10)
    cliff_months: int = Field(default=12, ge=0, le=60)
    frequency: Literal["monthly", "quarterly", "annual"] = "monthly"
    schedule_pct: list[Money] = Field(
        default_factory=list, description="explicit % per year, e.g. [5,15,40,40]"
    )

    @model_validator(mode="after")
    def _schedule(self) -> EquityIn:
        if self.schedule_pct and sum(self.schedule_pct) != 100:
            raise ValueError("schedule_pct must add up to 100")
        return self


class OfferIn(_In):
    label: str = Field(default="Offer", min_length=1, max_length=80)
    company: str | None = Field(default=None, max_length=120)
    base_salary: Money | None = Field(default=None, gt=0, le=100_000_000)
    hourly_rate: Money | None = Field(default=None, gt=0, le=100_000)
    hours_per_week: Money = Field(default=Decimal(40), gt=0, le=80)
    weeks_per_year: Money = Field(default=Decimal(52), gt=0, le=52)
    fte: Money = Field(default=Decimal(1), gt=0, le=1)
    bonus_target_pct: Money = Field(default=Decimal(0), ge=0, le=500)
    bonus_prorated_first_year: bool = False
    sign_on: SignOnIn | None = None
    equity: list[EquityIn] = Field(default_factory=list, max_length=10)
    retirement_match_pct: Money = Field(default=Decimal(0), ge=0, le=100)
    annual_raise_pct: Money = Field(default=Decimal(0), ge=0, le=50)
    start_date: date | None = None
    location: str | None = Field(default=None, max_length=120)

    @model_validator(mode="after")
    def _pay(self) -> OfferIn:
        if (self.base_salary is None) == (self.hourly_rate is None):
            raise ValueError("give exactly one of base_salary or hourly_rate")
        return self


class EvaluateOffersCmd(_In):
    offers: list[OfferIn] = Field(min_length=1, max_length=6)
    occupation: str | None = Field(default=None, max_length=12)
    title: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=120)


class CounterCmd(_In):
    offer: OfferIn
    competing: list[OfferIn] = Field(default_factory=list, max_length=5)
    minimum_base: Money | None = Field(default=None, gt=0, le=100_000_000)
    occupation: str | None = Field(default=None, max_length=12)
    title: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=120)
    achievements: list[str] = Field(
        default_factory=list, max_length=10, description="resume bullets, verbatim"
    )
    tone: Literal["direct", "collaborative"] = "collaborative"
    role: str | None = Field(default=None, max_length=120)
    candidate_name: str | None = Field(default=None, max_length=120)
    recipient_name: str | None = Field(default=None, max_length=120)
