"""Cover-letter drafts built from the user's own bullets and the job's own words.

An opening naming the role and company, two or three paragraphs that each take one of the job's
top requirements and answer it with the user's best matching bullet (rephrased by the bullet
rules, placeholders dropped), and a closing. Every sentence lists its sources: a resume path,
a job-description span, or the tone's fixed frame; nothing the user did not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from resugrow_resume.domain.writing.bullets import PLACEHOLDER_RE, analyze
from resugrow_resume.domain.writing.job import JobText, Requirement
from resugrow_resume.domain.writing.review import BULLET_SECTIONS
from resugrow_resume.domain.writing.rewrite import candidates
from resugrow_text import JOB_AD_WORDS, STOPWORDS, stem, tokens_of

Tone = Literal["formal", "warm", "direct"]
TONES: tuple[str, ...] = ("formal", "warm", "direct")
LETTER_RULES = "letter-1"
MAX_REQUIREMENTS = 3
MAX_CONSIDERED = 8  # the job's first requirements are its top ones
_SKIP = STOPWORDS | JOB_AD_WORDS

# The fixed frames of each tone. {role}, {company}, {requirement}, {employer}, {position}, {bullet}
# are filled from the job and the resume only.
FRAMES: dict[str, dict[str, str]] = {
    "formal": {
        "greeting": "Dear Hiring Manager,",
        "opening": "I am writing to apply for the {role} position at {company}.",
        "bridge": "My experience answers the requirements you list.",
        "requirement": "You ask for {requirement}.",
        "evidence": "As {position} at {employer}, I {bullet}.",
        "evidence_no_position": "At {employer}, I {bullet}.",
        "closing": "I would welcome the opportunity to discuss how I can contribute to {company}. Thank you for your consideration.",
        "signoff": "Sincerely,",
    },
    "warm": {
        "greeting": "Dear {company} team,",
        "opening": "I was glad to see the {role} opening at {company}, and I would love to join you.",
        "bridge": "Here is how my work lines up with what you are looking for.",
        "requirement": "You are looking for {requirement}.",
        "evidence": "In my time as {position} at {employer}, I {bullet}.",
        "evidence_no_position": "At {employer}, I {bullet}.",
        "closing": "I would love to talk about how I could help {company}. Thank you for reading.",
        "signoff": "Warm regards,",
    },
    "direct": {
        "greeting": "Hello,",
        "opening": "I am applying for the {role} role at {company}.",
        "bridge": "These facts from my record match your list.",
        "requirement": "You need {requirement}.",
        "evidence": "As {position} at {employer}, I {bullet}.",
        "evidence_no_position": "At {employer}, I {bullet}.",
        "closing": "I would like to talk about the role. Thank you.",
        "signoff": "Best,",
    },
}


@dataclass(frozen=True, slots=True)
class Evidence:
    path: str
    text: str  # the bullet as it goes into the letter
    employer: str | None
    position: str | None
    stems: frozenset[str]


@dataclass
class Draft:
    tone: str
    role: str | None
    company: str | None
    greeting: str
    paragraphs: list[str]
    closing: str
    sentences: list[dict[str, Any]] = field(default_factory=list)
    answered: list[dict[str, Any]] = field(default_factory=list)

    def letter(self) -> dict[str, Any]:
        """The saved cover letter (the stored shape every template renders)."""
        out: dict[str, Any] = {
            "greeting": self.greeting,
            "paragraphs": self.paragraphs,
            "closing": self.closing,
        }
        if self.role:
            out["job_title"] = self.role[:300]
        if self.company:
            out["company"] = self.company[:300]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": LETTER_RULES,
            "tone": self.tone,
            "sentences": self.sentences,
            "requirementsAnswered": self.answered,
        }


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(t.lower) for t in tokens_of(text) if t.lower not in _SKIP and not t.lower.isdigit())


def _rephrase(text: str, tense: str) -> str:
    """The bullet by the rewrite rules (active, no pronoun, no filler), without placeholders: a
    letter cannot ask the reader a question. A clean bullet stays as written."""
    review = analyze(text, tense="past" if tense == "past" else "present")
    options = candidates(review, tense="past" if tense == "past" else "present", limit=1)
    chosen = options[0].text if options else text
    chosen = re.sub(r",?\s*resulting in\s*" + re.escape("[what result?]"), "", chosen)
    chosen = PLACEHOLDER_RE.sub("", chosen)
    return re.sub(r"\s+", " ", chosen).strip().rstrip(".;,")


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.isupper() or any(ch.isupper() for ch in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def resume_evidence(document: dict[str, Any]) -> list[Evidence]:
    out: list[Evidence] = []
    for section in BULLET_SECTIONS:
        for i, entry in enumerate(document.get(section) or ()):
            if not isinstance(entry, dict):
                continue
            employer = entry.get("name") or entry.get("organization")
            for j, bullet in enumerate(entry.get("highlights") or ()):
                if isinstance(bullet, str) and bullet.strip():
                    out.append(
                        Evidence(
                            f"{section}[{i}].highlights[{j}]",
                            # A letter tells what was done: past tense even for the current role.
                            _rephrase(bullet, "past"),
                            str(employer) if employer else None,
                            str(entry.get("position")) if entry.get("position") else None,
                            _stems(bullet),
                        )
                    )
    return out


def _requirement_phrase(req: Requirement) -> str:
    text = re.sub(r"^\s*(?:\d+\+?\s+years? of\s+)?", "", req.span.text)
    return _lower_first(text.rstrip(" .;:"))


def _assign(
    requirements: list[Requirement], evidence: list[Evidence]
) -> list[tuple[Requirement, Evidence, int]]:
    """Pair requirements with distinct bullets: as many requirements answered as possible (a
    maximum bipartite matching, Kuhn's augmenting paths), each preferring its best-overlapping
    bullet; returned in the job's order."""
    edges: list[list[tuple[int, int]]] = []
    for req in requirements:
        options = [(len(req.stems & ev.stems), k) for k, ev in enumerate(evidence)]
        edges.append(sorted(((o, k) for o, k in options if o), key=lambda x: (-x[0], evidence[x[1]].path)))
    owner: dict[int, int] = {}  # evidence index -> requirement index

    def augment(r: int, seen: set[int]) -> bool:
        for _, k in edges[r]:
            if k in seen:
                continue
            seen.add(k)
            if k not in owner or augment(owner[k], seen):
                owner[k] = r
                return True
        return False

    # Requirements with the strongest evidence claim first, so ties keep the best pairs.
    for r in sorted(range(len(requirements)), key=lambda r: (-(edges[r][0][0] if edges[r] else 0), r)):
        augment(r, set())
    by_req = {r: k for k, r in owner.items()}
    out = []
    for r in sorted(by_req):
        k = by_req[r]
        out.append((requirements[r], evidence[k], len(requirements[r].stems & evidence[k].stems)))
    return out


def draft(document: dict[str, Any], job: JobText, *, tone: str = "formal") -> Draft:
    """A cover letter from the resume's own bullets answering the job's top requirements."""
    frames = FRAMES[tone]
    role = job.title or "open"
    company = job.company or "your company"
    sentences: list[dict[str, Any]] = []

    def say(text: str, sources: list[dict[str, Any]]) -> str:
        sentences.append({"text": text, "sources": sources})
        return text

    job_sources = [
        {"kind": "job", "span": s.to_json()}
        for s in (
            job.find(job.title)[1] if job.title else None,
            job.find(job.company)[1] if job.company else None,
        )
        if s is not None
    ]
    frame = {"kind": "frame", "tone": tone}
    greeting = say(frames["greeting"].format(company=company), [frame, *job_sources[1:]])
    opening = say(frames["opening"].format(role=role, company=company), [frame, *job_sources])
    bridge = say(frames["bridge"], [frame])

    evidence = resume_evidence(document)
    used: set[str] = set()
    paragraphs = [f"{opening} {bridge}"]
    answered: list[dict[str, Any]] = []
    pairs = _assign(job.requirements[:MAX_CONSIDERED], evidence)
    for req, ev, overlap in pairs[:MAX_REQUIREMENTS]:
        used.add(ev.path)
        req_sentence = say(
            frames["requirement"].format(requirement=_requirement_phrase(req)),
            [frame, {"kind": "job", "span": req.span.to_json()}],
        )
        key = "evidence" if ev.position else "evidence_no_position"
        ev_sentence = say(
            frames[key].format(
                position=ev.position, employer=ev.employer or "my last role", bullet=_lower_first(ev.text)
            ),
            [frame, {"kind": "resume", "path": ev.path}],
        )
        paragraphs.append(f"{req_sentence} {ev_sentence}")
        answered.append(
            {
                "requirement": req.span.to_json(),
                "evidence": ev.path,
                "sharedTerms": overlap,
            }
        )
    closing_text = say(frames["closing"].format(company=company), [frame, *job_sources[1:]])
    paragraphs.append(closing_text)
    signoff = say(frames["signoff"], [frame])
    name = (document.get("basics") or {}).get("name")
    closing = f"{signoff}\n{name}" if name else signoff
    if name:
        sentences[-1]["sources"].append({"kind": "resume", "path": "basics.name"})
    return Draft(tone, job.title, job.company, greeting, paragraphs, closing, sentences, answered)


def unsupported(d: Draft) -> list[str]:
    """Sentences with no source in the resume or the job, other than the tone's fixed frames."""
    return [
        s["text"]
        for s in d.sentences
        if not any(src["kind"] in ("resume", "job") for src in s["sources"])
        and s["text"] not in {f for f in FRAMES[d.tone].values() if "{" not in f}
    ]


def span_ok(job: JobText, span: dict[str, Any]) -> bool:
    return bool(job.text[span["start"] : span["end"]] == span["text"])
