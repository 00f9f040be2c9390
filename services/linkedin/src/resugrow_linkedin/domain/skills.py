"""A small curated skill lexicon (canonical name -> aliases) for job-description keywords.

Written for Resugrow; the aliases are common spellings. One-letter and symbol-heavy names
(C, R, Go, C++, C#, .NET) are matched with explicit rules in ``text.contains_term``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from resugrow_linkedin.domain.text import contains_term, normalise

SKILLS: dict[str, tuple[str, ...]] = {
    "Python": ("python",), "Java": ("java",), "JavaScript": ("javascript", "js", "ecmascript"),
    "TypeScript": ("typescript", "ts"), "Go": ("golang", "go lang"), "Rust": ("rust",), "C++": ("c++", "cpp"),
    "C#": ("c#", "csharp"), ".NET": (".net", "dotnet"), "Ruby": ("ruby",), "PHP": ("php",), "Kotlin": ("kotlin",),
    "Swift": ("swift",), "Scala": ("scala",), "R": ("r programming", "r language"), "SQL": ("sql",),
    "PostgreSQL": ("postgresql", "postgres"), "MySQL": ("mysql",), "MongoDB": ("mongodb", "mongo"),
    "Redis": ("redis",), "Kafka": ("kafka",), "Spark": ("spark", "pyspark"), "Airflow": ("airflow",),
    "dbt": ("dbt",), "Snowflake": ("snowflake",), "BigQuery": ("bigquery",), "AWS": ("aws", "amazon web services"),
    "Azure": ("azure",), "GCP": ("gcp", "google cloud"), "Docker": ("docker",), "Kubernetes": ("kubernetes", "k8s"),
    "Terraform": ("terraform",), "CI/CD": ("ci/cd", "continuous integration", "continuous delivery"),
    "Linux": ("linux",), "Git": ("git",), "React": ("react", "react.js", "reactjs"), "Angular": ("angular",),
    "Vue": ("vue", "vue.js"), "Node.js": ("node.js", "nodejs", "node"), "Django": ("django",), "Flask": ("flask",),
    "FastAPI": ("fastapi",), "Spring": ("spring", "spring boot"), "GraphQL": ("graphql",), "REST APIs": ("rest", "restful", "rest api", "rest apis"),
    "Microservices": ("microservices", "microservice"), "Machine Learning": ("machine learning", "ml"),
    "Deep Learning": ("deep learning",), "NLP": ("nlp", "natural language processing"), "PyTorch": ("pytorch",),
    "TensorFlow": ("tensorflow",), "pandas": ("pandas",), "Statistics": ("statistics", "statistical"),
    "A/B Testing": ("a/b testing", "ab testing", "experimentation"), "Data Analysis": ("data analysis", "data analytics"),
    "Data Visualization": ("data visualization", "data visualisation", "dashboards"), "Tableau": ("tableau",),
    "Power BI": ("power bi", "powerbi"), "Excel": ("excel", "spreadsheets"), "Looker": ("looker",),
    "ETL": ("etl", "elt", "data pipelines", "data pipeline"), "Product Management": ("product management",),
    "Product Strategy": ("product strategy",), "Roadmapping": ("roadmap", "roadmaps", "roadmapping"),
    "Agile": ("agile",), "Scrum": ("scrum",), "Jira": ("jira",), "Project Management": ("project management",),
    "Stakeholder Management": ("stakeholder management", "stakeholders"), "User Research": ("user research", "user interviews"),
    "UX Design": ("ux", "user experience"), "UI Design": ("ui design", "user interface"), "Figma": ("figma",),
    "Prototyping": ("prototyping", "prototypes"), "SEO": ("seo", "search engine optimization"),
    "Content Marketing": ("content marketing",), "Google Analytics": ("google analytics",),
    "Salesforce": ("salesforce",), "HubSpot": ("hubspot",), "CRM": ("crm",), "B2B Sales": ("b2b sales", "b2b"),
    "Negotiation": ("negotiation", "negotiating"), "Leadership": ("leadership", "people management"),
    "Mentoring": ("mentoring", "coaching"), "Communication": ("communication",), "Budgeting": ("budgeting", "budget"),
    "Financial Modeling": ("financial modeling", "financial modelling"), "Accounting": ("accounting",),
    "Security": ("security", "cybersecurity", "infosec"), "Observability": ("observability", "monitoring"),
}  # fmt: skip

_ALIAS_INDEX: list[tuple[str, str]] = sorted(
    ((alias, canon) for canon, aliases in SKILLS.items() for alias in (*aliases, canon.lower())),
    key=lambda pair: -len(pair[0]),
)
# Aliases too ambiguous to trust in free text on their own (they are English words).
_AMBIGUOUS = {"go", "r", "node", "rest", "spring", "swift", "ts", "ml", "ux", "budget", "git"}


@lru_cache(maxsize=4096)
def canonical(skill: str) -> str:
    """The lexicon's name for a skill, or the skill itself trimmed."""
    low = normalise(skill).strip()
    for alias, canon in _ALIAS_INDEX:
        if low == alias:
            return canon
    return skill.strip()


def find_skills(text: str) -> list[str]:
    """Canonical skills mentioned in free text, in lexicon order, without duplicates."""
    norm = normalise(text)
    found: list[str] = []
    for alias, canon in _ALIAS_INDEX:
        if canon in found or alias in _AMBIGUOUS:
            continue
        if contains_term(norm, alias):
            found.append(canon)
    if (
        re.search(
            r"\bgo\b(?=[^.\n]{0,40}\b(?:microservices|services|backend|programming|language)\b)|\bgolang\b",
            norm,
        )
        and "Go" not in found
    ):
        found.append("Go")
    order = list(SKILLS)
    return sorted(found, key=order.index)


@lru_cache(maxsize=4096)
def _names(skill: str) -> tuple[str, ...]:
    canon = canonical(skill)
    names = {normalise(skill), normalise(canon), *SKILLS.get(canon, ())}
    return tuple(sorted(n for n in names if n not in _AMBIGUOUS or n == normalise(skill)))


def mentions(text_norm: str, skill: str) -> bool:
    """Whether normalised text mentions a skill by its name or any alias."""
    return any(contains_term(text_norm, n) for n in _names(skill))
