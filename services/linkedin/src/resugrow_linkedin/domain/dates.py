"""Lenient parsing of the date styles LinkedIn files use, into partial ISO strings.

"Jan 2020" -> "2020-01", "2020" -> "2020", "01/2020" -> "2020-01",
"2020-01-15 10:00:00 UTC" -> "2020-01-15", "Present" -> None (and ``is_present`` says so).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
# LinkedIn writes month names in the member's interface language.
for _names in (
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
):
    for _n, _name in enumerate(_names.split(), start=1):
        MONTHS.setdefault(_name, _n)

_PRESENT = {
    "present", "current", "now", "today", "heute", "aujourd'hui", "actualidad", "actual", "presente",
    "o momento", "momento", "oggi", "heden",
}  # fmt: skip
_MON = r"(?P<mon>[^\W\d_]{3,10})\.?(?:\s+de)?"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T].*)?$"), "ymd"),
    (re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:[ T].*)?$"), "ymd"),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"), "ym"),
    (re.compile(r"^(?P<y>\d{4})$"), "y"),
    (re.compile(r"^(?P<m>\d{1,2})[/.-](?P<y>\d{4})$"), "ym"),
    (re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{2}|\d{4})(?:[ ,T].*)?$"), "ab_y"),
    (re.compile(r"^" + _MON + r"[ ,]+(?P<y>\d{4})$"), "mon_y"),
    (re.compile(r"^(?P<d>\d{1,2})[ -]" + _MON + r"[ ,-]+(?P<y>\d{4})(?:[ ,T].*)?$"), "d_mon_y"),
    (re.compile(r"^" + _MON + r" (?P<d>\d{1,2}),? (?P<y>\d{4})(?:[ ,T].*)?$"), "mon_d_y"),
]


def is_present(text: str | None) -> bool:
    return bool(text) and text.strip().lower() in _PRESENT  # type: ignore[union-attr]


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _valid(y: int, m: int | None = None, d: int | None = None) -> bool:
    if not 1900 <= y <= 2100:
        return False
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None and m is not None:
        try:
            date(y, m, d)
        except ValueError:
            return False
    return True


def parse_date(text: str | None) -> str | None:
    """A partial ISO date ("YYYY", "YYYY-MM", "YYYY-MM-DD") or None when empty, present or unreadable."""
    if not text:
        return None
    value = " ".join(text.replace("\u00a0", " ").split())
    if not value or is_present(value):
        return None
    # Fast path for the commonest style (Shares.csv has one per post): "2020-01-15 10:00:00 UTC".
    if (
        (
            len(value) >= 10
            and value[4] == "-"
            and value[7] == "-"
            and value[:4].isdigit()
            and value[5:7].isdigit()
        )
        and value[8:10].isdigit()
        and (len(value) == 10 or value[10] in " T")
    ):
        y, m, d = int(value[:4]), int(value[5:7]), int(value[8:10])
        return f"{y:04d}-{m:02d}-{d:02d}" if _valid(y, m, d) else None
    for pattern, style in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        g = match.groupdict()
        y = int(g["y"])
        if style == "ab_y":
            if y < 100:
                y += 2000 if y < 70 else 1900
            a, b = int(g["a"]), int(g["b"])
            # US order (month first) as LinkedIn writes it, unless that is impossible.
            m, d = (a, b) if a <= 12 else (b, a)
            return f"{y:04d}-{m:02d}-{d:02d}" if _valid(y, m, d) else None
        if style == "y":
            return f"{y:04d}" if _valid(y) else None
        if "mon" in g and g.get("mon") is not None:
            month = _month(g["mon"])
            if month is None:
                return None
            m = month
        else:
            m = int(g["m"])
        if "d" in g and g.get("d") is not None:
            d = int(g["d"])
            return f"{y:04d}-{m:02d}-{d:02d}" if _valid(y, m, d) else None
        return f"{y:04d}-{m:02d}" if _valid(y, m) else None
    return None


def to_date(partial: str | None, *, end: bool = False) -> date | None:
    """A concrete date for arithmetic: the start (or end) of the partial period."""
    if not partial:
        return None
    parts = [int(p) for p in partial.split("-")]
    y = parts[0]
    m = parts[1] if len(parts) > 1 else (12 if end else 1)
    d = parts[2] if len(parts) > 2 else (28 if end else 1)
    return date(y, m, d)


def months_between(start: str | None, end: str | None) -> int | None:
    """Whole months from start to end, comparing at month precision (None if either is missing)."""
    s, e = to_date(start), to_date(end)
    if s is None or e is None:
        return None
    return (e.year - s.year) * 12 + (e.month - s.month)


def month_key(partial: str | None) -> str | None:
    """The partial date truncated to month precision ("2020-01"), or year when that is all we have."""
    if not partial:
        return None
    return partial[:7]
