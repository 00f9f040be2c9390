"""The impact dimension of the quality score: bullets, length and date consistency."""

from __future__ import annotations

from datetime import date

from resugrow_ats.domain import weights as W
from resugrow_ats.domain.dates import find_range
from resugrow_ats.domain.document import Document, Line
from resugrow_ats.domain.lexicon import ACTION_VERBS
from resugrow_ats.domain.parse import ParsedResume, evidence_of
from resugrow_ats.domain.score.model import (
    QUANTIFIED,
    WEAK_OPENERS,
    Finding,
    all_bullets,
    bullet_text,
    ev_dict,
    line_ev,
)


def _impact(parsed: ParsedResume, as_of: date, findings: list[Finding]) -> int:
    pts = W.IMPACT_POINTS
    bullets = all_bullets(parsed)
    score = 0.0
    if bullets:
        # Each check adds its points in turn, so the float sums match the one-function original.
        for check in _BULLET_CHECKS:
            score += check(bullets, findings)
    else:
        findings.append(
            Finding(
                "impact.no_bullets",
                "warning",
                "experience",
                "No achievement bullets were found under your roles.",
                "Under each role, add 3-5 bullets that start with an action verb and state a measurable result.",
            )
        )
    score += _length_points(parsed.document, findings)
    score += pts["dates"] * _date_consistency(parsed, as_of, findings)
    return int(round(min(100.0, score)))


def _quantified_points(bullets: list[Line], findings: list[Finding]) -> float:
    quantified = [b for b in bullets if QUANTIFIED.search(bullet_text(b))]
    share = len(quantified) / len(bullets)
    if share < W.TARGET_QUANTIFIED_SHARE:
        example = next(b for b in bullets if b not in quantified)
        findings.append(
            Finding(
                "impact.quantified_low",
                "warning",
                "experience",
                f"{len(quantified)} of {len(bullets)} bullets carry a number; aim for at least {int(W.TARGET_QUANTIFIED_SHARE * 100)}%.",
                "Add the result and its size: how much, how many, how fast (e.g. 'cut build time 40%').",
                line_ev(example),
            )
        )
    return W.IMPACT_POINTS["quantified"] * min(1.0, share / W.TARGET_QUANTIFIED_SHARE)


def _verb_points(bullets: list[Line], findings: list[Finding]) -> float:
    verbs = [b for b in bullets if bullet_text(b).split(" ", 1)[0].lower().strip(",.") in ACTION_VERBS]
    vshare = len(verbs) / len(bullets)
    for b in bullets:
        m = WEAK_OPENERS.match(bullet_text(b))
        if m:
            findings.append(
                Finding(
                    "impact.weak_opener",
                    "info",
                    "experience",
                    f"The bullet starts with '{m.group()}', which describes a duty rather than a result.",
                    "Start with a strong past-tense verb (Built, Led, Reduced, Launched) and end with the outcome.",
                    line_ev(b),
                )
            )
    return W.IMPACT_POINTS["action_verbs"] * min(1.0, vshare / W.TARGET_ACTION_VERB_SHARE)


def _bullet_length_points(bullets: list[Line], findings: list[Finding]) -> float:
    lo, hi = W.BULLET_WORDS
    good = [b for b in bullets if lo <= len(bullet_text(b).split()) <= hi]
    for b in bullets:
        if len(bullet_text(b).split()) > hi:
            findings.append(
                Finding(
                    "impact.bullet_long",
                    "info",
                    "experience",
                    f"A bullet runs to {len(bullet_text(b).split())} words.",
                    f"Keep bullets under {hi} words: one achievement each.",
                    line_ev(b),
                )
            )
    return W.IMPACT_POINTS["bullet_length"] * len(good) / len(bullets)


_BULLET_CHECKS = (_quantified_points, _verb_points, _bullet_length_points)


def _length_points(doc: Document, findings: list[Finding]) -> float:
    pts = W.IMPACT_POINTS
    words = len(doc.text.split())
    lo, hi = W.DOCUMENT_WORDS
    pages = doc.layout.pages if doc.kind in ("pdf", "rendered") else max(1, round(words / 600))
    if lo <= words <= hi and pages <= W.MAX_PAGES:
        return pts["length"]
    if words > hi or pages > W.MAX_PAGES:
        findings.append(
            Finding(
                "length.too_long",
                "warning",
                "document",
                f"The resume has {words} words on {pages} page(s).",
                f"Trim to at most {W.MAX_PAGES} pages: keep the last 10 years and the achievements that match your target job.",
            )
        )
        return pts["length"] / 2
    if words:
        findings.append(
            Finding(
                "length.too_short",
                "warning",
                "document",
                f"The resume has only {words} words.",
                f"Aim for {lo}-{hi} words: add achievements, skills and education details.",
            )
        )
        return pts["length"] * words / lo
    return 0


def _date_consistency(parsed: ParsedResume, as_of: date, findings: list[Finding]) -> float:
    now = as_of.year * 12 + as_of.month - 1
    problems = 0
    for w in parsed.work:
        if w.dates is None:
            continue
        found = find_range(w.date_line.text) if w.date_line else None
        ev = evidence_of(w.date_line, *found.span) if w.date_line and found else None
        if w.dates.end and w.dates.end.ordinal(end=True) < w.dates.start.ordinal():
            problems += 1
            findings.append(
                Finding(
                    "dates.end_before_start",
                    "warning",
                    "experience",
                    f"The dates '{w.dates.text}' end before they start.",
                    "Correct the start or end date.",
                    ev_dict(ev),
                )
            )
        if w.dates.start.ordinal() > now:
            problems += 1
            findings.append(
                Finding(
                    "dates.future",
                    "warning",
                    "experience",
                    f"The role starting '{w.dates.text}' starts after {as_of.isoformat()}.",
                    "Check the year; future roles belong in a cover letter, not the experience section.",
                    ev_dict(ev),
                )
            )
    current = [w for w in parsed.work if w.dates and w.dates.end is None]
    if len(current) > 2:
        problems += 1
        findings.append(
            Finding(
                "dates.many_current",
                "info",
                "experience",
                f"{len(current)} roles are marked as current.",
                "Give past roles an end date; keep 'Present' for roles you still hold.",
                line_ev(current[-1].date_line),
            )
        )
    return max(0.0, 1.0 - 0.5 * problems)
