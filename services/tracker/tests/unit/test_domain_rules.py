"""Unit rules: stages, dates, history, board, reminders, timeline, export, import errors."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from resugrow_tracker.domain.board import DEFAULT_COLUMNS, build_board, validate_columns
from resugrow_tracker.domain.dates import DateParseError, column_order, parse_datetime
from resugrow_tracker.domain.errors import InputTooLarge, InvalidInput
from resugrow_tracker.domain.exporting import report_html, to_csv
from resugrow_tracker.domain.history import Move, MoveSource, current_stage, ordered, plan_move, stints
from resugrow_tracker.domain.importing import MAX_IMPORT_BYTES, UnsupportedFormat, parse_import
from resugrow_tracker.domain.reminders import ReminderContext, ReminderKind, build_message, should_fire
from resugrow_tracker.domain.sources import normalise_source
from resugrow_tracker.domain.stages import Stage, parse_stage
from resugrow_tracker.domain.timeline import UpcomingInterview, entry_from_event, link_practice

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def d(days: float) -> datetime:
    return T0 + timedelta(days=days)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Phone Screen", Stage.SCREENING), ("WISHLIST", Stage.SAVED), ("Offer received", Stage.OFFER),
        ("rejected :(", Stage.REJECTED), ("Interview - 2nd round", Stage.INTERVIEWING), ("Absage", Stage.REJECTED),
        ("no response", Stage.GHOSTED), ("Offer declined", Stage.DECLINED), ("withdrew", Stage.WITHDRAWN),
        ("daydreaming", None), ("", None),
    ],
)  # fmt: skip
def test_stage_text_maps_to_canonical_stages(text: str, stage: Stage | None) -> None:
    assert parse_stage(text) == stage


def test_dates_follow_the_column_convention() -> None:
    assert column_order(["03/04/2025", "25/04/2025"]) == "DMY"
    assert column_order(["03/04/2025", "04/25/2025"]) == "MDY"
    assert parse_datetime("03/04/2025", order="DMY") == datetime(2025, 4, 3, tzinfo=UTC)
    assert parse_datetime("3/14/24, 10:21 PM") == datetime(2024, 3, 14, 22, 21, tzinfo=UTC)
    assert parse_datetime("45366") == datetime(2024, 3, 15, tzinfo=UTC)
    assert parse_datetime("n/a") is None
    with pytest.raises(DateParseError):
        parse_datetime("soonish")
    with pytest.raises(DateParseError):
        parse_datetime("31/31/2025")


def test_sources_from_text_and_urls() -> None:
    assert normalise_source("Referred by Sam") == "referral"
    assert normalise_source("", "https://jobs.lever.co/acme/1") == "company_site"
    assert normalise_source(None, "https://de.indeed.com/viewjob?jk=1") == "indeed"
    assert normalise_source("Craigslist") == "other"


def test_backdated_move_slots_into_history() -> None:
    moves = [Move(Stage.APPLIED, d(0), seq=0), Move(Stage.INTERVIEWING, d(10), seq=1)]
    late = plan_move(moves, to=Stage.SCREENING, at=d(5), source=MoveSource.USER, now=d(11))
    assert late.from_stage is Stage.APPLIED and late.seq == 2
    seq = [*moves, late]
    assert [m.to for m in ordered(seq)] == [Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING]
    assert current_stage(seq) is Stage.INTERVIEWING
    assert [(s.stage, s.end) for s in stints(seq)][:2] == [(Stage.APPLIED, d(5)), (Stage.SCREENING, d(10))]
    with pytest.raises(InvalidInput):
        plan_move(seq, to=Stage.OFFER, at=d(30), source=MoveSource.USER, now=d(11))  # future
    with pytest.raises(InvalidInput):
        plan_move(seq, to=Stage.SCREENING, at=d(6), source=MoveSource.USER, now=d(11))  # already there


def test_creation_move_never_follows_an_earlier_dated_move() -> None:
    moves = [Move(Stage.SAVED, d(20), seq=0), Move(Stage.APPLIED, d(5), seq=1)]
    assert [m.to for m in ordered(moves)] == [Stage.SAVED, Stage.APPLIED]
    assert current_stage(moves) is Stage.APPLIED


def test_board_columns_map_onto_stages() -> None:
    cols = validate_columns(
        [{"name": "Dream jobs", "stage": "wishlist"}, {"name": "Sent", "stage": "applied"}]
    )
    apps = [
        {"_id": "a", "stage": "saved", "priority": 1, "last_move_at": d(1)},
        {"_id": "b", "stage": "saved", "priority": 3, "last_move_at": d(0)},
        {"_id": "c", "stage": "applied", "last_move_at": d(0)},
        {"_id": "e", "stage": "offer", "last_move_at": d(0)},
    ]
    board = build_board(apps, cols, as_of=d(40))
    assert [c["name"] for c in board] == ["Dream jobs", "Sent", "Offer"]
    assert [x["id"] for x in board[0]["cards"]] == ["b", "a"]
    assert board[1]["cards"][0]["presumed_ghosted"] is True and board[2]["implicit"] is True
    with pytest.raises(InvalidInput) as exc:
        validate_columns([{"name": "A", "stage": "nope"}, {"name": "A", "stage": "saved"}])
    assert {(e.row, e.column) for e in exc.value.errors} == {(0, "stage"), (1, "id")}
    assert len(build_board([], list(DEFAULT_COLUMNS), as_of=T0)) == 10


def test_reminder_messages_and_when_they_are_skipped() -> None:
    ctx = ReminderContext(
        company="Acme", role="SRE", stage=Stage.APPLIED, applied_at=d(0), contact_name="Dana Li"
    )
    msg = build_message(ReminderKind.FOLLOW_UP, ctx, due_at=d(7))
    assert msg.startswith("Hi Dana,") and "SRE role at Acme" in msg and "Thursday 1 January 2026" in msg
    assert "interview with Acme" in build_message(ReminderKind.INTERVIEW, ctx, due_at=d(7))
    assert should_fire(ReminderKind.FOLLOW_UP, ReminderContext(stage=Stage.REJECTED)) == (
        False,
        "application is rejected",
    )
    assert should_fire(ReminderKind.THANK_YOU, ReminderContext(deleted=True))[0] is False
    assert should_fire(ReminderKind.DEADLINE, None) == (True, None)


def test_timeline_entries_and_practice_linking() -> None:
    e = entry_from_event(event_id="1", event_type="resugrow.ats.match.scored.v1", user_id="u", time=T0,
                         subject="a1", data={"application_id": "a1", "score": 70, "missing_hard_skills": ["Go"]})  # fmt: skip
    assert e is not None and e.application_id == "a1" and "70/100" in e.title
    assert (
        entry_from_event(
            event_id="2", event_type="resugrow.other.v1", user_id="u", time=T0, subject="", data={}
        )
        is None
    )
    assert entry_from_event(event_id="3", event_type="resugrow.ats.scan.completed.v1", user_id=None, time=T0,
                            subject="", data={}) is None  # fmt: skip
    upcoming = [
        UpcomingInterview("a1", "Acme", "Backend Engineer", d(3)),
        UpcomingInterview("a2", "Beta", "Designer", d(2)),
    ]
    assert (
        link_practice(
            completed_at=T0, application_id=None, role="Senior Backend Engineer", upcoming=upcoming
        ).application_id
        == "a1"
    )  # type: ignore[union-attr]
    assert (
        link_practice(completed_at=T0, application_id="a2", role=None, upcoming=upcoming).application_id
        == "a2"
    )  # type: ignore[union-attr]
    assert link_practice(completed_at=T0, application_id=None, role="Chef", upcoming=upcoming) is None


def test_export_csv_has_history_and_defuses_formulas() -> None:
    app = {"_id": "a1", "company": "=HYPERLINK(\"x\")", "role": "Dev", "stage": "screening",
           "moves": [Move(Stage.APPLIED, d(0), seq=0).as_doc(), Move(Stage.SCREENING, d(4), seq=1).as_doc()]}  # fmt: skip
    row = next(csv.DictReader(io.StringIO(to_csv([app]))))
    assert row["company"].startswith("'=") and row["applied_at"] == "2026-01-01T00:00:00Z"
    assert row["screening_at"] == "2026-01-05T00:00:00Z" and row["moves"] == "2"
    html = report_html([{**app, "company": "<b>Acme</b>"}], as_of=d(10), owner="Alex")
    assert "&lt;b&gt;Acme&lt;/b&gt;" in html and "@media print" in html


def test_import_faults_name_row_and_column() -> None:
    bad = b"Company,Role,Status\nAcme,,applied\nBeta,Dev,limbo\n"
    with pytest.raises(InvalidInput) as exc:
        parse_import(bad, now=T0)
    assert {(e.row, e.column) for e in exc.value.errors} == {(2, "Role"), (3, "Status")}
    with pytest.raises(InvalidInput) as exc:
        parse_import(b"Company,Role\nAcme,Dev,extra\n", now=T0)
    assert exc.value.errors[0].row == 2
    with pytest.raises(InvalidInput) as exc:
        parse_import(
            b"Company,Role\nAcme,Dev\n",
            now=T0,
            mapping={"company": "Company", "role": "Title", "colour": "Role"},
        )
    assert {e.column for e in exc.value.errors} == {"Title", "colour"}
    with pytest.raises(InputTooLarge):
        parse_import(b"a" * (MAX_IMPORT_BYTES + 1), now=T0)
    with pytest.raises(UnsupportedFormat):
        parse_import(b"PK\x03\x04xxxx", now=T0)
    with pytest.raises(InvalidInput) as exc:
        parse_import(b'{"lists": [{"name": "Applied", "jobs": [{"title": "Dev"}]}]}', now=T0)
    assert exc.value.errors[0].column == "lists[0].jobs[0].company"
    with pytest.raises(InvalidInput):
        parse_import(b'Company,Role\n"Acme,Dev\n', now=T0)


def test_versioned_cache_keeps_recent_entries_and_marks_old_ones_for_refresh() -> None:
    from resugrow_tracker.adapters.cache import VersionedCache
    from resugrow_tracker.use_cases.ports import CachedReadModel

    cache = VersionedCache(max_entries=2)
    at = cache.now()
    cache.put(("analytics", "u1"), CachedReadModel(3, at, ["records"]))
    got = cache.entry(("analytics", "u1"))
    assert got is not None and got.value == ["records"] and got.version == 3 and got.fresh
    cache.put(("analytics", "u2"), CachedReadModel(1, at, "b"))
    cache.put(("analytics", "u3"), CachedReadModel(1, at, "c"))
    assert cache.entry(("analytics", "u1")) is None  # evicted, least recently used
    stale = VersionedCache(max_age_s=0.0)
    stale.put(("board", "u1"), CachedReadModel(1, at, "d"))
    old = stale.entry(("board", "u1"))
    assert old is not None and not old.fresh
