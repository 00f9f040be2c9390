"""Salary figures from text ("$120k-150k/yr", "60.000 - 70.000 EUR") and structured values."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "CHF": "CHF"}
_CODES = {
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "CHF",
    "INR",
    "JPY",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "NZD",
    "SGD",
    "BRL",
    "MXN",
    "ZAR",
}
_PERIODS = {
    "hour": "hour", "hr": "hour", "hourly": "hour", "h": "hour", "day": "day", "daily": "day",
    "week": "week", "weekly": "week", "wk": "week", "month": "month", "monthly": "month", "mo": "month",
    "year": "year", "yr": "year", "annual": "year", "annually": "year", "yearly": "year", "annum": "year",
    "pa": "year", "p a": "year",
}  # fmt: skip

_AMOUNT = r"(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d+)?)\s*([kK]|[mM](?![a-z]))?"
_RANGE = re.compile(
    r"(?P<cur1>[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR|SEK|NOK|DKK|PLN|NZD|SGD)\b)?\s*"
    + _AMOUNT.replace("(", "(?P<a>", 1).replace("([kK]", "(?P<ka>[kK]", 1)
    + r"\s*(?:[-–—]|to|bis)\s*"
    + r"(?P<cur2>[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR|SEK|NOK|DKK|PLN|NZD|SGD)\b)?\s*"
    + _AMOUNT.replace("(", "(?P<b>", 1).replace("([kK]", "(?P<kb>[kK]", 1)
    + r"\s*(?P<cur3>\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR|SEK|NOK|DKK|PLN|NZD|SGD)\b|[€$£])?"
    + r"(?:\s*(?:/|per|a|an)\s*(?P<per>hour|hr|day|week|month|year|yr|annum|h|mo))?",
    re.I,
)
_SINGLE = re.compile(
    r"(?P<cur1>[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR)\b)\s*"
    + _AMOUNT.replace("(", "(?P<a>", 1).replace("([kK]", "(?P<ka>[kK]", 1)
    + r"(?:\s*(?:/|per|a|an)\s*(?P<per>hour|hr|day|week|month|year|yr|annum|h|mo))?",
    re.I,
)


@dataclass(frozen=True)
class Salary:
    min: float | None
    max: float | None
    currency: str | None
    period: str | None
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(raw: str, suffix: str | None) -> float:
    s = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", s):
        s = re.sub(r"[.,]", "", s)
    else:
        s = s.replace(",", ".")
    value = float(s)
    if suffix and suffix.lower() == "k":
        value *= 1000
    elif suffix and suffix.lower() == "m":
        value *= 1_000_000
    return value


def _currency(*tokens: str | None) -> str | None:
    for t in tokens:
        if t:
            t = t.strip()
            if t.upper() in _CODES:
                return t.upper()
            if t in _CURRENCY_SYMBOLS:
                return _CURRENCY_SYMBOLS[t]
    return None


def _period(raw: str | None, value: float | None) -> str | None:
    if raw:
        return _PERIODS.get(raw.lower().strip("."))
    return None


def parse_salary_text(text: str | None) -> Salary | None:
    """First salary range or currency amount in the text; None when the text states no salary."""
    if not text:
        return None
    m = _RANGE.search(text)
    if m and (m.group("cur1") or m.group("cur2") or m.group("cur3") or m.group("ka") or m.group("kb")):
        ka = m.group("ka") or m.group("kb")  # "$120-150k": the k applies to both
        lo = _number(m.group("a"), ka)
        hi = _number(m.group("b"), m.group("kb") or m.group("ka"))
        if lo > hi:
            lo, hi = hi, lo
        cur = _currency(m.group("cur1"), m.group("cur2"), m.group("cur3"))
        return Salary(lo, hi, cur, _period(m.group("per"), hi), m.group(0).strip())
    m = _SINGLE.search(text)
    if m:
        v = _number(m.group("a"), m.group("ka"))
        return Salary(v, v, _currency(m.group("cur1")), _period(m.group("per"), v), m.group(0).strip())
    return None


def parse_salary_cell(text: str | None) -> Salary | None:
    """A spreadsheet cell: like text, but a bare number or range ("120000", "90-110k") counts too."""
    if text is None or not str(text).strip():
        return None
    s = str(text).strip()
    found = parse_salary_text(s)
    if found:
        return found
    m = re.fullmatch(r"\s*" + _AMOUNT + r"\s*(?:[-–—]|to)\s*" + _AMOUNT + r"\s*", s)
    if m:
        lo, hi = _number(m.group(1), m.group(2) or m.group(4)), _number(m.group(3), m.group(4))
        return Salary(min(lo, hi), max(lo, hi), None, None, s)
    m = re.fullmatch(r"\s*" + _AMOUNT + r"\s*", s)
    if m:
        v = _number(m.group(1), m.group(2))
        return Salary(v, v, None, None, s)
    raise ValueError("not a salary")
