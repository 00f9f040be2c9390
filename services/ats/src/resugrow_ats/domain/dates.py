"""Dates as resumes write them: month names, numeric months, seasons, and "Present"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
YEAR = r"(?:19[5-9]\d|20\d\d)"
DATE = rf"(?:{MONTH},?\s*(?:{YEAR}|'\d\d)|{SEASON}\s+{YEAR}|(?:0?[1-9]|1[0-2])\s*/\s*{YEAR}|(?:0?[1-9]|1[0-2])\.{YEAR}|{YEAR}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])|{YEAR}-(?:0[1-9]|1[0-2])(?![\d-])|{YEAR})"
PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|to date|date)"
RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<start>{DATE})\s*(?:-|–|—|−|~|to|until|through|thru)\s*(?P<end>{DATE}|{PRESENT})(?![\w/])",
    re.IGNORECASE,
)
SINCE_RE = re.compile(rf"\b(?:since|from)\s+(?P<start>{DATE})(?![\w/])", re.IGNORECASE)
# "Summer 2017" alone as an entry's dates: at the start of a line, or right-aligned at its end.
LONE_SEASON_RE = re.compile(
    rf"(?:^\s*(?P<a>{SEASON})\s+(?P<ay>{YEAR})(?![\w/])|(?:\t|\|)\s*(?P<b>{SEASON})\s+(?P<by>{YEAR})\s*$)",
    re.IGNORECASE,
)
SINGLE_RE = re.compile(rf"(?<![\w/])(?P<date>{DATE})(?![\w/])", re.IGNORECASE)
_PRESENT_RE = re.compile(rf"^{PRESENT}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class YearMonth:
    year: int
    month: int | None = None

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def ordinal(self, *, end: bool = False) -> int:
        """Months since year 0; a bare year counts from January (start) or to December (end)."""
        month = self.month or (12 if end else 1)
        return self.year * 12 + month - 1


@dataclass(frozen=True, slots=True)
class DateRange:
    start: YearMonth
    end: YearMonth | None  # None = present
    span: tuple[int, int]
    text: str

    def months(self, as_of: date) -> int:
        end = self.end.ordinal(end=True) if self.end else as_of.year * 12 + as_of.month - 1
        return max(0, end - self.start.ordinal() + 1)


def parse_date(text: str) -> YearMonth | None:
    t = text.strip().lower().rstrip(".")
    m = re.fullmatch(rf"({MONTH}),?\s*({YEAR}|'\d\d)", t)
    if m:
        year_text = m.group(2)
        if year_text.startswith("'"):
            short = int(year_text[1:])
            year = 2000 + short if short <= 40 else 1900 + short
        else:
            year = int(year_text)
        return YearMonth(year, _MONTHS[m.group(1)[:3]])
    m = re.fullmatch(rf"({SEASON})\s+({YEAR})", t)
    if m:
        return YearMonth(int(m.group(2)), _SEASONS[m.group(1)])
    m = re.fullmatch(rf"(\d{{1,2}})\s*[/.]\s*({YEAR})", t)
    if m:
        return YearMonth(int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(rf"({YEAR})-(\d\d)(?:-\d\d)?", t)
    if m:
        return YearMonth(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(YEAR, t)
    if m:
        return YearMonth(int(t))
    return None


def _season_end(ym: YearMonth | None, text: str) -> YearMonth | None:
    """A season that ends a range ends with its last month: "Fall 2016 – Spring 2018" is to May."""
    if ym is None or ym.month is None or not re.match(SEASON, text.strip(), re.IGNORECASE):
        return ym
    month = ym.month + 2
    return YearMonth(ym.year + (month > 12), (month - 1) % 12 + 1)


def find_range(text: str) -> DateRange | None:
    m = RANGE_RE.search(text)
    if m:
        start = parse_date(m.group("start"))
        end_text = m.group("end")
        end = None if _PRESENT_RE.match(end_text.strip()) else _season_end(parse_date(end_text), end_text)
        if start is not None:
            return DateRange(start, end, m.span(), m.group())
    m = LONE_SEASON_RE.search(text)
    if m:
        season = (m.group("a") or m.group("b")).lower()
        year = int(m.group("ay") or m.group("by"))
        start = YearMonth(year, _SEASONS[season])
        key = "a" if m.group("a") else "b"
        span = (m.start(key), m.end(key + "y"))
        return DateRange(start, _season_end(start, season), span, text[span[0] : span[1]])
    m = SINCE_RE.search(text)
    if m:
        start = parse_date(m.group("start"))
        if start is not None:
            return DateRange(start, None, m.span(), m.group())
    return None


def find_single(text: str) -> tuple[YearMonth, tuple[int, int]] | None:
    found = None
    for m in SINGLE_RE.finditer(text):
        parsed = parse_date(m.group("date"))
        if parsed is not None:
            found = (parsed, m.span())  # the last date on a line is usually the graduation/issue date
    return found
