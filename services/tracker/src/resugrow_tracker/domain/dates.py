"""Dates as people and exports write them, normalised to aware UTC datetimes.

Ambiguous numeric dates (03/04/2024) are read month-first unless told otherwise or unless a
value in the same column proves day-first (a first part above 12): a spreadsheet is written in
one convention, so the decision is made per column, not per cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal, overload

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s*"
_TIME = r"(?:[ T,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?)?"
_TZ = r"\s*(?P<tz>z|utc|gmt|[+-]\d{2}:?\d{2})?"
_NUMERIC = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})" + _TIME + _TZ + "$", re.I
)
_DAY_MONTH = re.compile(
    r"^(?:"
    + _WEEKDAY
    + r")?(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-]+(?P<m>[a-z]{3,9})\.?[\s\-,]+(?P<y>\d{2,4})"
    + _TIME
    + _TZ
    + "$",
    re.I,
)
_MONTH_DAY = re.compile(
    r"^(?:"
    + _WEEKDAY
    + r")?(?P<m>[a-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"
    + _TIME
    + _TZ
    + "$",
    re.I,
)
_EXCEL_EPOCH = date(1899, 12, 30)


class DateParseError(ValueError):
    pass


def _year(y: int) -> int:
    if y < 100:
        return 2000 + y if y < 70 else 1900 + y
    return y


def _tz(text: str | None, default: tzinfo) -> tzinfo:
    if not text:
        return default
    t = text.lower()
    if t in {"z", "utc", "gmt"}:
        return UTC
    sign = 1 if t[0] == "+" else -1
    digits = t[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _clock(m: re.Match[str]) -> time:
    if m.group("h") is None:
        return time(0, 0)
    h, mi, s = int(m.group("h")), int(m.group("mi")), int(m.group("s") or 0)
    ampm = (m.group("ampm") or "").replace(".", "").lower()
    if ampm:
        if not 1 <= h <= 12:
            raise DateParseError("hour out of range for am/pm")
        h = (h % 12) + (12 if ampm == "pm" else 0)
    return time(h, mi, s)


def _build(y: int, mo: int, d: int, clock: time, tz: tzinfo) -> datetime:
    try:
        return datetime.combine(date(y, mo, d), clock, tzinfo=tz).astimezone(UTC)
    except ValueError as exc:
        raise DateParseError(str(exc)) from exc


def numeric_first_part(text: str) -> int | None:
    """The first number of a d/m/y-style date, to decide a column's day/month order."""
    m = _NUMERIC.match(text.strip())
    if not m or len(m.group("a")) == 4:
        return None
    return int(m.group("a"))


def column_order(
    values: Iterable[str | None], default: Literal["MDY", "DMY"] = "MDY"
) -> Literal["MDY", "DMY"]:
    """DMY if any value can only be day-first (or uses dots, the European style), else the default."""
    for v in values:
        if not v:
            continue
        s = v.strip()
        m = _NUMERIC.match(s)
        if not m or len(m.group("a")) == 4:
            continue
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            return "DMY"
        if b > 12 >= a:
            return "MDY"
        if m.group("sep") == ".":
            return "DMY"
    return default


def _numeric(m: re.Match[str], order: Literal["MDY", "DMY"] | None, tz: tzinfo) -> datetime:
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    elif len(c) in (2, 4):
        first, second = int(a), int(b)
        cell_order = order or ("DMY" if m.group("sep") == "." else "MDY")
        mo, d = (first, second) if cell_order == "MDY" else (second, first)
        if mo > 12 and d <= 12:  # the cell itself proves the other order
            mo, d = d, mo
        y = _year(int(c))
    else:
        raise DateParseError("unrecognised numeric date")
    return _build(y, mo, d, _clock(m), _tz(m.group("tz"), tz))


def _named_month(text: str, tz: tzinfo) -> datetime:
    for rx in (_DAY_MONTH, _MONTH_DAY):
        m = rx.match(text)
        if m:
            mo_num = _MONTHS.get(m.group("m").lower())
            if mo_num is None:
                raise DateParseError(f"unknown month {m.group('m')!r}")
            return _build(
                _year(int(m.group("y"))), mo_num, int(m.group("d")), _clock(m), _tz(m.group("tz"), tz)
            )
    raise DateParseError("unrecognised date")


def _from_value(value: int | float | datetime | date, tz: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)).astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=tz).astimezone(UTC)
    if isinstance(value, bool):
        raise DateParseError("not a date")
    return _from_number(float(value))


def _iso(text: str, tz: tzinfo) -> datetime | None:
    try:
        iso = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return (iso if iso.tzinfo else iso.replace(tzinfo=tz)).astimezone(UTC)


def parse_datetime(
    value: str | int | float | datetime | date | None,
    *,
    order: Literal["MDY", "DMY"] | None = None,
    tz: tzinfo = UTC,
) -> datetime | None:
    """Parse one cell; None for an empty cell; DateParseError when it is not a date."""
    if value is None:
        return None
    if not isinstance(value, str):
        return _from_value(value, tz)
    text = value.strip()
    if not text or text.lower() in {"-", "n/a", "na", "none", "null", "tbd", "?"}:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?|\d{10}|\d{13}", text):
        return _from_number(float(text))
    iso = _iso(text, tz)
    if iso is not None:
        return iso
    m = _NUMERIC.match(text)
    return _numeric(m, order, tz) if m else _named_month(text, tz)


def _from_number(n: float) -> datetime:
    if 20000 <= n < 80000:  # spreadsheet serial day (1954..2119)
        return datetime.combine(_EXCEL_EPOCH, time(0, 0), tzinfo=UTC) + timedelta(days=n)
    if 1e12 <= n < 1e14:  # epoch milliseconds
        return datetime.fromtimestamp(n / 1000, tz=UTC)
    if 1e8 <= n < 1e11:  # epoch seconds
        return datetime.fromtimestamp(n, tz=UTC)
    raise DateParseError("number is not a date")


@overload
def utc(dt: datetime) -> datetime: ...
@overload
def utc(dt: None) -> None: ...
@overload
def utc(dt: datetime | None) -> datetime | None: ...
def utc(dt: datetime | None) -> datetime | None:
    """Mongo hands back naive UTC datetimes; clients may send any offset: compare in UTC."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
