"""Session use cases on an in-memory repository: start, answer, pause, resume, finish, list, progress."""

from __future__ import annotations

from datetime import timedelta

import pytest

from resugrow_domain import Conflict, InvalidInput, NotFound, TooLarge
from resugrow_events import InterviewAnswerScoredV1, InterviewSessionCompletedV1
from resugrow_interview.commands import AnswerQuestion, ScheduledInterview, StartSession
from resugrow_interview.use_cases import answers, progress, sessions, suggestions
from resugrow_interview.use_cases.views import save
from resugrow_testing.fakes import run_fake

from .conftest import NOW, STAR


async def _start(uow, lib, *, count: int = 2, user_id: str = "u1", at=NOW) -> dict:
    cmd = StartSession(role="software", types=["behavioral"], count=count)
    return await run_fake(uow, lambda u: sessions.start_session(u, cmd, user_id=user_id, now=at, lib=lib))


async def _answer(uow, lib, sid: str, text: str = STAR, user_id: str = "u1") -> dict:
    return await run_fake(
        uow,
        lambda u: answers.answer_question(
            u, AnswerQuestion(answer=text), user_id=user_id, session_id=sid, now=NOW, lib=lib
        ),
    )


async def test_start_session_plans_questions_and_waits_for_the_first_answer(uow, lib):
    view = await _start(uow, lib)
    assert view["status"] == "active" and view["plan"]["count"] == 2
    assert view["pending"]["type"] == "behavioral" and view["answers"] == []
    with pytest.raises(InvalidInput) as bad:
        await sessions.start_session(uow, StartSession(role="astronaut"), user_id="u1", now=NOW, lib=lib)
    assert bad.value.field == "role" and len(uow.sessions.coll) == 1


async def test_answer_question_scores_records_and_announces(uow, lib):
    sid = (await _start(uow, lib))["id"]
    result = await _answer(uow, lib, sid)
    assert result["evaluation"]["total"] > 0 and result["status"] == "active"
    [scored] = uow.events(InterviewAnswerScoredV1)
    assert scored.session_id == sid and scored.total == result["evaluation"]["total"]
    stored = await sessions.get_session(uow, user_id="u1", session_id=sid, lib=lib)
    assert len(stored["answers"]) == 1 and stored["answers"][0]["answer"] == STAR


async def test_answer_question_refuses_bad_answers_and_changes_nothing(uow, lib):
    sid = (await _start(uow, lib))["id"]
    before = await sessions.get_session(uow, user_id="u1", session_id=sid, lib=lib)
    for bad, error in [("", InvalidInput), ("a" * 20_001, TooLarge), (12345, InvalidInput)]:
        with pytest.raises(error):
            await _answer(uow, lib, sid, bad)
    with pytest.raises(Conflict):  # not the question waiting for an answer
        await answers.answer_question(
            uow, AnswerQuestion(answer=STAR, question_id="beh-nope-01"), user_id="u1", session_id=sid, now=NOW,
            lib=lib,
        )  # fmt: skip
    with pytest.raises(NotFound):
        await _answer(uow, lib, sid, user_id="u2")
    assert await sessions.get_session(uow, user_id="u1", session_id=sid, lib=lib) == before
    assert uow.published == []


async def test_a_stale_write_is_a_conflict(uow, lib):
    sid = (await _start(uow, lib))["id"]
    doc = await uow.sessions.get("u1", sid)
    assert await uow.sessions.replace_if_version({**doc, "version": doc["version"] + 1}, doc["version"])
    with pytest.raises(Conflict):
        await save(uow, doc)  # still holds the old version


async def test_pause_blocks_answers_until_resumed(uow, lib):
    sid = (await _start(uow, lib))["id"]
    paused = await sessions.pause_session(uow, user_id="u1", session_id=sid, now=NOW, lib=lib)
    assert paused["status"] == "paused"
    with pytest.raises(Conflict):
        await sessions.pause_session(uow, user_id="u1", session_id=sid, now=NOW, lib=lib)
    with pytest.raises(Conflict):
        await _answer(uow, lib, sid)
    resumed = await sessions.resume_session(uow, user_id="u1", session_id=sid, now=NOW, lib=lib)
    assert resumed["status"] == "active"
    assert (await _answer(uow, lib, sid))["evaluation"]["total"] > 0


async def test_finish_session_reports_and_announces_once(uow, lib):
    sid = (await _start(uow, lib))["id"]
    await _answer(uow, lib, sid)
    done = await run_fake(uow, lambda u: sessions.finish_session(u, user_id="u1", session_id=sid, now=NOW))
    assert done["status"] == "completed" and done["report"]["questions_answered"] == 1
    [completed] = uow.events(InterviewSessionCompletedV1)
    assert completed.session_id == sid and completed.answers == 1
    with pytest.raises(Conflict):
        await sessions.finish_session(uow, user_id="u1", session_id=sid, now=NOW)


async def test_list_sessions_pages_newest_first_and_filters_by_status(uow, lib):
    ids = [(await _start(uow, lib, at=NOW + timedelta(minutes=i)))["id"] for i in range(3)]
    await sessions.pause_session(uow, user_id="u1", session_id=ids[0], now=NOW, lib=lib)
    first = await sessions.list_sessions(uow, user_id="u1", status=None, limit=2)
    assert [r["id"] for r in first["items"]] == ids[::-1][:2] and first["total"] == 3
    rest = await sessions.list_sessions(uow, user_id="u1", status=None, limit=2, cursor=first["next_cursor"])
    assert [r["id"] for r in rest["items"]] == ids[:1] and rest["next_cursor"] is None
    paused = await sessions.list_sessions(uow, user_id="u1", status="paused", limit=5)
    assert [r["id"] for r in paused["items"]] == ids[:1]
    with pytest.raises(InvalidInput):
        await sessions.list_sessions(uow, user_id="u1", status="sleeping", limit=5)


async def test_get_session_only_for_its_owner(uow, lib):
    sid = (await _start(uow, lib))["id"]
    assert (await sessions.get_session(uow, user_id="u1", session_id=sid, lib=lib))["id"] == sid
    with pytest.raises(NotFound):
        await sessions.get_session(uow, user_id="u2", session_id=sid, lib=lib)


async def test_progress_and_summary_count_sessions_and_find_the_weakest_area(uow, lib):
    empty = await progress.user_summary(uow, user_id="u1")
    assert empty["sessions_total"] == 0 and empty["latest_completed"] is None
    for _ in range(2):
        sid = (await _start(uow, lib, count=1))["id"]
        await _answer(uow, lib, sid)
        await sessions.finish_session(uow, user_id="u1", session_id=sid, now=NOW)
    prog = await progress.user_progress(uow, user_id="u1")
    assert prog["sessions_count"] == 2 and prog["weakest_competency"]
    summary = await progress.user_summary(uow, user_id="u1")
    assert summary["sessions_completed"] == 2 and summary["latest_completed"]["answered"] == 1


async def test_a_scheduled_interview_suggests_one_paused_session(uow, lib):
    cmd = ScheduledInterview(
        event_id="evt-1", application_id="a1", company="Acme", role_title="Senior Data Analyst",
        interview_type="technical", scheduled_at=NOW, job_description="SQL and Python",
    )  # fmt: skip
    sid = await suggestions.suggest_session(uow, cmd, user_id="u1", now=NOW, lib=lib)
    assert sid is not None
    assert await suggestions.suggest_session(uow, cmd, user_id="u1", now=NOW, lib=lib) is None  # redelivery
    view = await sessions.get_session(uow, user_id="u1", session_id=sid, lib=lib)
    assert view["status"] == "paused" and view["origin"] == "tracker" and view["plan"]["role"] == "data"
    assert view["context"]["company"] == "Acme"
    summary = await progress.user_summary(uow, user_id="u1")
    assert [s["id"] for s in summary["suggested_sessions"]] == [sid]
