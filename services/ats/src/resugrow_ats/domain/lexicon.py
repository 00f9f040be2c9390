"""Words the parser recognises: section headings, job-title words, company words, places.

Written for this project; the heading list covers the names resume guides and templates use.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "about me",
        "about",
        "objective",
        "career objective",
        "career summary",
        "executive summary",
        "overview",
        "personal statement",
        "summary of qualifications",
        "qualifications summary",
        "executive profile",
        "professional overview",
        "personal profile",
        "career profile",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "relevant experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "professional background",
        "career",
        "internships",
        "internship experience",
        "internship",
        "military experience",
        "industry experience",
        "experience highlights",
        "professional employment",
        "relevant work experience",
        "work",
        "leadership experience",
        "teaching experience",
        "research experience",
        "clinical experience",
        "selected experience",
        "recent experience",
        "positions held",
    ),
    "education": (
        "education",
        "academic background",
        "education & training",
        "academic qualifications",
        "academics",
        "educational background",
        "education history",
        "academic history",
        "education & certifications",
        "education & credentials",
        "qualifications",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "core competencies",
        "competencies",
        "areas of expertise",
        "expertise",
        "skills & tools",
        "tools",
        "technologies",
        "tech stack",
        "technical proficiencies",
        "proficiencies",
        "languages & tools",
        "skills & abilities",
        "strengths",
        "skills & expertise",
        "skills summary",
        "skill set",
        "skillset",
        "tools & technologies",
        "technical expertise",
        "relevant skills",
        "professional skills",
        "hard skills",
        "software",
        "computer skills",
        "it skills",
        "skills & competencies",
        "key competencies",
        "toolbox",
    ),
    "certifications": (
        "certifications",
        "certificates",
        "certification",
        "licenses",
        "licenses & certifications",
        "certifications & licenses",
        "credentials",
        "professional development",
        "courses",
        "coursework",
        "training & certifications",
        "certifications & training",
        "licensure",
        "training",
    ),
    "projects": (
        "projects",
        "personal projects",
        "selected projects",
        "academic projects",
        "key projects",
        "side projects",
    ),
    "awards": (
        "awards",
        "honors",
        "achievements",
        "accomplishments",
        "honours",
        "honors & awards",
        "awards & honors",
        "key achievements",
    ),
    "publications": ("publications", "research", "presentations", "patents", "publications & presentations"),
    "languages": ("languages", "language skills", "spoken languages"),
    "volunteer": (
        "volunteer",
        "volunteering",
        "volunteer experience",
        "community involvement",
        "community service",
        "extracurricular activities",
        "activities",
        "leadership & activities",
        "affiliations",
        "memberships",
        "professional affiliations",
    ),
    "interests": ("interests", "hobbies", "hobbies & interests", "personal interests"),
    "references": ("references", "referees"),
    "contact": (
        "contact",
        "contact information",
        "personal details",
        "personal information",
        "contact details",
    ),
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
COUNTRIES = frozenset(
    c.lower()
    for c in (
        "USA",
        "US",
        "U.S.",
        "United States",
        "UK",
        "U.K.",
        "United Kingdom",
        "England",
        "Scotland",
        "Ireland",
        "Canada",
        "Germany",
        "France",
        "Spain",
        "Italy",
        "Portugal",
        "Netherlands",
        "Belgium",
        "Switzerland",
        "Austria",
        "Sweden",
        "Norway",
        "Denmark",
        "Finland",
        "Poland",
        "Czechia",
        "Czech Republic",
        "Greece",
        "India",
        "China",
        "Japan",
        "Singapore",
        "Australia",
        "New Zealand",
        "Brazil",
        "Mexico",
        "Argentina",
        "Chile",
        "Colombia",
        "Nigeria",
        "Kenya",
        "South Africa",
        "Egypt",
        "Israel",
        "UAE",
        "Turkey",
        "Pakistan",
        "Bangladesh",
        "Philippines",
        "Vietnam",
        "Indonesia",
        "Malaysia",
        "Korea",
        "South Korea",
        "Hong Kong",
        "Taiwan",
        "Romania",
        "Ukraine",
        "Hungary",
        "Estonia",
        "Lithuania",
        "Latvia",
        "Luxembourg",
        "Qatar",
        "Saudi Arabia",
        "Remote",
    )
)
REGIONS = frozenset(
    r.lower()
    for r in (
        "Alabama",
        "Alaska",
        "Arizona",
        "Arkansas",
        "California",
        "Colorado",
        "Connecticut",
        "Delaware",
        "Florida",
        "Georgia",
        "Hawaii",
        "Idaho",
        "Illinois",
        "Indiana",
        "Iowa",
        "Kansas",
        "Kentucky",
        "Louisiana",
        "Maine",
        "Maryland",
        "Massachusetts",
        "Michigan",
        "Minnesota",
        "Mississippi",
        "Missouri",
        "Montana",
        "Nebraska",
        "Nevada",
        "New Hampshire",
        "New Jersey",
        "New Mexico",
        "New York",
        "North Carolina",
        "North Dakota",
        "Ohio",
        "Oklahoma",
        "Oregon",
        "Pennsylvania",
        "Rhode Island",
        "South Carolina",
        "South Dakota",
        "Tennessee",
        "Texas",
        "Utah",
        "Vermont",
        "Virginia",
        "Washington",
        "West Virginia",
        "Wisconsin",
        "Wyoming",
        "Ontario",
        "Quebec",
        "British Columbia",
        "Alberta",
        "Bavaria",
        "Catalonia",
        "Maharashtra",
        "Karnataka",
        "Tamil Nadu",
        "Delhi",
        "New South Wales",
        "Victoria",
        "Queensland",
        "Greater London",
        "Ile-de-France",
    )
)
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


ACTION_VERBS = frozenset(
    [
        "accelerated",
        "achieved",
        "acquired",
        "administered",
        "advised",
        "analyzed",
        "analysed",
        "architected",
        "assessed",
        "audited",
        "automated",
        "built",
        "championed",
        "closed",
        "coached",
        "collaborated",
        "completed",
        "conceived",
        "consolidated",
        "coordinated",
        "created",
        "cut",
        "decreased",
        "defined",
        "delivered",
        "deployed",
        "designed",
        "developed",
        "devised",
        "directed",
        "doubled",
        "drove",
        "eliminated",
        "enabled",
        "engineered",
        "established",
        "evaluated",
        "executed",
        "expanded",
        "facilitated",
        "forecasted",
        "formulated",
        "founded",
        "generated",
        "grew",
        "guided",
        "halved",
        "headed",
        "identified",
        "implemented",
        "improved",
        "increased",
        "influenced",
        "initiated",
        "innovated",
        "installed",
        "instituted",
        "integrated",
        "introduced",
        "investigated",
        "launched",
        "led",
        "leveraged",
        "maintained",
        "managed",
        "mentored",
        "migrated",
        "modernized",
        "negotiated",
        "optimized",
        "orchestrated",
        "organized",
        "oversaw",
        "owned",
        "partnered",
        "pioneered",
        "planned",
        "presented",
        "prioritized",
        "produced",
        "programmed",
        "proposed",
        "prototyped",
        "published",
        "raised",
        "rebuilt",
        "recruited",
        "redesigned",
        "reduced",
        "refactored",
        "regulated",
        "reorganized",
        "resolved",
        "restructured",
        "revamped",
        "saved",
        "scaled",
        "secured",
        "shipped",
        "simplified",
        "sold",
        "solved",
        "spearheaded",
        "standardized",
        "streamlined",
        "strengthened",
        "supervised",
        "supported",
        "taught",
        "tested",
        "trained",
        "transformed",
        "tripled",
        "upgraded",
        "won",
        "wrote",
        "administered",
        "assisted",
        "budgeted",
        "calculated",
        "cataloged",
        "compiled",
        "conducted",
        "consulted",
        "converted",
        "counseled",
        "cultivated",
        "debugged",
        "diagnosed",
        "documented",
        "educated",
        "enhanced",
        "examined",
        "expedited",
        "extracted",
        "fostered",
        "handled",
        "hired",
        "instructed",
        "interviewed",
        "mapped",
        "measured",
        "merged",
        "modeled",
        "monitored",
        "motivated",
        "operated",
        "outperformed",
        "performed",
        "prepared",
        "processed",
        "procured",
        "promoted",
        "provided",
        "qualified",
        "reconciled",
        "redeployed",
        "refined",
        "remodeled",
        "replaced",
        "researched",
        "reviewed",
        "revised",
        "scheduled",
        "screened",
        "served",
        "shaped",
        "sourced",
        "steered",
        "structured",
        "surpassed",
        "tracked",
        "translated",
        "treated",
        "triaged",
        "tutored",
        "unified",
        "validated",
        "verified",
    ]
)
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
