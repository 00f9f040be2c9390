"""Words the parser recognises: section headings, job-title words, company words, places.

Written for this project; the heading list covers the names resume guides and templates use.
"""

from __future__ import annotations

import json
import re
from importlib import resources

# The long word lists live in data/ as plain files, so this module keeps only the rules.
_DATA = resources.files("resugrow_ats.domain.data")


def _lines(name: str) -> frozenset[str]:
    text = _DATA.joinpath(name).read_text(encoding="utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    key: tuple(phrases)
    for key, phrases in json.loads(
        _DATA.joinpath("section_headings.json").read_text(encoding="utf-8")
    ).items()
}
HEADING_INDEX: dict[str, str] = {p: key for key, phrases in SECTION_HEADINGS.items() for p in phrases}
# A heading that names two sections ("Skills & Certifications") starts the first; the words
# below route lines to the second when they look like it.
HEADING_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("experience", "experience"),
    ("employment", "experience"),
    ("work history", "experience"),
    ("education", "education"),
    ("skill", "skills"),
    ("competenc", "skills"),
    ("technolog", "skills"),
    ("certific", "certifications"),
    ("licen", "certifications"),
    ("project", "projects"),
    ("award", "awards"),
    ("honor", "awards"),
    ("publication", "publications"),
    ("volunteer", "volunteer"),
    ("summary", "summary"),
    ("profile", "summary"),
    ("objective", "summary"),
    ("language", "languages"),
    ("interest", "interests"),
)

TITLE_WORDS = _words(
    """engineer engineers developer programmer manager director analyst scientist designer architect consultant
    specialist coordinator assistant associate intern internship lead head officer administrator representative
    executive president vp founder cofounder co-founder owner accountant auditor controller nurse physician
    therapist technician technologist pharmacist clerk recruiter strategist writer editor marketer planner buyer
    agent advisor adviser teacher instructor professor researcher fellow tutor supervisor principal cashier driver
    operator mechanic electrician chef cook attendant receptionist secretary paralegal attorney lawyer counsel
    bookkeeper banker trader underwriter actuary economist sre devops contractor freelancer freelance apprentice
    trainee ambassador generalist producer photographer illustrator copywriter ceo cto cfo coo cmo cio evangelist
    advocate sonographer hygienist dentist surgeon paramedic emt aide caregiver practitioner np pa lpn rn cna
    superintendent foreman estimator inspector dispatcher merchandiser stylist barista bartender server
    scrum partner chair chairman member volunteer captain sergeant lieutenant officer owner worker"""
)
TITLE_PREFIXES = _words("senior sr sr. junior jr jr. staff principal lead chief associate assistant deputy")
COMPANY_WORDS = _words(
    """inc inc. incorporated llc l.l.c. ltd ltd. limited corp corp. corporation co co. company gmbh ag sa s.a. plc
    group holdings labs lab technologies technology systems solutions software university college institute
    hospital health healthcare clinic bank capital partners consulting agency studio studios foundation school
    center centre associates ventures industries international global networks media games pharmaceuticals
    foods bv pty llp lp nv oy ab as srl spa kk council department ministry county city state"""
)
US_STATES = _words(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK
    OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC ON BC AB QC NSW VIC QLD"""
)
COUNTRIES = frozenset(c.lower() for c in _lines("countries.txt"))
REGIONS = frozenset(r.lower() for r in _lines("regions.txt"))
_PLACE_WORD = r"[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,3}"
LOCATION_RE = re.compile(
    rf"^(?P<city>{_PLACE_WORD}),\s*(?P<region>[A-Z]{{2}}|{_PLACE_WORD})(?:\s+\d{{5}}(?:-\d{{4}})?)?(?:,\s*(?P<country>{_PLACE_WORD}))?$"
)
REMOTE_RE = re.compile(r"^(remote|hybrid|on-?site|remote,? [A-Za-z ]+|[A-Za-z ]+ \(remote\))$", re.IGNORECASE)


def is_location(text: str) -> bool:
    t = text.strip().strip("()")
    if not t or len(t) > 50 or any(ch.isdigit() for ch in t.replace(" ", "")[:-5]) or "@" in t:
        return False
    if REMOTE_RE.match(t) or t.lower() in COUNTRIES:
        return True
    m = LOCATION_RE.match(t)
    if not m:
        return False
    region = m.group("region")
    if region.isupper() and len(region) == 2:
        return region in US_STATES or region.lower() in COUNTRIES
    city = m.group("city")
    if region.lower() in REGIONS and title_score(city) <= 0 and company_score(city.replace(" City", "")) <= 0:
        return True  # "Salt Lake City, Utah": "City" in a town's name is not a company word
    if title_score(t) > 0 or company_score(t) > 0:
        return False
    country = m.group("country")
    if country:
        return country.lower() in COUNTRIES
    return region.lower() in COUNTRIES or region.lower() in REGIONS


def title_score(text: str) -> int:
    words = [w.strip(".,()").lower() for w in text.split()]
    if not words:
        return 0
    score = sum(2 for w in words if w in TITLE_WORDS) + sum(1 for w in words[:1] if w in TITLE_PREFIXES)
    # "Software Engineering Intern" ends in a title word: a company word inside does not outweigh it.
    raw = [w.strip(".,()") for w in text.split()]
    company_words = [w for w, r in zip(words, raw, strict=True) if w in COMPANY_WORDS and r not in US_STATES]
    if company_words and words[-1] not in TITLE_WORDS:
        score -= 2
    return score


def company_score(text: str) -> int:
    words = [w.strip(",()").lower() for w in text.split()]
    if words and words[-1].strip(".") in TITLE_WORDS:
        return 0  # "Software Engineer": a title that happens to contain a company word
    return sum(2 for w in words if w in COMPANY_WORDS or w.rstrip(".") in COMPANY_WORDS)


ACTION_VERBS = _lines("action_verbs.txt")
_IRREGULAR = {
    "lead": "led",
    "build": "built",
    "run": "ran",
    "write": "wrote",
    "drive": "drove",
    "grow": "grew",
    "cut": "cut",
    "make": "made",
    "sell": "sold",
    "teach": "taught",
    "win": "won",
    "oversee": "oversaw",
    "set": "set",
    "leads": "led",
    "builds": "built",
    "runs": "ran",
    "writes": "wrote",
    "drives": "drove",
    "grows": "grew",
}


def starts_with_action_verb(text: str) -> bool:
    """ "Built ...", "Lead ...", "Manages ...": past or present tense of a known action verb."""
    words = text.split()
    if not words:
        return False
    w = words[0].lower().strip(",.;:")
    if w in ACTION_VERBS or _IRREGULAR.get(w) in ACTION_VERBS:
        return True
    stems = {w + "ed", w + "d"}
    if w.endswith("y"):
        stems.add(w[:-1] + "ied")
    if w.endswith("es"):
        stems |= {w[:-2] + "ed", w[:-1] + "d"}
    elif w.endswith("s"):
        stems |= {w[:-1] + "ed", w[:-1] + "d"}
    return bool(stems & ACTION_VERBS)
