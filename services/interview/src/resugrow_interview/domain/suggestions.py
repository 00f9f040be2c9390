"""Which practice to suggest for a scheduled interview: the role from the job title, the question
types from the interview's kind."""

from __future__ import annotations

_ROLE_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("data", ("data", "analyst", "analytics", "scientist", "machine learning", "ml ", "bi ")),
    ("design", ("designer", "ux", "ui ", "design")),
    ("product", ("product manager", "product owner", "product lead", "pm")),
    ("marketing", ("marketing", "growth", "seo", "content", "brand", "communications")),
    ("sales", ("sales", "account executive", "account manager", "business development", "sdr", "bdr")),
    (
        "finance",
        ("finance", "financial", "accountant", "accounting", "fp&a", "controller", "treasury", "investment"),
    ),
    (
        "software",
        (
            "engineer",
            "developer",
            "software",
            "programmer",
            "sre",
            "devops",
            "backend",
            "frontend",
            "architect",
        ),
    ),
)
_TECHNICAL = {"software": ["coding", "system_design", "behavioral"], "data": ["sql", "ml", "behavioral"]}


def role_from_title(title: str) -> str:
    lower = f" {title.lower()} "
    for role, hints in _ROLE_HINTS:
        if any(h in lower for h in hints):
            return role
    return "software"


def types_for_interview(role: str, interview_type: str | None) -> list[str] | None:
    kind = (interview_type or "").lower()
    if "behav" in kind or "culture" in kind or "hr" in kind.split():
        return ["behavioral"]
    if "system" in kind or ("design" in kind and role == "software"):
        return ["system_design", "behavioral"]
    if "technical" in kind or "coding" in kind or "onsite" in kind:
        return _TECHNICAL.get(role, ["role_specific", "behavioral"])
    return None
