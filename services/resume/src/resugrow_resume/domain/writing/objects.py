"""Word lists of the rewrite rules: the connectives a rewrite may add, and which verbs fit a
duty's object ("a team" is led, "students" are taught). Written for this project."""

from __future__ import annotations

from resugrow_resume.domain.writing.bullets import PLACEHOLDER_NUMBER, PLACEHOLDER_RESULT
from resugrow_text import words


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The only words a rewrite may add besides the user's own and the verb table's forms.
CONNECTIVES = _set("a an the and by to in for of with on at from across resulting which") | frozenset(
    words(PLACEHOLDER_RESULT + " " + PLACEHOLDER_NUMBER)
)

# The head noun of a duty's object tells which verbs fit it.
OBJECT_VERBS: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (
        _set(
            "agents analysts associates crew designers developers employees engineers interns nurses people reps staff team teams technicians volunteers workers"
        ),
        ("lead", "manage", "supervise"),
    ),
    (
        _set("class classes course courses curriculum learners lessons students workshops"),
        ("teach", "train", "tutor"),
    ),
    (_set("patient patients residents"), ("treat", "care for", "triage")),
    (_set("callers clients customers guests members shoppers users visitors"), ("serve", "advise", "guide")),
    (_set("accounts deals partnerships territory"), ("manage", "grow", "secure")),
    (
        _set("analyses analysis audit audits data forecasts kpis metrics models report reports research"),
        ("analyze", "compile", "evaluate"),
    ),
    (
        _set(
            "budget budgets calendar event events inventory invoices logistics meetings operations orders payroll schedule schedules shipments"
        ),
        ("manage", "organize", "coordinate"),
    ),
    (
        _set("articles blog content copy documentation newsletter newsletters posts"),
        ("write", "publish", "edit"),
    ),
    (
        _set(
            "api apis app application applications apps code dashboard dashboards feature features infrastructure integration integrations library pipeline pipelines platform product products prototype scripts service services site system systems tool tools website websites"
        ),
        ("build", "develop", "maintain"),
    ),
)
# Duties that name ownership ("responsible for X") become verbs that own an outcome, not a method.
OWNING = ("own", "deliver", "drive")
OWNERSHIP_OPENERS = frozenset(
    [
        "duties include",
        "duties included",
        "in charge of",
        "responsible for",
        "tasked with",
        "was responsible for",
        "was tasked with",
        "were responsible for",
    ]
)
ARTICLES = _set("a an the")
USE_VERBS = _set("leverage use utilize")
