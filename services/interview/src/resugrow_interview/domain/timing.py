"""Word timings of a spoken answer: their validation (TimingError names the bad entry) and the
pace report (words per minute, long pauses)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

MAX_TIMED_WORDS = 20_000
MAX_SPAN_SECONDS = 3 * 3600


class TimingError(ValueError):
    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class TimedWord:
    word: str
    start: float
    end: float


def validate_timings(raw: Any) -> list[TimedWord]:
    """Word timings in seconds: a list of {word, start, end}, non-decreasing starts, end >= start."""
    if not isinstance(raw, list):
        raise TimingError("timings must be a list of {word, start, end}")
    if not raw:
        raise TimingError("timings must not be empty when given")
    if len(raw) > MAX_TIMED_WORDS:
        raise TimingError(f"at most {MAX_TIMED_WORDS} timed words are accepted")
    out: list[TimedWord] = []
    prev_start = -1.0
    for i, item in enumerate(raw):
        word, start, end = _timed_word(item, i)
        if start < prev_start:
            raise TimingError("timings must be in time order (start values non-decreasing)", i)
        prev_start = start
        out.append(TimedWord(word.strip(), start, end))
    return out


def _seconds(name: str, value: Any, i: int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TimingError(f"{name} must be a finite number of seconds", i)
    if value < 0 or value > MAX_SPAN_SECONDS:
        raise TimingError(f"{name} must be between 0 and {MAX_SPAN_SECONDS} seconds", i)
    return float(value)


def _timed_word(item: Any, i: int) -> tuple[str, float, float]:
    """One timing checked: a non-empty word, finite start and end within range, end not before start."""
    word: Any
    start: Any
    end: Any
    if isinstance(item, TimedWord):
        word, start, end = item.word, item.start, item.end
    elif isinstance(item, dict):
        word, start, end = item.get("word"), item.get("start"), item.get("end")
    else:
        raise TimingError("each timing must be an object with word, start and end", i)
    if not isinstance(word, str) or not word.strip() or len(word) > 100:
        raise TimingError("word must be a non-empty string of at most 100 characters", i)
    start_s, end_s = _seconds("start", start, i), _seconds("end", end, i)
    if end_s < start_s:
        raise TimingError("end must not be before start", i)
    return word, start_s, end_s


@dataclass(frozen=True)
class PaceReport:
    words: int
    duration_seconds: float
    words_per_minute: float | None
    long_pauses: list[dict[str, Any]] = field(default_factory=list)
    pause_seconds: float = 0.0


def pace(timings: list[TimedWord], *, long_pause_seconds: float = 2.0) -> PaceReport:
    """Words per minute over the spoken span (first word's start to last word's end), pauses included."""
    spoken = [t for t in timings if any(c.isalnum() for c in t.word)]
    if not spoken:
        return PaceReport(0, 0.0, None)
    duration = spoken[-1].end - spoken[0].start
    wpm = round(len(spoken) / duration * 60.0, 1) if duration > 0 else None
    pauses = []
    total = 0.0
    for a, b in pairwise(spoken):
        gap = b.start - a.end
        if gap >= long_pause_seconds:
            pauses.append(
                {
                    "after_word": a.word,
                    "before_word": b.word,
                    "at_seconds": round(a.end, 2),
                    "seconds": round(gap, 2),
                }
            )
            total += gap
    return PaceReport(len(spoken), round(duration, 3), wpm, pauses, round(total, 2))
