"""Rewrite candidates for a bullet: Action + what + Result, built only from the user's own words.

A candidate may use three kinds of words and no others: the bullet's own words, forms of the
verbs in the action-verb table, and the fixed CONNECTIVES below (articles, prepositions, the
placeholders). ``invented_words`` checks that mechanically; the tests run it on every candidate.
Each candidate lists the operations applied, in order, so the user sees why it reads as it does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from resugrow_resume.domain.writing.bullets import (
    _PRONOUN_LEAD,
    _WORD,
    OUTCOME_BASES,
    PLACEHOLDER_NUMBER,
    PLACEHOLDER_RE,
    PLACEHOLDER_RESULT,
    Review,
    Span,
    Tense,
    _head,
    _is_verb_like,
    _main_passive,
    _passive_subject,
    analyze,
)
from resugrow_resume.domain.writing.objects import (
    ARTICLES,
    CONNECTIVES,
    OBJECT_VERBS,
    OWNERSHIP_OPENERS,
    OWNING,
    USE_VERBS,
)
from resugrow_text import (
    VERB_WORDS,
    Verb,
    buzzwords_and_filler,
    form_of,
    lookup,
    stem,
    stronger,
    weak_opener,
    words,
)

MAX_CANDIDATES = 3
_OBJECT_VERBS, _OWNING, _OWNERSHIP_OPENERS = OBJECT_VERBS, OWNING, OWNERSHIP_OPENERS
_ARTICLES, _USE_VERBS = ARTICLES, USE_VERBS


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str
    operations: tuple[str, ...]
    review: Review

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "operations": list(self.operations),
            "score": self.review.score,
            "formula": self.review.formula,
            "parts": {k: v.to_json() for k, v in self.review.parts.items()},
        }


def _verb(base: str) -> Verb:
    found = lookup(base)
    assert found is not None, base
    return found


def _object_verbs(phrase: str) -> tuple[str, ...] | None:
    for word in words(phrase)[:6]:
        for nouns, verbs in _OBJECT_VERBS:
            if word in nouns:
                return verbs
    return None


def _nominal_verb(noun: str) -> Verb | None:
    """ "migration" -> migrate, "management" -> manage: a noun that names a table verb's action."""
    s = stem(noun)
    if len(s) < 4:
        return None
    for w in (
        noun[: -len(suffix)] for suffix in ("ation", "ment", "ion", "ing", "al") if noun.endswith(suffix)
    ):
        v = lookup(w) or lookup(w + "e")
        if v is not None and stem(v.base) == s[: len(stem(v.base))]:
            return v
    return None


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    text = re.sub(r"\s+([,;.])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)

    # a/an agree with the next word once words around them have been removed
    def article(m: re.Match[str]) -> str:
        art, nxt = m.group(1), m.group(2)
        want = "an" if nxt[0].lower() in "aeiou" else "a"
        want = want.capitalize() if art[0].isupper() else want
        return f"{want} {nxt}"

    text = re.sub(r"\b([Aa]n?) ([A-Za-z]\w*)", article, text)
    return text[:1].upper() + text[1:] if text else text


def _lower_first(phrase: str) -> str:
    """Lower-case a subject moving behind the verb, unless it starts with an acronym or a name like "iOS"."""
    first = phrase.split(" ", 1)[0]
    if first.isupper() or any(ch.isupper() for ch in first[1:]):
        return phrase
    return phrase[:1].lower() + phrase[1:]


@dataclass(slots=True)
class _Draft:
    """The bullet taken apart: the verb that will lead, the words after it, the operations so far."""

    verb: Verb | None
    body: str
    ops: list[str]
    verb_choices: tuple[str, ...] = ()  # alternative strong verbs, in preference order
    raw: str | None = None  # the user's own verb when the table does not know it ("Precepted")


def _clean(text: str, ops: list[str]) -> str:
    """Filler and buzzwords out (replacements such as "in order to" -> "to" kept), the leading
    pronoun out, "my"/"our" -> "the"."""
    s = PLACEHOLDER_RE.sub(" ", text).strip().rstrip(".")
    for fm in reversed(buzzwords_and_filler(s)):
        assert fm.phrase is not None
        s = s[: fm.start] + fm.phrase.replacement + s[fm.end :]
        ops.append(f"remove_filler:{fm.text.lower()}")
    head = _head(s)
    if _PRONOUN_LEAD.match(s[:head] or " "):
        ops.append("remove_pronoun")
    s = s[head:]
    s2 = re.sub(r"\b(?:My|Our)\b", "The", re.sub(r"\b(?:my|our)\b", "the", s))
    if s2 != s:
        ops.append("pronoun_to_article")
    return s2


def _from_passive(s: str, ops: list[str]) -> _Draft | None:
    """A passive first clause with a subject -> active ("X was reduced" -> "Reduced X")."""
    m = _main_passive(s)
    first = _WORD.search(s)
    if not (
        m and first is not None and _passive_subject(s, m, Span(first.start(), first.end(), first.group(0)))
    ):
        return None
    participle = lookup(m.group(2))
    if participle is None and not m.group(2).lower().endswith("ed"):
        return _Draft(None, s, ops)  # an irregular participle the table lacks: no safe active form
    subject = s[: m.start()].strip()
    rest = re.sub(r"^\s*by (?:me|us|myself)\b", "", s[m.end() :])
    ops.append("passive_to_active")
    # A regular participle the table does not know is also its past tense ("differentiated").
    raw = None if participle is not None else m.group(2)
    return _Draft(participle, f"{_lower_first(subject)}{rest}", ops, raw=raw)


def _from_duty(s: str, ops: list[str]) -> _Draft | None:
    """Duty phrasing -> the action it hides ("Responsible for managing X" -> "Managed X")."""
    opener = weak_opener(s)
    if opener is None:
        return None
    after = s[opener.end :].strip()
    w = _WORD.search(after)
    ops.append("duty_to_action")
    if w is None:
        return _Draft(None, after, ops)
    v = lookup(w.group(0))
    if v is not None and form_of(w.group(0)) in ("ing", "base"):
        return _Draft(v, after[w.end() :], ops)
    return _noun_phrase(after, ops, owning=opener.text.lower() in _OWNERSHIP_OPENERS)


def _from_weak_verb(v: Verb, rest: str, ops: list[str]) -> _Draft:
    if v.base in _USE_VERBS:
        # "Used Python to build X" -> "Built X using Python"
        to = re.search(r"\bto (\w+)\b", rest)
        tv = lookup(to.group(1)) if to is not None else None
        if to is not None and tv is not None and not tv.weak and form_of(to.group(1)) == "base":
            ops.append("use_to_action")
            return _Draft(tv, f"{rest[to.end() :]} using {rest[: to.start()].strip(' ,')}", ops)
    ops.append("stronger_verb")
    choices = _object_verbs(rest) or _OWNING
    return _Draft(_verb(choices[0]), rest, ops, choices)


def _from_non_verb(s: str, word: str, rest: str, ops: list[str]) -> _Draft:
    nv = _nominal_verb(word.lower())
    if nv is not None:
        ops.append("noun_to_verb")
        return _Draft(nv, re.sub(r"^\s*of\b", "", rest), ops)
    if word.lower() in {"was", "were", "is", "are", "been", "got"}:
        return _Draft(None, s, ops)  # a passive with no subject: who acted is unknown, so no rewrite
    ops.append("add_verb")
    return _noun_phrase(s, ops, owning=True)


def _result_last(v: Verb, rest: str, ops: list[str]) -> _Draft:
    """Outcome first, method after -> method first, outcome at the end."""
    by = re.search(r",?\s+by (\w+ing)\b", rest) if v.base in OUTCOME_BASES else None
    method = lookup(by.group(1)) if by is not None else None
    if by is None or method is None or by.start() == 0:
        return _Draft(v, rest, ops)
    ops.append("result_to_end")
    return _Draft(method, f"{rest[by.end() :]}, {v.ing} {rest[: by.start()].strip(' ,')}", ops)


def _restructure(text: str) -> _Draft:
    ops: list[str] = []
    s = _clean(text, ops)
    found = _from_passive(s, ops) or _from_duty(s, ops)
    if found is not None:
        return found
    w = _WORD.search(s)
    if w is None:
        return _Draft(None, s, ops)
    v = lookup(w.group(0))
    rest = s[w.end() :]
    if v is not None and v.weak:
        return _from_weak_verb(v, rest, ops)
    if v is None and not _is_verb_like(w.group(0)):
        return _from_non_verb(s, w.group(0), rest, ops)
    if v is None:
        return _Draft(None, rest, ops, raw=w.group(0))
    return _result_last(v, rest, ops)


def _noun_phrase(phrase: str, ops: list[str], *, owning: bool = False) -> _Draft:
    """A duty's object without a verb ("the billing system"): pick verbs that fit the object."""
    first = next((w for w in words(phrase) if w not in _ARTICLES), "")
    nv = _nominal_verb(first)
    if nv is not None:
        of = re.search(r"\b" + re.escape(first) + r"\s+of\s+", phrase, re.I)
        if of is not None:
            # "the migration of billing to AWS" -> Migrated billing to AWS
            ops.append("noun_to_verb")
            return _Draft(nv, phrase[of.end() :], ops)
    fitting = _object_verbs(phrase)
    choices: tuple[str, ...]
    if fitting is None:
        choices = _OWNING
    elif owning and fitting[0] != "lead":
        choices = ("own", *fitting[:2])
    else:
        choices = fitting
    return _Draft(_verb(choices[0]), " " + phrase, ops, choices)


def candidates(
    review: Review,
    *,
    tense: Tense = "past",
    avoid: frozenset[str] = frozenset(),
    limit: int = MAX_CANDIDATES,
) -> list[Candidate]:
    """Up to ``limit`` rewrites of a flagged bullet, each better by the same score; none for a clean one.

    ``avoid`` holds verbs (base forms) that already lead too many bullets of the resume.
    """
    if not review.findings:
        return []
    draft = _restructure(review.text)
    out: list[Candidate] = []
    seen: set[str] = {review.text.strip()}
    for word, base in _leads(draft, review, tense, avoid):
        ops = list(draft.ops)
        if draft.verb is not None and base != draft.verb.base and "stronger_verb" not in ops:
            ops.append(f"stronger_verb:{base}")
        text, final = _with_placeholders(_tidy(f"{word} {draft.body}"), tense, ops)
        if text in seen:
            continue
        seen.add(text)
        out.append(Candidate(text, tuple(ops), final))
        if len(out) >= limit:
            break
    return out


def _leads(
    draft: _Draft, review: Review, tense: Tense, avoid: frozenset[str]
) -> list[tuple[str, str | None]]:
    """(the word that will lead, the table verb's base or None), in preference order."""
    if draft.verb is None:
        return [(draft.raw, None)] if draft.raw is not None else []
    if draft.verb_choices:
        verbs = [_verb(b) for b in draft.verb_choices if b not in avoid]
    elif draft.verb.weak:
        verbs = stronger(draft.verb, exclude=avoid)
    else:
        verbs = [draft.verb] if draft.verb.base not in avoid else []
        if "repeated_verb" in review.codes or not verbs:
            verbs += stronger(draft.verb, exclude=avoid | {draft.verb.base})
    return [(v.form(tense), v.base) for v in verbs]


def _with_placeholders(text: str, tense: Tense, ops: list[str]) -> tuple[str, Review]:
    """A placeholder where the result or its number is missing; the candidate's final review."""
    probe = analyze(text, tense=tense, placeholders_count=False)
    if "no_result" in probe.codes:
        text = f"{text}, resulting in {PLACEHOLDER_RESULT}"
        ops.append("placeholder_result")
    elif "no_number" in probe.codes:
        text = f"{text} {PLACEHOLDER_NUMBER}"
        ops.append("placeholder_number")
    # Without a placeholder the probe is already the final review (placeholders are what differ).
    return text, (analyze(text, tense=tense) if text != probe.text else probe)


def invented_words(source: str, candidate: str) -> list[str]:
    """Words of ``candidate`` that come neither from ``source``, the verb table nor CONNECTIVES."""
    allowed = set(words(source)) | VERB_WORDS | CONNECTIVES
    return [w for w in words(PLACEHOLDER_RE.sub(" ", candidate)) if w not in allowed]
