"""The action-verb table: every verb with its intent, its forms and whether it is weak.

Intent is what the verb claims (lead, build, improve, reduce, grow, analyze, ...); a rewrite picks
a stronger verb of the same intent, so the claim does not change, only its wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from resugrow_text._data import lines

Tense = Literal["past", "present"]


@dataclass(frozen=True, slots=True)
class Verb:
    intent: str
    base: str
    past: str
    third: str
    ing: str
    weak: bool

    def form(self, tense: Tense) -> str:
        # Resume bullets drop the subject, so the present tense is the base form ("Lead", "Build").
        return self.past if tense == "past" else self.base


def _load() -> tuple[Verb, ...]:
    table: list[Verb] = []
    for line in lines("action_verbs.tsv"):
        intent, base, past, third, ing, strength = line.split("\t")
        table.append(Verb(intent, base, past, third, ing, strength == "weak"))
    return tuple(table)


VERBS: tuple[Verb, ...] = _load()
INTENTS: tuple[str, ...] = tuple(dict.fromkeys(v.intent for v in VERBS))
BY_INTENT: dict[str, tuple[Verb, ...]] = {i: tuple(v for v in VERBS if v.intent == i) for i in INTENTS}

# Any single-word form -> its verb (first table entry wins, so a verb listed twice keeps its first intent).
_FORMS: dict[str, Verb] = {}
_FORM_TENSE: dict[str, str] = {}
for _v in VERBS:
    for _kind, _form in (("ing", _v.ing), ("third", _v.third), ("past", _v.past), ("base", _v.base)):
        _FORMS.setdefault(_form, _v)
        # "cut", "set", "read": one spelling, both tenses; the base reading wins (ambiguous).
        _FORM_TENSE[_form] = _kind if _form not in _FORM_TENSE or _kind == "base" else _FORM_TENSE[_form]

VERB_WORDS: frozenset[str] = frozenset(
    w for v in VERBS for f in (v.base, v.past, v.third, v.ing) for w in f.split()
)
ACTION_VERBS_PAST: frozenset[str] = frozenset(v.past for v in VERBS if not v.weak)


def lookup(word: str) -> Verb | None:
    """The verb a word is a form of ("Led", "leading", "leads" -> lead), or None."""
    return _FORMS.get(word.lower())


def form_of(word: str) -> str | None:
    """Which form a word is: base, third, past or ing (None when it is no verb in the table)."""
    return _FORM_TENSE.get(word.lower())


def stronger(verb: Verb, *, exclude: frozenset[str] = frozenset(), limit: int = 3) -> list[Verb]:
    """Strong verbs of the same intent, in table order, the given verb first when it is strong."""
    pool = BY_INTENT.get(verb.intent, ())
    ordered = ([verb] if not verb.weak else []) + [v for v in pool if v is not verb]
    return [v for v in ordered if not v.weak and v.base not in exclude][:limit]
