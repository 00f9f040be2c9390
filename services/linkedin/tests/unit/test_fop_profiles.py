"""LinkedIn "Save to PDF" profiles made the way LinkedIn makes them (XSL-FO + Apache FOP).

Fixtures: tests/fixtures/fop (see make_fop_fixtures.py there); the truth JSON was written from
the seeded profile data before any PDF was parsed. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import json
from pathlib import Path

from resugrow_linkedin.domain.ingest.pdf_profile import parse_profile_pdf, split_credentials
from resugrow_linkedin.domain.models import IngestError

FOP = Path(__file__).parent.parent / "fixtures" / "fop"


def _n(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _f1(tp: int, npred: int, ntrue: int) -> float:
    return 2 * tp / max(1, npred + ntrue)


def measure(pdfs: list[Path] | None = None) -> dict[str, float]:
    pdfs = sorted(FOP.glob("fop_*.pdf")) if pdfs is None else pdfs
    ok = {"name": 0, "headline": 0, "email": 0}
    work = [0, 0, 0]
    edu = [0, 0, 0]
    leaks = creds = refused = 0
    for pdf in pdfs:
        truth = json.loads(pdf.with_suffix(".json").read_text())
        try:
            profile = parse_profile_pdf(pdf.read_bytes()).profile
        except IngestError:
            # Refused as "not a LinkedIn PDF": every field of this profile counts as missed.
            refused += 1
            work[2] += len(truth["positions"])
            edu[2] += len({_n(e["school"]) for e in truth["education"]})
            continue
        ok["name"] += profile.name == truth["name"]
        ok["headline"] += _n(profile.headline) == _n(truth["headline"])
        ok["email"] += _n(profile.email) == _n(truth["email"])
        got = {(_n(p.company), _n(p.title)) for p in profile.positions}
        want = {(_n(p["company"]), _n(p["title"])) for p in truth["positions"]}
        for i, v in enumerate((len(got & want), len(got), len(want))):
            work[i] += v
        got_e = {_n(e.school) for e in profile.education}
        want_e = {_n(e["school"]) for e in truth["education"]}
        for i, v in enumerate((len(got_e & want_e), len(got_e), len(want_e))):
            edu[i] += v
        leaks += sum(1 for c, t in got if "page " in c or "page " in t)
        if "credentials" in truth:
            creds += truth["credentials"].replace(",", "").split() == profile.credentials
    n = len(pdfs)
    return {
        "profiles": n,
        **{k: v / n for k, v in ok.items()},
        "positions_f1": _f1(*work),
        "education_f1": _f1(*edu),
        "footer_leaks": leaks,
        "refused": refused,
        "credentials_kept": creds,
        "with_credentials": sum(
            1 for p in pdfs if "credentials" in json.loads(p.with_suffix(".json").read_text())
        ),
    }


def test_fop_profiles_meet_the_bars() -> None:
    fig = measure()
    print("\n[fop]", {k: round(v, 3) for k, v in fig.items()})
    assert fig["profiles"] >= 16
    assert fig["name"] >= 0.97 and fig["headline"] >= 0.97 and fig["email"] >= 0.97
    assert fig["positions_f1"] >= 0.93
    assert fig["education_f1"] >= 0.90
    assert fig["footer_leaks"] == 0
    assert fig["credentials_kept"] == fig["with_credentials"]


def test_wide_tuned_profiles_meet_the_bars() -> None:
    """New personas of make_fop_wide.py the parser was fixed on (wide/tuned)."""
    fig = measure(sorted((FOP / "wide" / "tuned").glob("t*.pdf")))
    print("\n[fop wide tuned]", {k: round(v, 3) for k, v in fig.items()})
    assert fig["profiles"] >= 60
    assert fig["name"] >= 0.97 and fig["headline"] >= 0.97 and fig["email"] >= 0.97
    assert fig["positions_f1"] >= 0.93
    assert fig["education_f1"] >= 0.90
    assert fig["footer_leaks"] == 0


def test_wide_tuned_s2_profiles_meet_the_bars() -> None:
    """wide/tuned_s2: session 2's untuned part. Its one name miss (an Arabic name before ", PhD")
    was inspected and fixed in session 3, so it is tuned now and held to the bars."""
    fig = measure(sorted((FOP / "wide" / "tuned_s2").glob("u*.pdf")))
    print("\n[fop wide tuned_s2]", {k: round(v, 3) for k, v in fig.items()})
    assert fig["profiles"] >= 32
    assert fig["name"] >= 0.97 and fig["headline"] >= 0.97 and fig["email"] >= 0.97
    assert fig["positions_f1"] >= 0.93
    assert fig["education_f1"] >= 0.90
    assert fig["footer_leaks"] == 0
    assert fig["credentials_kept"] == fig["with_credentials"]


def test_wide_untuned_profiles() -> None:
    """wide/untuned (n01-n24): drawn and committed before the session-3 parser first ran on them;
    scored only as a whole, never inspected profile by profile (README, "FOP-made profiles")."""
    fig = measure(sorted((FOP / "wide" / "untuned").glob("n*.pdf")))
    print("\n[fop wide untuned]", {k: round(v, 3) for k, v in fig.items()})
    assert fig["profiles"] >= 24
    assert fig["name"] >= 0.97 and fig["headline"] >= 0.97 and fig["email"] >= 0.97
    assert fig["positions_f1"] >= 0.93
    assert fig["education_f1"] >= 0.90
    assert fig["footer_leaks"] == 0


def test_credentials_are_kept_apart_from_the_name() -> None:
    assert split_credentials("Jane Doe, PhD") == ("Jane Doe", ["PhD"])
    assert split_credentials("Jane Doe - SHRM-CP") == ("Jane Doe", ["SHRM-CP"])
    assert split_credentials("Sofia Ramanathan, MBA, PMP") == ("Sofia Ramanathan", ["MBA", "PMP"])
    assert split_credentials("Mary-Jane O'Neil") == ("Mary-Jane O'Neil", [])
    assert split_credentials("Ольга Смирнова") == ("Ольга Смирнова", [])
