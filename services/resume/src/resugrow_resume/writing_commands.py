"""Inputs of the writing use cases (the API builds them; the use cases never see HTTP)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tense = Literal["past", "present"]


@dataclass(frozen=True)
class PastedBullet:
    text: str
    current: bool = False  # from a role the user still holds: present tense


@dataclass(frozen=True)
class ReviewBullets:
    user_id: str
    bullets: list[PastedBullet] | None = None
    resume_id: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class ChosenRewrite:
    path: str  # "work[0].highlights[2]"
    candidate: int | None = None  # index into that bullet's candidates
    fills: list[str] = field(default_factory=list)  # placeholder answers, in order
    text: str | None = None  # or the user's own final wording


@dataclass(frozen=True)
class ApplyRewrites:
    user_id: str
    resume_id: str
    version: int | None
    choices: list[ChosenRewrite]


@dataclass(frozen=True)
class JobInput:
    description: str
    title: str | None = None
    company: str | None = None
    application_id: str | None = None


@dataclass(frozen=True)
class TailorResume:
    user_id: str
    resume_id: str
    job: JobInput
    confirmed: list[str] = field(default_factory=list)
    title: str | None = None


@dataclass(frozen=True)
class DraftCoverLetter:
    user_id: str
    resume_id: str
    version: int | None
    job: JobInput
    tone: str = "formal"
    title: str | None = None
    template: str | None = None
