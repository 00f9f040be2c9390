"""Second pass over STAR labels, for what the cue scores get wrong outside behavioural stories.

Answers to coding, design, SQL, ML, product and "tell me about yourself" questions open by
restating the question or framing an approach, state complexity and consequences in the present
tense, and talk about the job they want; none of that is a situation, an action or a reflection.
Each rule is a small function (sentence, context) -> new label or None; the first rule that
answers wins. Changing a rule, a model feature or the weights (star_model.py) changes
`STAR_LABELLER_VERSION`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

STAR_LABELLER_VERSION = "star-labels/3"


@dataclass(frozen=True, slots=True)
class Context:
    low: str  # lowercased sentence, straight apostrophes
    label: str  # label from the cue scores or the fallback
    index: int
    count: int
    result_score: float


# Restating the question or framing the approach in the opening sentence of a proposal.
_FRAMING = re.compile(
    r"^(?:so,? |okay,? |ok,? |alright,? )?(?:for|to) [^,.]{3,70}?,? (?:i|we)(?:'d| would| will|'ll)\b"
    r"|^(?:so,? )?(?:i|we)(?:'d| would| will|'ll) (?:first |probably )?(?:start|begin|approach|design|measure|"
    r"prioriti[sz]e|frame|think about|tackle)\b"
    r"|^(?:so,? |okay,? )?(?:for|in) this (?:question|problem|one|case)\b"
    r"|^(?:so,? |okay,? )?(?:we need|we want|the task is|the question is|this is about|this is a|the problem is "
    r"to|you want|you're asking|you are asking)\b"
)
_OPENER = re.compile(r"^(?:okay|ok|alright|right|sure|so),? (?:a|an|the|this|that)\b")
_PAST = re.compile(
    r"\b(?:was|were|had|did|\w+ed|went|got|came|became|made|took|ran|built|wrote|found|told|gave|sent|kept|"
    r"lost|left|saw|began|broke|fell|grew|knew|thought|felt|heard|brought|bought|caught|taught|spent|sold|"
    r"won|met|led|held|stood|chose|drove|paid|said|quit)\b"
)
# Running time and space: the outcome of an algorithm, stated in the present tense.
_COMPLEXITY = re.compile(
    r"\b(?:linear|quadratic|logarithmic|constant|exponential|polynomial) (?:time|space)\b"
    r"|\bo\(\s?[a-z0-9 ^*+log]+\)|\bn log [nk]\b|\b(?:is|it's|runs|stays|is still) (?:linear|quadratic)\b"
    r"|\b(?:visited|processed|touched|pushed and popped|looked at|scanned) (?:only )?once\b"
    r"|\benters and leaves\b"
)
# The job the speaker wants, and why this employer: self-description, never part of a story.
_MOTIVATION = re.compile(
    r"\blooking for (?:a|an|my next|the next) (?:new )?(?:role|job|position|opportunity|challenge|team|"
    r"company|place)\b|\bthis (?:role|position|job|opportunity)\b|\bwork (?:here|for you|with you)\b"
    r"|\byour (?:company|team|mission|product|focus|values|culture|customers)\b|\bas yours\b"
    r"|\bwhy i (?:applied|want|am applying|'m applying)\b"
)
# Something other than the speaker ended up better; the cue words alone miss these.
_PLAIN_OUTCOME = re.compile(
    r"^(?:the \w+|clients?|users?|customers?|they|it|both|that|this) (?:can |could |will |would |should )?"
    r"then (?!i\b|we\b)\w+"
    r"|\b(?:without (?:a single|any|one) (?:late|failed|missed|lost|dropped|\w+ )?(?:order|incident|outage|"
    r"complaint|error|issue|problem|delay|day)s?\b"
    r"|(?:showed|saw|gave|brought) (?:a |an )?(?:clear|big|small|real|significant|measurable|steady)? ?"
    r"(?:lift|improvement|increase|drop|gain|uplift)\b"
    r"|(?:they|he|she|the team|the client|customers|users|everyone) (?:now|still) (?:use|uses|run|runs|ask)\b"
    r"|(?:should|would|will) (?:shrink|drop|fall|improve|go down|go up|recover)\b)"
)
_OTHERS_NEVER = re.compile(
    r"^(?!.*\b(?:i|we|i'll|we'll)\b.{0,20}\bnever\b).*\bnever (?:happened|came back|recurred|returned|broke|failed)\b"
)
# A habit or a lesson from experience that motivates a step of the proposal ("I usually get the
# pointer order wrong, so I would test it on two nodes").
_LESSON = re.compile(
    r"\b(?:i usually|i tend to|i often|i've seen|i have seen|people often|people tend to|a common mistake|"
    r"i've been burned|i have been burned)\b.*\bso i(?:'d| would| always| now)\b"
)
_WOULD = re.compile(r"\b(?:would|i'd|we'd|will|i'll|we'll)\b")
# The speaker changing something is the action; the change it made is the result sentence.
_I_CHANGED = re.compile(
    r"^(?:then |so |also |first |next )?i (?:cut|reduced|lowered|raised|simplified|shortened)\b"
)
_HABITUAL_SELF = re.compile(r"\b(?:every day|daily|day to day|all the time)\b")


def _framing(c: Context) -> str | None:
    if c.index != 0 or c.label == "other":
        return None
    if _FRAMING.search(c.low) or (_OPENER.search(c.low) and not _PAST.search(c.low)):
        return "other"
    return None


def _first_is_not_result(c: Context) -> str | None:
    # An answer almost never opens on its outcome; a weak result cue there is context.
    if c.index == 0 and c.label == "result" and c.result_score < 2.4 and not re.search(r"\d", c.low):
        return "situation" if _PAST.search(c.low) else "other"
    return None


def _complexity(c: Context) -> str | None:
    return "result" if c.label != "reflection" and _COMPLEXITY.search(c.low) else None


def _motivation(c: Context) -> str | None:
    return "other" if c.label in ("reflection", "situation", "action") and _MOTIVATION.search(c.low) else None


def _others_never(c: Context) -> str | None:
    return "result" if c.label == "reflection" and _OTHERS_NEVER.search(c.low) else None


def _plain_outcome(c: Context) -> str | None:
    if c.label in ("action", "other", "situation") and c.index > 0 and _PLAIN_OUTCOME.search(c.low):
        return "result"
    return None


def _lesson(c: Context) -> str | None:
    return "reflection" if c.label in ("action", "other") and _LESSON.search(c.low) else None


def _i_changed(c: Context) -> str | None:
    return "action" if c.label == "result" and _I_CHANGED.search(c.low) else None


def _habit(c: Context) -> str | None:
    if (
        c.label == "action"
        and _HABITUAL_SELF.search(c.low)
        and not _PAST.search(c.low)
        and not _WOULD.search(c.low)
    ):
        return "other"  # "I use SQL every day": a description of the speaker, not a step
    return None


_RULES: tuple[Callable[[Context], str | None], ...] = (
    _framing,
    _first_is_not_result,
    _complexity,
    _motivation,
    _others_never,
    _lesson,
    _plain_outcome,
    _habit,
    _i_changed,
)


def refine(c: Context) -> str:
    for rule in _RULES:
        new = rule(c)
        if new is not None:
            return new
    return c.label
