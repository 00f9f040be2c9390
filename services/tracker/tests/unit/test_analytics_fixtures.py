"""Quality bar: the planted event log reproduces the hand-computed metrics exactly."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from resugrow_tracker.domain.analytics import AppRecord, compute
from resugrow_tracker.domain.history import Move, MoveSource
from resugrow_tracker.domain.stages import Stage

FIXTURES = Path(__file__).parent / "fixtures" / "analytics"


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def load(name: str) -> tuple[list[AppRecord], datetime, dict[str, Any]]:
    data = json.loads((FIXTURES / name).read_text())
    apps = [
        AppRecord(
            id=a["id"],
            source=a["source"],
            resume_version=a["resume_version"],
            moves=[
                Move(to=Stage(to), at=_dt(at), source=MoveSource.IMPORT, seq=i)
                for i, (to, at) in enumerate(a["moves"])
            ],
        )
        for a in data["applications"]
    ]
    return apps, _dt(data["as_of"]), data["expected"]


def _pick(row: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: row[k] for k in keys}


def test_hard_case_event_log_reproduces_hand_computed_metrics() -> None:
    apps, as_of, exp = load("event_log_hard_cases.json")
    report = compute(apps, as_of=as_of)
    checked = mismatched = 0

    def check(name: str, got: Any, want: Any) -> None:
        nonlocal checked, mismatched
        checked += 1
        if got != want:
            mismatched += 1
            print(f"MISMATCH {name}: got {got!r} want {want!r}")

    for key, want in exp["totals"].items():
        check(f"totals.{key}", report["totals"][key], want)
    check("conversion", report["conversion"], exp["conversion"])
    check("time_to_first_response", report["time_to_first_response"], exp["time_to_first_response"])
    check("time_in_stage", report["time_in_stage"], exp["time_in_stage"])
    got_transitions = {f"{t['from']}->{t['to']}": t["count"] for t in report["transitions"]}
    check("transitions", got_transitions, exp["transitions"])
    check("ghosted", report["ghosted"], exp["ghosted"])
    check("stale", report["stale"], exp["stale"])
    for group in ("by_source", "by_resume_version", "by_week"):
        want_rows = exp[group]
        got_rows = {r["key"]: r for r in report[group]}
        check(f"{group}.keys", sorted(got_rows), sorted(want_rows))
        for key, want_row in want_rows.items():
            check(
                f"{group}.{key}", _pick(got_rows.get(key, dict.fromkeys(want_row)), list(want_row)), want_row
            )
    print(f"analytics hard cases: {checked - mismatched}/{checked} metric groups match the hand computation")
    assert mismatched == 0


def test_report_carries_definitions_and_as_of() -> None:
    apps, as_of, _ = load("event_log_hard_cases.json")
    report = compute(apps, as_of=as_of)
    assert report["as_of"] == as_of
    for name in ("response_rate", "screen_rate", "time_to_first_response", "ghosted", "stale", "by_week"):
        assert report["definitions"][name]


def test_same_as_of_reproduces_the_same_report_after_later_moves() -> None:
    apps, as_of, _ = load("event_log_hard_cases.json")
    before = compute(apps, as_of=as_of)
    later = [
        AppRecord(
            id=a.id,
            source=a.source,
            resume_version=a.resume_version,
            moves=[*a.moves, Move(to=Stage.WITHDRAWN, at=_dt("2026-04-01T00:00:00Z"), seq=99)],
        )
        for a in apps
    ]
    assert compute(later, as_of=as_of) == before
    assert compute(later, as_of=_dt("2026-04-02T00:00:00Z"))["totals"]["by_stage"]["withdrawn"] == 12 + 1


def test_a_later_move_un_ghosts() -> None:
    apps, as_of, _ = load("event_log_hard_cases.json")
    a04 = next(a for a in apps if a.id == "A04")
    assert "A04" in compute([a04], as_of=as_of)["ghosted"]["application_ids"]
    revived = AppRecord(
        id="A04", moves=[*a04.moves, Move(to=Stage.OFFER, at=_dt("2026-02-28T00:00:00Z"), seq=9)]
    )
    report = compute([revived], as_of=as_of)
    assert report["ghosted"]["count"] == 0
    assert report["totals"]["by_effective_stage"]["offer"] == 1


def test_prepared_records_give_the_same_reports_for_any_as_of() -> None:
    from resugrow_tracker.domain.analytics import PreparedRecords

    apps, as_of, _ = load("event_log_hard_cases.json")
    docs = [
        {"_id": a.id, "source": a.source, "moves": [m.as_doc() for m in a.moves]}  # type: ignore[union-attr]
        for a in apps
    ]
    prepared = PreparedRecords(
        [AppRecord.from_doc(d, resume_version=a.resume_version) for d, a in zip(docs, apps, strict=True)]
    )
    assert prepared.cacheable
    later = _dt("2026-05-01T00:00:00Z")
    much_later = _dt("2026-09-01T00:00:00Z")
    for when in (later, as_of, much_later, later, as_of):
        assert compute(prepared, as_of=when) == compute(apps, as_of=when)
    assert compute(prepared, as_of=as_of)["totals"]["applications"] == 12
