"""Labels for sentences no STAR cue fired on, in answers that are not stories.

Answers to "Tell me about yourself" or to a coding or design question carry background,
self-description and steps of a proposed approach; without a cue these used to fall back to
`situation`. A step of a proposal is `action`, an outcome stated without numbers is `result`,
present-tense background is `other`; anything else keeps the positional fallback ("").
"""

from __future__ import annotations

import re

_PROCEDURE = re.compile(
    r"(?:^(?:then |first |finally |so |next |instead,? |also |and )?(?:i|we|you)(?: would|'d| might| will|'ll"
    r"| can| could)|, (?:then |so |instead )?(?:i|we|you)(?: would|'d))(?: also| then| first| probably| just)? "
    r"(?!like\b|love\b|say\b|think\b|be\b|want\b|guess\b|imagine\b|hope\b|prefer\b|rather\b|talk\b|tell\b)\w+"
    r"|^(?:step (?:one|two|three|four|five|\d)|the (?:first|second|third|next|last|final) step)\b"
    r"|\bi (?:keep|check|push|pop|return|use|add|sort|track|count|split|store"
    r"|join|filter|rank|group|select|point|move|compare|walk|grow|shrink|take|pass|call)\b"
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|went|got|became|\w+ed|sent|kept|lost|left|came|told|saw|began|broke|fell|grew"
    r"|knew|thought|felt|heard|brought|bought|caught|spent|sold|won|met|held|chose|paid|said|quit)\b"
)
_PAST_STRONG = re.compile(
    r"\b(?:was|were|had|did|went|got|became|saw|made|took|led|ran|built|wrote|found|came|told|gave)\b"
    r"|\b(?:i|we|they|he|she|it|you)(?: \w+ly| also| then| even| only| first)? \w+ed\b"
)
_PRESENT_SELF = re.compile(r"\b(?:i am|i'm|i have|i've|i like|i love|i enjoy|i want|i care|i use)\b")


# An outcome stated without numbers: something other than the speaker changed or ended up so.
_OUTCOME = re.compile(
    r"\b(?:went|go|goes) (?:down|up|away|smoothly|well)\b|\b(?:got|get|gets) (?:\w+er|better|worse)\b"
    r"|\b(?:was|were|is|are|became|stayed|remained) (?:zero|empty|gone|fixed|resolved|reversed|balanced|cheap|fast)\b"
    r"|\b(?:dropped|fell|rose|shrank|improved|stopped|finished|renewed|stayed|adopted)\b"
    r"|\b(?:would|will) (?:go|hit|know|stop|stay|hold|never|get|find|pay)\b"
    r"|\b(?:got|became|becomes) (?:much |far |a lot |a bit )?\w+(?:er)?\b|\b(?:can|could|will|would) never\b"
    r"|\bremains?\b|\bstays? (?:fast|low|high|small|stable)\b"
)
_CONSEQUENCE = re.compile(
    r"^(?:that|this|it|which|both|each \w+|every \w+)(?: \w+)?? (?:gives|keeps|returns|runs|takes|means|shows|holds|lets|makes|removes)\b"
)
_DESIGN_STEP = re.compile(
    r"\b(?:i|we|it|they|\w+) (?:would|will) (?!be\b|like\b|love\b|say\b|think\b|start\b)\w+"
)
_SPEAKER_START = re.compile(r"^(?:then |so |first |finally |next |also )?(?:i|we|i'd|i'm|i've)\b")


def uncued_label(low: str) -> str:
    """Sentences without a cue in answers that are not stories: a step of a proposed approach is
    an action; an outcome is a result even without a number; present-tense background or
    self-description is other, never situation."""
    if _PROCEDURE.search(low):
        return "action"
    if not _SPEAKER_START.search(low) and (_OUTCOME.search(low) or _CONSEQUENCE.search(low)):
        return "result"
    if _DESIGN_STEP.search(low):
        return "action"  # "The mapping would live in a key-value store": a step of the design
    if not _PAST.search(low) or (_PRESENT_SELF.search(low) and not _PAST_STRONG.search(low)):
        return "other"
    return ""
