"""A thank-you note draft after an interview: the role, the interviewer when known, and one or two
topics taken from the interview's notes (or from the practice session the user ran for it).

A draft only: the user edits and sends it; Resugrow never sends it. Every sentence names its
source (the application, the interview, a span of the notes, the practice session, or the
note's fixed frame), so nothing appears that the user did not write or do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

THANK_YOU_RULES = "thank-you-1"
MAX_TOPICS = 2
MAX_TOPIC_WORDS = 10

# What people write in interview notes before a topic: "discussed X", "asked about Y", "topics: Z".
_CUE = re.compile(
    r"\b(?:discussed|talked about|talked through|asked (?:me )?about|went over|walked through|dug into|"
    r"deep[- ]dive (?:into|on)|covered|focused on|spent time on|topics?:|questions? (?:on|about))\s+",
    re.I,
)
_CLAUSE_END = re.compile(r"[.;!?\n]|,\s|\s+(?:and then|but|which|because)\s")
_LINE_ITEM = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s*(.+?)\s*$", re.M)


@dataclass(frozen=True, slots=True)
class Topic:
    text: str
    source: dict[str, Any]


@dataclass
class ThankYouDraft:
    subject: str
    body: str
    sentences: list[dict[str, Any]] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": THANK_YOU_RULES,
            "subject": self.subject,
            "body": self.body,
            "sentences": self.sentences,
            "topics": [{"text": t.text, "source": t.source} for t in self.topics],
            "sent": False,  # drafts are never sent by Resugrow
        }


def _trim(text: str) -> str:
    words = text.strip(" ,.-:;").split()
    return " ".join(words[:MAX_TOPIC_WORDS])


def topics_from_notes(notes: str | None) -> list[Topic]:
    """Topics in the user's own words: phrases after a cue, else the notes' list items."""
    if not notes:
        return []
    found: list[Topic] = []
    for m in _CUE.finditer(notes):
        rest = notes[m.end() :]
        end = _CLAUSE_END.search(rest)
        raw = rest[: end.start()] if end else rest
        text = _trim(raw)
        if len(text.split()) >= 1 and text.lower() not in {t.text.lower() for t in found}:
            start = m.end() + (len(raw) - len(raw.lstrip()))
            found.append(Topic(text, {"kind": "interview_notes", "start": start, "end": start + len(text)}))
        if len(found) >= MAX_TOPICS:
            return found
    if not found:
        for m in _LINE_ITEM.finditer(notes):
            text = _trim(m.group(1))
            if text and len(m.group(1).split()) <= MAX_TOPIC_WORDS:
                found.append(
                    Topic(
                        text, {"kind": "interview_notes", "start": m.start(1), "end": m.start(1) + len(text)}
                    )
                )
            if len(found) >= MAX_TOPICS:
                break
    return found


def draft_thank_you(
    *,
    role: str | None,
    company: str | None,
    interviewers: list[str] | None = None,
    notes: str | None = None,
    practice_topics: list[str] | None = None,
    contact_name: str | None = None,
) -> ThankYouDraft:
    sentences: list[dict[str, Any]] = []

    def say(text: str, *sources: dict[str, Any]) -> str:
        sentences.append({"text": text, "sources": [{"kind": "frame"}, *sources]})
        return text

    who = next((n.strip() for n in interviewers or () if n and n.strip()), None)
    who_source: dict[str, Any] = {"kind": "interview", "field": "interviewers[0]"}
    if who is None and contact_name:
        who, who_source = contact_name.strip(), {"kind": "contact", "field": "name"}
    app = {"kind": "application", "field": "role,company"}
    greeting = say(f"Dear {who}," if who else "Dear Hiring Team,", *([who_source] if who else []))
    role_text = f"the {role} role" if role else "the role"
    at = f" at {company}" if company else ""
    thanks = say(f"Thank you for taking the time to speak with me about {role_text}{at}.", app)
    topics = topics_from_notes(notes)
    if not topics and practice_topics:
        topics = [
            Topic(_trim(t), {"kind": "practice_session", "field": "topic"})
            for t in practice_topics[:MAX_TOPICS]
            if t
        ]
    lines = [greeting, "", thanks]
    if topics:
        joined = " and ".join(t.text for t in topics)
        lines.append(
            say(f"I especially enjoyed our conversation about {joined}.", *(t.source for t in topics))
        )
    lines.append(
        say("It confirmed my interest, and I would be glad to share anything else that helps your decision.")
    )
    lines += ["", say("Best regards,")]
    subject = say(f"Thank you - {role} interview" if role else "Thank you for the interview", app)
    body = "\n".join([lines[0], lines[1], " ".join(lines[2:-2]), *lines[-2:]])
    return ThankYouDraft(subject, body, sentences, topics)
