"""The one versioned table of weights and thresholds. Change a number here -> bump ALGO_VERSION."""

from __future__ import annotations

ALGO_VERSION = "ats-2026.11.1"

QUALITY_WEIGHTS = {"parseability": 0.25, "completeness": 0.25, "structure": 0.15, "impact": 0.35}
MATCH_WEIGHTS = {"hard_skills": 0.50, "title": 0.15, "soft_skills": 0.10, "degree": 0.10, "experience": 0.15}

COMPLETENESS_POINTS = {
    "name": 10,
    "email": 15,
    "phone": 10,
    "location": 5,
    "experience": 25,
    "education": 15,
    "skills": 15,
    "summary": 5,
}
IMPACT_POINTS = {"quantified": 30, "action_verbs": 25, "bullet_length": 15, "length": 15, "dates": 15}
STRUCTURE_POINTS = {"headings": 40, "order": 20, "dated_entries": 20, "date_format": 20}

TARGET_QUANTIFIED_SHARE = 0.40
TARGET_ACTION_VERB_SHARE = 0.70
BULLET_WORDS = (6, 35)
DOCUMENT_WORDS = (250, 1200)
MAX_PAGES = 2
PREFERRED_SKILL_WEIGHT = 0.5

SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}
