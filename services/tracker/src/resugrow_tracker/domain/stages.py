"""Canonical pipeline stages, their order, and the mapping of free text and board columns onto them."""

from __future__ import annotations

import re
from enum import StrEnum


class Stage(StrEnum):
    SAVED = "saved"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"


STAGES: tuple[Stage, ...] = tuple(Stage)

# How far down the funnel a stage proves the application got. "Declined" means the candidate
# turned an offer down, so it proves an offer; rejected/withdrawn/ghosted prove nothing beyond
# what came before them (rank None).
FUNNEL_RANK: dict[Stage, int | None] = {
    Stage.SAVED: 0,
    Stage.APPLIED: 1,
    Stage.SCREENING: 2,
    Stage.INTERVIEWING: 3,
    Stage.OFFER: 4,
    Stage.ACCEPTED: 5,
    Stage.DECLINED: 4,
    Stage.REJECTED: None,
    Stage.WITHDRAWN: None,
    Stage.GHOSTED: None,
}
RANK_STAGE: dict[int, Stage] = {
    0: Stage.SAVED,
    1: Stage.APPLIED,
    2: Stage.SCREENING,
    3: Stage.INTERVIEWING,
    4: Stage.OFFER,
    5: Stage.ACCEPTED,
}

CLOSED: frozenset[Stage] = frozenset(
    {Stage.ACCEPTED, Stage.DECLINED, Stage.REJECTED, Stage.WITHDRAWN, Stage.GHOSTED}
)
ACTIVE: frozenset[Stage] = frozenset({Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER})
# A move into one of these is the employer answering (a rejection is an answer too).
RESPONSE_STAGES: frozenset[Stage] = frozenset(
    {Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED, Stage.DECLINED, Stage.REJECTED}
)
# Only an application that was sent can be rejected or ghosted.
PROVES_APPLIED: frozenset[Stage] = frozenset({Stage.REJECTED, Stage.GHOSTED})

_SYNONYMS: dict[str, Stage] = {}


def _add(stage: Stage, *names: str) -> None:
    for name in names:
        _SYNONYMS[_norm(name)] = stage


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


_add(
    Stage.SAVED,
    "saved", "save", "wishlist", "wish list", "bookmarked", "bookmark", "interested", "to apply",
    "want to apply", "prospect", "lead", "researching", "considering", "planned", "backlog", "todo",
    "to do", "not applied", "not yet applied", "draft", "shortlist", "shortlisted",
)  # fmt: skip
_add(
    Stage.APPLIED,
    "applied", "apply", "application sent", "application submitted", "submitted", "sent",
    "in review", "under review", "pending", "awaiting response", "waiting", "easy apply",
    "applied online", "application",
)  # fmt: skip
_add(
    Stage.SCREENING,
    "screening", "screen", "phone screen", "phone screening", "recruiter screen", "recruiter call",
    "hr screen", "hr call", "initial call", "intro call", "first call", "phone call", "phone interview",
    "recruiter", "assessment", "online assessment", "coding test", "oa",
)  # fmt: skip
_add(
    Stage.INTERVIEWING,
    "interviewing", "interview", "interviews", "interviewed", "onsite", "on site", "technical interview",
    "tech interview", "technical", "final round", "final interview", "second interview", "2nd interview",
    "panel", "panel interview", "take home", "case study", "hiring manager",
)  # fmt: skip
_add(Stage.OFFER, "offer", "offered", "offer received", "got offer", "negotiating", "negotiation")
_add(Stage.ACCEPTED, "accepted", "offer accepted", "hired", "signed", "accept", "joined")
_add(
    Stage.DECLINED,
    "declined", "offer declined", "declined offer", "decline", "decline offer", "turned down", "i declined",
    "not interested",
)  # fmt: skip
_add(
    Stage.REJECTED,
    "rejected", "rejection", "reject", "not selected", "no offer", "denied", "unsuccessful",
    "turned down by company", "closed rejected", "position filled", "refused", "no",
)  # fmt: skip
_add(Stage.WITHDRAWN, "withdrawn", "withdrew", "withdraw", "pulled out", "cancelled", "canceled", "archived")
# German spreadsheets are common enough among our users to read their words too.
_add(Stage.SAVED, "gemerkt", "merkliste", "vorgemerkt")
_add(Stage.APPLIED, "beworben", "bewerbung gesendet", "bewerbung verschickt")
_add(Stage.SCREENING, "telefoninterview", "erstgesprach", "erstgespräch")
_add(Stage.INTERVIEWING, "vorstellungsgesprach", "vorstellungsgespräch", "im gesprach", "im gespräch")
_add(Stage.OFFER, "angebot", "vertragsangebot")
_add(Stage.ACCEPTED, "zusage", "angenommen", "eingestellt")
_add(Stage.REJECTED, "absage", "abgelehnt")
_add(Stage.WITHDRAWN, "zuruckgezogen", "zurückgezogen")
_add(Stage.GHOSTED, "ghosted", "ghost", "no response", "no reply", "no answer", "never heard back", "silence")


def parse_stage(text: str | None) -> Stage | None:
    """Map free text ("Phone Screen", "Offer Received", "WISHLIST") to a canonical stage, or None."""
    if text is None:
        return None
    key = _norm(text)
    if not key:
        return None
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    # "Applied - waiting", "Interview (2nd round)": try the longest known phrase inside the text.
    best: tuple[int, Stage] | None = None
    padded = f" {key} "
    for name, stage in _SYNONYMS.items():
        if len(name) >= 3 and f" {name} " in padded and (best is None or len(name) > best[0]):
            best = (len(name), stage)
    return best[1] if best else None


def funnel_rank(stage: Stage) -> int | None:
    return FUNNEL_RANK[stage]
