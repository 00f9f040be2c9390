from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from resugrow_linkedin.domain.audit import WEIGHTS, audit, band_for
from resugrow_linkedin.domain.ingest.export_zip import read_export
from resugrow_linkedin.domain.jsonresume import profile_from_json
from resugrow_linkedin.domain.models import ManualAnswers, Position, Profile, Share
from resugrow_linkedin.domain.text import bullets, cliches, is_duty, is_outcome

AS_OF = date(2026, 11, 27)


def _spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(v: list[float]) -> list[float]:
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2
            i = j + 1
        return r

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy)


def test_weights_sum_to_100_and_every_check_is_explained(fixtures: Path) -> None:
    assert sum(WEIGHTS.values()) == 100 and len(WEIGHTS) >= 14
    result = audit(read_export((fixtures / "export" / "complete.zip").read_bytes()).profile, as_of=AS_OF)
    assert [c.id for c in result.checks] == list(WEIGHTS)
    assert abs(sum(c.points_possible for c in result.checks) - 100) < 1e-9
    assert result.score == int(sum(c.points_earned for c in result.checks) + 0.5)
    assert "weight" in result.formula and result.band == band_for(result.score)
    for c in result.checks:
        assert c.why and c.effort_minutes > 0 and 0 <= c.points_earned <= c.points_possible
        if c.status != "pass":
            assert c.rule and c.fix


def test_four_tiers_are_strictly_ordered(fixtures: Path) -> None:
    tiers: list[float] = []
    scores: list[float] = []
    by_tier: dict[int, list[int]] = {}
    for path in sorted((fixtures / "tiers").glob("*.json")):
        doc = json.loads(path.read_text())
        score = audit(profile_from_json(doc["profile"]), as_of=AS_OF).score
        tiers.append(doc["tier_rank"])
        scores.append(score)
        by_tier.setdefault(doc["tier_rank"], []).append(score)
    rho = _spearman(tiers, scores)
    print(
        f"\n[tiers] spearman={rho:.3f} " + " ".join(f"t{t}={sorted(v)}" for t, v in sorted(by_tier.items()))
    )
    assert rho >= 0.85
    for lower in range(3):
        assert max(by_tier[lower]) < min(by_tier[lower + 1])  # no weaker profile above a stronger one


def test_fixes_are_ranked_by_points_per_minute(fixtures: Path) -> None:
    doc = json.loads((fixtures / "tiers" / "1_fair_1.json").read_text())
    result = audit(profile_from_json(doc["profile"]), as_of=AS_OF)
    ratios = [f.points_per_minute for f in result.fixes]
    assert ratios == sorted(ratios, reverse=True) and ratios
    gains = {f.check_id: f.points_gain for f in result.fixes}
    for c in result.checks:
        assert gains.get(c.id, 0.0) == round(c.points_possible - c.points_earned, 2)


def test_headline_truncation_keywords_and_defaults() -> None:
    profile = Profile(
        headline="Helping ambitious companies grow through thoughtful collaboration and — Data Analyst",
        positions=[Position(company="Acme", title="Data Analyst", current=True)],
        skills=["SQL"],
    )
    check = {c.id: c for c in audit(profile, as_of=AS_OF).checks}["headline"]
    assert check.evidence["truncated"] is True
    assert check.evidence["role_keyword_visible"] is False and check.evidence["role_keyword_present"] is True
    assert "first 60 characters" in (check.rule or "")
    default = Profile(
        headline="Data Analyst at Acme",
        positions=[Position(company="Acme", title="Data Analyst", current=True)],
    )
    assert {c.id: c for c in audit(default, as_of=AS_OF).checks}["headline"].evidence[
        "is_default_pattern"
    ] is True


def test_about_hook_length_and_call_to_action() -> None:
    weak = Profile(summary="I am a passionate professional.")
    strong = Profile(
        summary="Data engineer who cut batch time by 80% at Bluefin. "
        + "I build pipelines with Python and SQL. " * 20
        + "Email me at a@b.co.",
        skills=["Python", "SQL", "Airflow"],
        positions=[Position(company="Bluefin", title="Data Engineer", current=True)],
    )
    a = {c.id: c for c in audit(weak, as_of=AS_OF).checks}["about"]
    b = {c.id: c for c in audit(strong, as_of=AS_OF).checks}["about"]
    assert a.evidence["hook_ok"] is False and a.evidence["opening_cliches"] == ["passionate"]
    assert b.evidence["hook_ok"] is True and b.evidence["call_to_action"] is True
    assert b.points_earned > a.points_earned


def test_bullets_outcomes_duties_and_cliches() -> None:
    text = "• Cut costs by 30%\n• Responsible for reporting\nLed 4 engineers. Worked on tools."
    items = bullets(text)
    assert items == ["Cut costs by 30%", "Responsible for reporting", "Led 4 engineers.", "Worked on tools."]
    assert [is_outcome(b) for b in items] == [True, False, True, False]
    assert is_duty("Responsible for reporting")
    assert cliches("A results-driven, passionate team player. Passionate!") == [
        "results-driven",
        "passionate",
        "team player",
    ]


def test_activity_uses_the_given_as_of_date() -> None:
    profile = Profile(shares=[Share(date="2026-11-20"), Share(date="2026-10-30"), Share(date="2026-09-02")])
    early = {c.id: c for c in audit(profile, as_of=date(2026, 11, 21)).checks}["activity"]
    late = {c.id: c for c in audit(profile, as_of=date(2027, 6, 1)).checks}["activity"]
    assert early.evidence["days_since_last_post"] == 1 and early.evidence["posts_per_month_90d"] == 1.0
    assert late.evidence["days_since_last_post"] == 193 and late.points_earned < early.points_earned
    unknown = {c.id: c for c in audit(Profile(shares=None), as_of=AS_OF).checks}["activity"]
    assert unknown.status == "unknown" and unknown.points_earned == 0


def test_comments_count_towards_activity() -> None:
    posts_only = Profile(shares=[Share(date="2026-06-01")])
    with_comments = posts_only.model_copy(
        update={"comment_dates": ["2026-11-25", "2026-11-20", "2026-11-02"]}
    )
    a = {c.id: c for c in audit(posts_only, as_of=AS_OF).checks}["activity"]
    b = {c.id: c for c in audit(with_comments, as_of=AS_OF).checks}["activity"]
    assert b.evidence["days_since_last_activity"] == 2 and b.evidence["comments_90d"] == 3
    assert b.points_earned > a.points_earned


def test_observed_score_excludes_what_no_file_shows(fixtures: Path) -> None:
    from resugrow_linkedin.domain.ingest.pdf_profile import parse_profile_pdf

    result = audit(parse_profile_pdf((fixtures / "pdf" / "profile_09.pdf").read_bytes()).profile, as_of=AS_OF)
    unknown = sum(c.points_possible for c in result.checks if c.status == "unknown")
    assert result.points_unknown == unknown > 0
    assert result.score_observed == int(100 * result.score_exact / (100 - unknown) + 0.5) > result.score


def test_manual_answers_and_all_star() -> None:
    profile = Profile(manual=ManualAnswers(photo=True, banner=False))
    checks = {c.id: c for c in audit(profile, as_of=AS_OF).checks}
    assert (
        checks["photo"].status == "pass"
        and checks["banner"].status == "fail"
        and checks["featured"].status == "unknown"
    )
    doc = json.loads(
        (Path(__file__).resolve().parent.parent / "fixtures" / "tiers" / "3_strong_1.json").read_text()
    )
    star = audit(profile_from_json(doc["profile"]), as_of=AS_OF).all_star
    assert star["all_star"] is True and star["met"] == 8


def test_custom_url_detection() -> None:
    custom = {c.id: c for c in audit(Profile(public_url="www.linkedin.com/in/jane-doe"), as_of=AS_OF).checks}
    generated = {
        c.id: c
        for c in audit(Profile(public_url="www.linkedin.com/in/jane-doe-4a7b91b2"), as_of=AS_OF).checks
    }
    assert custom["custom_url"].status == "pass" and generated["custom_url"].status == "fail"


def test_same_input_same_output(fixtures: Path) -> None:
    profile = read_export((fixtures / "export" / "complete.zip").read_bytes()).profile
    assert audit(profile, as_of=AS_OF).model_dump_json() == audit(profile, as_of=AS_OF).model_dump_json()
