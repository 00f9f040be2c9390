"""Session reports and progress across sessions, computed from stored evaluations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from resugrow_interview.domain.evaluate import ALGO_VERSION, band_for

DIMENSIONS = ("structure", "specificity", "ownership", "relevance", "delivery", "correctness")


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _final_answers(session: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """One entry per main question: its follow-up's evaluation replaces it when there is one,
    because the follow-up was evaluated together with the original answer."""
    by_seq: dict[int, Mapping[str, Any]] = {}
    for a in session.get("answers", []):
        key = a["seq"] if a["kind"] == "question" else a.get("parent_seq")
        if key is not None:
            by_seq[key] = a
    return [by_seq[k] for k in sorted(by_seq)]


def _answer_row(a: Mapping[str, Any]) -> dict[str, Any]:
    ev = a["evaluation"]
    return {
        "seq": a["seq"],
        "kind": a["kind"],
        "question_id": a["question_id"],
        "type": a["type"],
        "competency": a["competency"],
        "total": ev["total"],
        "band": ev["band"],
        "dimensions": {k: v["score"] for k, v in ev["dimensions"].items()},
        "next_step": ev["next_step"],
        "gap_closed": a.get("gap_closed"),
    }


def _weakest(averages: Mapping[str, float | None]) -> str | None:
    return min(averages, key=lambda k: (averages[k], k)) if averages else None  # type: ignore[return-value]


def _tally(finals: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Scores per dimension and competency, delivery counts and missing STAR parts over the answers."""
    dims: dict[str, list[float]] = {}
    comps: dict[str, list[int]] = {}
    hes = lex = 0
    wpms: list[float] = []
    star_missing: dict[str, int] = {}
    for a in finals:
        ev = a["evaluation"]
        for k, v in ev["dimensions"].items():
            dims.setdefault(k, []).append(v["score"])
        comps.setdefault(a["competency"], []).append(ev["total"])
        d = ev.get("delivery", {})
        hes += d.get("hesitations", {}).get("count", 0)
        lex += d.get("lexical_fillers", {}).get("count", 0)
        if d.get("words_per_minute"):
            wpms.append(d["words_per_minute"])
        for c in ev.get("star", {}).get("missing", []):
            star_missing[c] = star_missing.get(c, 0) + 1
    return {"dims": dims, "comps": comps, "hes": hes, "lex": lex, "wpms": wpms, "star_missing": star_missing}


def session_report(session: Mapping[str, Any]) -> dict[str, Any]:
    answers = session.get("answers", [])
    finals = _final_answers(session)
    tally = _tally(finals)
    dim_avg = {k: _mean(v) for k, v in tally["dims"].items()}
    weakest_dim = _weakest(dim_avg)
    comp_avg = {k: _mean([float(x) for x in v]) for k, v in tally["comps"].items()}
    average = _mean([float(a["evaluation"]["total"]) for a in finals])
    follow_ups = [a for a in answers if a["kind"] == "follow_up"]
    return {
        "algo_version": ALGO_VERSION,
        "answers": [_answer_row(a) for a in answers],
        "questions_answered": len(finals),
        "average_total": average if average is not None else 0.0,
        "band": band_for(round(average)) if average is not None else None,
        "dimension_averages": dim_avg,
        "weakest_dimension": weakest_dim,
        "competency_averages": comp_avg,
        "weakest_competency": _weakest(comp_avg),
        "strongest_competency": max(comp_avg, key=lambda k: (comp_avg[k], k)) if comp_avg else None,  # type: ignore[arg-type,return-value]
        "follow_ups": {
            "asked": len(follow_ups),
            "gaps_closed": sum(1 for a in follow_ups if a.get("gap_closed")),
        },
        "star_components_missing": tally["star_missing"],
        "delivery": {
            "hesitations": tally["hes"],
            "lexical_fillers": tally["lex"],
            "average_words_per_minute": _mean(tally["wpms"]),
        },
        "next_step": _session_next_step(finals, weakest_dim),
    }


def _session_next_step(finals: Sequence[Mapping[str, Any]], weakest_dim: str | None) -> str | None:
    if not finals or weakest_dim is None:
        return None
    worst = min(
        finals, key=lambda a: (a["evaluation"]["dimensions"].get(weakest_dim, {}).get("score", 10), a["seq"])
    )
    return str(worst["evaluation"]["next_step"])


def _slope(points: Sequence[tuple[int, float]]) -> float | None:
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    if den == 0:
        return None
    return round(sum((x - mx) * (y - my) for x, y in points) / den, 2)


def _trend(pts: Sequence[tuple[int, float]]) -> dict[str, Any]:
    slope = _slope(pts)
    return {
        "series": [v for _, v in pts],
        "first": pts[0][1],
        "latest": pts[-1][1],
        "change": round(pts[-1][1] - pts[0][1], 1),
        "slope_per_session": slope,
        "direction": "flat" if slope is None or abs(slope) < 0.2 else ("up" if slope > 0 else "down"),
    }


def _repeated(by_question: dict[str, list[tuple[datetime, int, str]]]) -> list[dict[str, Any]]:
    """Questions answered in more than one session: first, latest and best totals."""
    repeated = []
    for qid, entries in sorted(by_question.items()):
        if len(entries) < 2:
            continue
        entries.sort(key=lambda e: e[0])
        repeated.append(
            {
                "question_id": qid,
                "attempts": len(entries),
                "first_total": entries[0][1],
                "latest_total": entries[-1][1],
                "best_total": max(e[1] for e in entries),
                "improvement": entries[-1][1] - entries[0][1],
            }
        )
    return repeated


class _Progress:
    """What `progress` gathers, session by session (oldest first)."""

    def __init__(self) -> None:
        self.history: list[dict[str, Any]] = []
        self.dim_series: dict[str, list[tuple[int, float]]] = {}
        self.comp_scores: dict[str, list[int]] = {}
        self.by_question: dict[str, list[tuple[datetime, int, str]]] = {}

    def add(self, s: Mapping[str, Any], finals: list[Mapping[str, Any]]) -> None:
        index = len(self.history)
        dims: dict[str, list[float]] = {}
        for a in finals:
            for k, v in a["evaluation"]["dimensions"].items():
                dims.setdefault(k, []).append(v["score"])
            self.comp_scores.setdefault(a["competency"], []).append(a["evaluation"]["total"])
            self.by_question.setdefault(a["question_id"], []).append(
                (a["answered_at"], a["evaluation"]["total"], s["id"])
            )
        dim_avg = {k: _mean(v) or 0.0 for k, v in dims.items()}
        for k, v in dim_avg.items():
            self.dim_series.setdefault(k, []).append((index, v))
        self.history.append(
            {
                "session_id": s["id"],
                "status": s["status"],
                "role": s["plan"]["role"],
                "created_at": s["created_at"],
                "completed_at": s.get("completed_at"),
                "answers": len(finals),
                "average_total": _mean([float(a["evaluation"]["total"]) for a in finals]),
                "dimension_averages": dim_avg,
            }
        )


def progress(sessions: Sequence[Mapping[str, Any]], *, as_of: datetime | None = None) -> dict[str, Any]:
    """Trends across a user's sessions (oldest first), weakest competency, same-question improvement."""
    ordered = sorted(sessions, key=lambda s: (s["created_at"], s["id"]))
    if as_of is not None:
        ordered = [s for s in ordered if s["created_at"] <= as_of]
    seen = _Progress()
    for s in ordered:
        finals = _final_answers(s)
        if finals:
            seen.add(s, finals)
    trends = {k: _trend(pts) for k, pts in seen.dim_series.items()}
    comp_avg = {k: _mean([float(x) for x in v]) for k, v in seen.comp_scores.items()}
    latest_dims = {k: v["latest"] for k, v in trends.items()}
    return {
        "algo_version": ALGO_VERSION,
        "sessions": seen.history,
        "sessions_count": len(seen.history),
        "trends": trends,
        "weakest_dimension": _weakest(latest_dims),
        "competency_averages": comp_avg,
        "weakest_competency": _weakest(comp_avg),
        "same_question_improvement": _repeated(seen.by_question),
    }
