"""Build src/resugrow_career/data/glossary.json from scripts/glossary_terms.txt (written for Resugrow).

Run: .venv/bin/python services/career/scripts/build_glossary.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "resugrow_career" / "data" / "glossary.json"
TOOLS = {
    "ats": ("ATS resume scan", "/v1/ats/scans"),
    "match": ("Resume-to-job match", "/v1/ats/match"),
    "resume": ("Resume builder", "/v1/resumes"),
    "cover": ("Cover letters", "/v1/cover-letters"),
    "interview": ("Interview practice", "/v1/interviews"),
    "questions": ("Interview question bank", "/v1/interview/questions"),
    "tracker": ("Job application tracker", "/v1/applications"),
    "reminders": ("Reminders", "/v1/reminders"),
    "linkedin": ("LinkedIn profile review", "/v1/linkedin/reviews"),
    "paths": ("Career paths", "/v1/career/paths"),
    "occupations": ("Occupation explorer", "/v1/career/occupations"),
    "skills": ("Resume skills guide", "/v1/career/guides/skills"),
    "offers": ("Offer evaluation", "/v1/career/offers/evaluate"),
    "counter": ("Salary negotiation", "/v1/career/offers/counter"),
}


def slug(term: str) -> str:
    base = re.sub(r"\s*\([^)]*\)", "", term) if "(" in term else term
    return re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")


def main() -> None:
    terms = []
    for line in (HERE / "glossary_terms.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, tools, definition, *takeaways = (p.strip() for p in line.split("|"))
        terms.append(
            {
                "slug": slug(term),
                "term": term,
                "definition": definition,
                "key_takeaways": takeaways,
                "tools": [{"name": TOOLS[t][0], "path": TOOLS[t][1]} for t in tools.split(",")],
            }
        )
    slugs = [t["slug"] for t in terms]
    dupes = {s for s in slugs if slugs.count(s) > 1}
    if dupes:
        raise SystemExit(f"duplicate slugs: {sorted(dupes)}")
    terms.sort(key=lambda t: t["slug"])
    OUT.write_text(json.dumps(terms, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(terms)} terms")


if __name__ == "__main__":
    main()
