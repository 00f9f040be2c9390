"""Review use cases on in-memory repositories."""

from __future__ import annotations

import pytest

from resugrow_domain import InvalidInput, NotFound, TooLarge, Unsupported
from resugrow_events import LinkedinReviewCompletedV1
from resugrow_linkedin.commands import ReviewRequest, Upload
from resugrow_linkedin.use_cases import reviews
from resugrow_testing.fakes import run_fake

from .conftest import EXPORTS, NOW, PROFILE, fakes


async def _review(uow, analyser, cmd: ReviewRequest, *, upload: Upload | None = None, user_id: str = "u1"):
    analysis = await reviews.analyse_profile(
        uow, cmd, user_id=user_id, now=NOW, upload=upload, analyser=analyser
    )
    return await run_fake(uow, lambda u: reviews.record_review(u, analysis, user_id=user_id, now=NOW))


async def test_a_review_of_an_export_is_stored_and_announced_with_the_previous_score(uow, analyser):
    first = await _review(
        uow,
        analyser,
        ReviewRequest(application_id="app-1"),
        upload=Upload((EXPORTS / "basic.zip").read_bytes()),
    )
    assert first["source"] == "export" and 0 < first["score"] <= 100 and first["application_id"] == "app-1"
    assert first["as_of"] == "2026-03-01" and first["audit"]["checks"]
    second = await _review(
        uow, analyser, ReviewRequest(profile=PROFILE, job_description="Senior Data Engineer\nSQL, Spark")
    )
    assert second["targeting"] is not None
    events = uow.events(LinkedinReviewCompletedV1)
    assert [e.review_id for e in events] == [first["id"], second["id"]]
    assert events[0].previous_score is None and events[1].previous_score == first["score"]


async def test_analyse_profile_refuses_bad_input_before_storing_anything(uow, analyser):
    with pytest.raises(InvalidInput) as nothing:
        await reviews.analyse_profile(
            uow, ReviewRequest(), user_id="u1", now=NOW, upload=None, analyser=analyser
        )
    assert nothing.value.field == "profile"
    with pytest.raises(Unsupported) as not_linkedin:
        await reviews.analyse_profile(
            uow, ReviewRequest(), user_id="u1", now=NOW, upload=Upload(b"hello"), analyser=analyser
        )
    assert not_linkedin.value.extra["code"] == "unsupported"
    with pytest.raises(TooLarge):
        await reviews.analyse_profile(
            uow, ReviewRequest(), user_id="u1", now=NOW, upload=Upload(b"x" * 11),
            analyser=fakes.InlineAnalyser(max_upload_bytes=10),
        )  # fmt: skip
    with pytest.raises(InvalidInput) as long_job:
        await reviews.analyse_profile(
            uow, ReviewRequest(profile=PROFILE, job_description="x" * 101), user_id="u1", now=NOW,
            upload=None, analyser=fakes.InlineAnalyser(max_job_description_chars=100),
        )  # fmt: skip
    assert long_job.value.field == "job_description"
    assert uow.published == [] and len(uow.reviews.coll) == 0


async def test_analyse_profile_compares_with_the_users_resumes(uow, analyser):
    await uow.resumes.put_if_newer(
        "u1", "res-1", {"version": 1, "name": "Ana Lee", "positions": [
            {"company": "Acme", "title": "Senior Data Engineer", "start": "2021-03", "end": "Present"}]},
    )  # fmt: skip
    analysis = await reviews.analyse_profile(
        uow, ReviewRequest(profile=PROFILE), user_id="u1", now=NOW, upload=None, analyser=analyser
    )
    assert [m.kind for m in analysis.outcome.consistency] == ["title"]
    other = await reviews.analyse_profile(
        uow, ReviewRequest(profile=PROFILE), user_id="u2", now=NOW, upload=None, analyser=analyser
    )
    assert other.outcome.consistency == []


async def test_list_reviews_pages_newest_first_without_the_profile(uow, analyser):
    ids = [(await _review(uow, analyser, ReviewRequest(profile=PROFILE)))["id"] for _ in range(3)]
    first = await reviews.list_reviews(uow, user_id="u1", limit=2)
    assert [i["id"] for i in first.items] == ids[::-1][:2] and "profile" not in first.items[0]
    rest = await reviews.list_reviews(uow, user_id="u1", limit=2, cursor=first.next_cursor)
    assert [i["id"] for i in rest.items] == ids[:1] and rest.next_cursor is None
    assert (await reviews.list_reviews(uow, user_id="u2", limit=2)).items == []


async def test_get_and_diff_reviews_only_of_the_owner(uow, analyser):
    a = await _review(uow, analyser, ReviewRequest(profile=PROFILE))
    b = await _review(
        uow, analyser, ReviewRequest(profile={**PROFILE, "summary": "I build data platforms " * 20})
    )
    assert (await reviews.get_review(uow, user_id="u1", review_id=a["id"]))["profile"] == a["profile"]
    with pytest.raises(NotFound):
        await reviews.get_review(uow, user_id="u2", review_id=a["id"])
    changes = await reviews.diff_reviews(uow, user_id="u1", review_id=a["id"], other_id=b["id"])
    assert changes["score_delta"] == b["score"] - a["score"]
    with pytest.raises(NotFound):
        await reviews.diff_reviews(uow, user_id="u2", review_id=a["id"], other_id=b["id"])


async def test_summarize_reviews_shows_the_trend(uow, analyser):
    assert (await reviews.summarize_reviews(uow, user_id="u1"))["reviews"] == 0
    a = await _review(uow, analyser, ReviewRequest(profile=PROFILE))
    b = await _review(
        uow, analyser, ReviewRequest(profile={**PROFILE, "summary": "I build data platforms " * 20})
    )
    summary = await reviews.summarize_reviews(uow, user_id="u1")
    assert summary["reviews"] == 2 and summary["latest"]["review_id"] == b["id"]
    assert summary["trend"] == b["score"] - a["score"]
    assert [h["review_id"] for h in summary["history"]] == [a["id"], b["id"]]
