"""Counter-offer plans: anchor, target and walk-away from cited figures only, plus a script and e-mail.

Every number in the plan, the script and the e-mail is either something the user gave us or a
cited OEWS cell; nothing is invented, rounded or computed in the text (a test checks this).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from resugrow_career.domain.wages import OEWS_RELEASE, Cell

MARKET_STEPS = ("median", "p75", "p90")
STEP_WORDS = {"median": "median", "p75": "upper-quartile", "p90": "top-decile"}


@dataclass(frozen=True)
class Figure:
    amount: Decimal
    label: str
    source: dict[str, Any]

    def text(self) -> str:
        return money_text(self.amount)


def money_text(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"USD {int(amount):,}"
    return f"USD {amount:,.2f}"


@dataclass(frozen=True)
class CounterInput:
    offer_base: Figure
    company: str
    role: str
    market: dict[str, Cell]
    competing: list[Figure]
    minimum: Figure | None
    achievements: list[str]
    tone: str
    candidate_name: str | None
    recipient_name: str | None


def _market_figures(market: dict[str, Cell]) -> list[Figure]:
    out = []
    for step in MARKET_STEPS:
        cell = market.get(step)
        if cell is not None and cell.value is not None:
            out.append(
                Figure(Decimal(cell.raw.replace(",", "")), f"market {STEP_WORDS[step]}", cell.citation)
            )
    return out


def plan(ci: CounterInput) -> dict[str, Figure]:
    offer = ci.offer_base.amount
    market = _market_figures(ci.market)
    above = [f for f in market if f.amount > offer]
    options = [*above[:1], *[c for c in ci.competing if c.amount > offer]]
    target = max(options, key=lambda f: f.amount) if options else ci.offer_base
    if ci.minimum is not None and ci.minimum.amount > target.amount:
        target = ci.minimum
    higher = [f for f in market if f.amount > target.amount]
    anchor = higher[0] if higher else target
    walk = ci.minimum if ci.minimum is not None else ci.offer_base
    return {"anchor": anchor, "target": target, "walk_away": walk}


def _facts(ci: CounterInput) -> list[str]:
    facts = []
    for f in _market_figures(ci.market):
        facts.append(
            f"the {f.label.removeprefix('market ')} base pay for this role in {f.source['area_title']} is {f.text()} ({OEWS_RELEASE})"
        )
    for c in ci.competing:
        facts.append(f"{c.label} offers a base of {c.text()}")
    return facts


def script(ci: CounterInput, p: dict[str, Figure]) -> list[str]:
    direct = ci.tone == "direct"
    lines = [
        (
            f"Thank you for the offer for the {ci.role} role. I want to make this work, and I have one point on base pay."
            if direct
            else f"Thank you for the offer for the {ci.role} role at {ci.company}. I'm excited about it and would like to talk through the base pay together."
        ),
    ]
    for a in ci.achievements[:3]:
        lines.append(f"What I bring: {a}")
    for fact in _facts(ci):
        lines.append(f"For context, {fact}.")
    ask = p["anchor"].text()
    lines.append(
        f"I'm asking for a base of {ask}."
        if direct
        else f"Would a base of {ask} be possible? That would let me say yes with confidence."
    )
    lines.append(
        f"(Private: your target is {p['target'].text()}; below {p['walk_away'].text()} you walk away.)"
    )
    return lines


def email(ci: CounterInput, p: dict[str, Figure]) -> dict[str, str]:
    hello = f"Hi {ci.recipient_name}," if ci.recipient_name else "Hello,"
    direct = ci.tone == "direct"
    opening = (
        f"Thank you for the offer for the {ci.role} position. Before I sign, I'd like to discuss the base salary."
        if direct
        else f"Thank you so much for the offer for the {ci.role} position at {ci.company}. I'm excited to join, and I'd love to find a base salary that works for both of us."
    )
    body = [hello, "", opening, ""]
    if ci.achievements:
        body.append("A few things I would bring to the team:")
        body.extend(f"- {a}" for a in ci.achievements[:3])
        body.append("")
    facts = _facts(ci)
    if facts:
        body.append("For reference: " + "; ".join(facts) + ".")
        body.append("")
    body.append(
        f"Based on this, I'm asking for a base salary of {p['anchor'].text()}."
        if direct
        else f"With that in mind, would a base salary of {p['anchor'].text()} be possible?"
    )
    body.extend(["", "Best regards," if direct else "Thank you again,", ci.candidate_name or ""])
    return {"subject": f"{ci.role} offer: base salary", "body": "\n".join(body).rstrip() + "\n"}


def counter_view(ci: CounterInput) -> dict[str, Any]:
    p = plan(ci)
    return {
        "plan": {k: {"amount": float(f.amount), "basis": f.label, "source": f.source} for k, f in p.items()},
        "tone": ci.tone,
        "script": script(ci, p),
        "email": email(ci, p),
        "note": "Market figures are OEWS base wages; they exclude bonus, equity and benefits.",
    }
