"""Seeded personas with known truth for the resume generator matrix.

Every persona is drawn from small hand-written pools with ``random.Random(seed + id)``, so the
same id always gives the same person, and the truth is written from these values before any
parser runs. Hard cases (see ``CASES``) are switched on per persona by the same generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

SEED = 20261205
UNTUNED = 4  # personas with id % UNTUNED == 0 are never looked at while tuning

CASES = (
    "paren_title",  # "Intern (40 hours per week)"
    "dash_company",  # "Multicultural Program – State University"
    "company_first",  # entries written company line first
    "mixed_order",  # title-first and company-first entries in one resume
    "date_first",  # an entry whose first line is the date range
    "no_exp_heading",  # experience right under the contact block, no heading
    "one_word_name",
    "name_apart",  # the tagline above the name, or the contact line between them
    "contact_in_header",  # contact details only in a Word header/footer/text box (DOCX/ODT)
    "interests_after_skills",
    "certs_next_to_skills",
    "same_company_twice",
)

FIRST = [
    "Amara",
    "Liam",
    "Sofia",
    "Mateo",
    "Priya",
    "Noah",
    "Chen",
    "Olivia",
    "Kwame",
    "Hannah",
    "Diego",
    "Aisha",
    "Lukas",
    "Mei",
    "Tomasz",
    "Fatima",
    "Jonas",
    "Elena",
    "Ravi",
    "Grace",
    "Omar",
    "Ingrid",
    "Kenji",
    "Lucia",
    "Samuel",
    "Yara",
    "Arjun",
    "Chloe",
    "Felix",
    "Nadia",
    "Marcus",
    "Leila",
    "Pablo",
    "Zoe",
    "Idris",
    "Maren",
    "Tariq",
    "Julia",
    "Emeka",
    "Rosa",
]
LAST = [
    "Okafor",
    "Nguyen",
    "Fischer",
    "Alvarez",
    "Patel",
    "Kowalski",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Mensah",
    "Rossi",
    "Schmidt",
    "Oyelaran",
    "Brennan",
    "Castillo",
    "Novak",
    "Iyer",
    "Delgado",
    "Johansson",
    "Byrne",
    "Wójcik",
    "Abara",
    "Ferreira",
    "Kim",
    "Ahmed",
    "Larsen",
    "Mbeki",
    "O'Connor",
    "Vasquez",
    "Hughes",
    "Petrov",
    "Sato",
    "Dubois",
    "Keller",
    "Reyes",
    "Osei",
    "Walsh",
    "Marino",
    "Holt",
]
MONONYMS = ("Zendaya", "Oluwaseun", "Ikaika", "Soyeon", "Anahera")
CITIES = (
    "Austin, TX", "Denver, CO", "Seattle, WA", "Chicago, IL", "Boston, MA", "Atlanta, GA",
    "Portland, OR", "Columbus, OH", "Raleigh, NC", "Phoenix, AZ", "Minneapolis, MN", "Madison, WI",
    "Pittsburgh, PA", "Nashville, TN", "San Diego, CA", "Salt Lake City, UT",
)  # fmt: skip

# Role families: titles (junior -> senior), companies, skills as a person writes them.
FAMILIES: dict[str, dict[str, Any]] = {
    "software": {
        "titles": [
            "Software Engineer",
            "Backend Developer",
            "Senior Software Engineer",
            "Full Stack Developer",
            "Site Reliability Engineer",
            "Engineering Manager",
        ],
        "companies": [
            "Northwind Systems Inc.",
            "Bluefin Labs",
            "Cobalt Cloud LLC",
            "Harbor Software Corp.",
            "Tidepool Technologies",
            "Quartzline Inc.",
        ],
        "skills": [
            "Python",
            "Go",
            "TypeScript",
            "React",
            "PostgreSQL",
            "Amazon Web Services",
            "Kubernetes",
            "Docker",
            "Terraform",
            "Distributed Systems",
            "GraphQL",
            "Redis",
            "CI/CD",
            "Java",
            "Node.js",
            "Kafka",
            "Linux",
            "System Design",
            "gRPC",
            "C++",
        ],
    },
    "data": {
        "titles": [
            "Data Analyst",
            "Data Scientist",
            "Senior Data Analyst",
            "Analytics Engineer",
            "Machine Learning Engineer",
            "Business Intelligence Analyst",
        ],
        "companies": [
            "Meridian Analytics Group",
            "Lakeshore Insights LLC",
            "Parallax Data Inc.",
            "Kestrel Health Analytics",
            "Brightline Research Corp.",
        ],
        "skills": [
            "SQL",
            "Python",
            "R",
            "Tableau",
            "Power BI",
            "pandas",
            "scikit-learn",
            "Statistical Modeling",
            "A/B Testing",
            "dbt",
            "Snowflake",
            "Apache Spark",
            "Machine Learning",
            "Data Visualization",
            "Looker",
            "Microsoft Excel",
        ],
    },
    "nursing": {
        "titles": [
            "Registered Nurse",
            "Charge Nurse",
            "Clinical Nurse Specialist",
            "Staff Nurse",
            "Nurse Educator",
            "ICU Nurse",
        ],
        "companies": [
            "St. Brigid Medical Center",
            "Valley Regional Hospital",
            "Cedar Grove Health System",
            "Lakeside Children's Hospital",
            "Mercy Community Clinic",
        ],
        "skills": [
            "Patient Assessment",
            "Epic EHR",
            "IV Therapy",
            "Wound Care",
            "Medication Administration",
            "Care Planning",
            "Telemetry",
            "Triage",
            "Infection Control",
            "Patient Education",
            "Critical Care",
            "Phlebotomy",
        ],
    },
    "marketing": {
        "titles": [
            "Marketing Coordinator",
            "Digital Marketing Specialist",
            "Content Strategist",
            "Marketing Manager",
            "SEO Specialist",
            "Brand Manager",
        ],
        "companies": [
            "Fernhill Brands Co.",
            "Sparrow & Pike Agency",
            "Lumen Retail Group",
            "Orchard Media LLC",
            "Atlas Outdoor Inc.",
        ],
        "skills": [
            "SEO",
            "Google Analytics",
            "HubSpot",
            "Content Marketing",
            "Copywriting",
            "Email Marketing",
            "Social Media Marketing",
            "Google Ads",
            "Salesforce",
            "Adobe Photoshop",
            "Market Research",
            "Brand Strategy",
            "WordPress",
        ],
    },
    "finance": {
        "titles": [
            "Staff Accountant",
            "Financial Analyst",
            "Senior Accountant",
            "Accounts Payable Specialist",
            "Controller",
            "FP&A Analyst",
        ],
        "companies": [
            "Granite Peak Financial",
            "Whitmore & Lane LLP",
            "Summit Credit Union",
            "Redwood Capital Partners",
            "Ironbridge Manufacturing Inc.",
        ],
        "skills": [
            "Financial Modeling",
            "GAAP",
            "Microsoft Excel",
            "QuickBooks",
            "SAP",
            "Budgeting",
            "Forecasting",
            "Account Reconciliation",
            "Variance Analysis",
            "NetSuite",
            "Accounts Payable",
            "Financial Reporting",
            "Audit",
        ],
    },
    "hr": {
        "titles": [
            "HR Generalist",
            "Recruiter",
            "Talent Acquisition Specialist",
            "HR Business Partner",
            "People Operations Manager",
            "Benefits Coordinator",
        ],
        "companies": [
            "Keystone Staffing Group",
            "Pinecrest Logistics Inc.",
            "Harmon Foods Co.",
            "Evergreen University",
            "Cascade Retail LLC",
        ],
        "skills": [
            "Workday",
            "Recruiting",
            "Onboarding",
            "Employee Relations",
            "HRIS",
            "Benefits Administration",
            "Performance Management",
            "ADP",
            "Compensation Analysis",
            "Applicant Tracking Systems",
            "Labor Law",
        ],
    },
    "operations": {
        "titles": [
            "Operations Coordinator",
            "Logistics Analyst",
            "Supply Chain Manager",
            "Warehouse Supervisor",
            "Project Manager",
            "Operations Manager",
        ],
        "companies": [
            "Riverbend Distribution Inc.",
            "Sterling Freight LLC",
            "Northgate Manufacturing Co.",
            "Bayview Foods Corp.",
            "Copperline Logistics",
        ],
        "skills": [
            "Inventory Management",
            "Lean Six Sigma",
            "SAP",
            "Vendor Management",
            "Microsoft Excel",
            "Forecasting",
            "Process Improvement",
            "Project Management",
            "Logistics",
            "Procurement",
            "Tableau",
            "Smartsheet",
        ],
    },
    "design": {
        "titles": [
            "Graphic Designer",
            "UX Designer",
            "Product Designer",
            "UI Designer",
            "Senior Product Designer",
            "Visual Designer",
        ],
        "companies": [
            "Kiteframe Studio",
            "Mosaic Digital Agency",
            "Paperplane Apps Inc.",
            "Verdant Design Co.",
            "Northstar Media Group",
        ],
        "skills": [
            "Figma",
            "Adobe Illustrator",
            "Adobe Photoshop",
            "User Research",
            "Wireframing",
            "Prototyping",
            "Sketch",
            "Typography",
            "Design Systems",
            "Usability Testing",
            "HTML",
            "CSS",
            "Adobe InDesign",
        ],
    },
}
DEGREES = ("B.S. in Computer Science", "B.A. in Economics", "B.S. in Nursing",
           "B.A. in Communications", "M.S. in Data Science", "B.B.A. in Finance",
           "B.S. in Industrial Engineering", "B.F.A. in Graphic Design", "M.B.A.",
           "B.A. in Psychology")  # fmt: skip
SCHOOLS = ("University of Michigan", "Ohio State University", "Georgia Institute of Technology",
           "University of Washington", "Arizona State University", "Boston University",
           "Purdue University", "Portland Community College", "University of Texas at Austin")  # fmt: skip
INTERESTS = ("Rock climbing", "Chess", "Photography", "Marathon running", "Baking", "Gardening",
             "Piano", "Birdwatching", "Woodworking", "Travel")  # fmt: skip
LANGUAGES = ("English (native)", "Spanish (professional)", "French (conversational)",
             "German (basic)", "Mandarin (fluent)", "Portuguese (conversational)")  # fmt: skip
CERTS = ("PMP, Project Management Institute, 2022", "AWS Certified Developer, Amazon, 2023",
         "CPR and BLS, American Heart Association, 2024", "Google Analytics Certification, 2021",
         "SHRM-CP, SHRM, 2020", "Certified Public Accountant, 2019")  # fmt: skip
DASH_COMPANIES = ("Multicultural Program – State University", "University — IT Service Desk",
                  "City of Denver – Parks Department", "Westfield College — Admissions Office")  # fmt: skip
PAREN_TITLES = ("Intern (40 hours per week)", "Research Assistant (part-time)",
                "Teaching Assistant (20 hrs/week)", "Student Worker (Work-Study)")  # fmt: skip
BULLETS = (
    "Cut turnaround time by {n}% by reworking the intake process with two other teams",
    "Managed a budget of ${n}K and reported monthly variance to the director",
    "Trained {n} new colleagues and wrote the onboarding guide still in use",
    "Led a project across {n} departments that shipped two weeks ahead of schedule",
    "Reduced errors in weekly reports by {n}% through automated checks",
    "Handled {n} requests per week while keeping satisfaction above 95%",
    "Built a tracking dashboard used by {n} managers every week",
)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass
class Job:
    title: str
    company: str
    location: str
    start: str  # YYYY-MM
    end: str | None  # None = present
    bullets: list[str] = field(default_factory=list)
    season_text: str = ""  # v2: the dates as written when they are seasons


@dataclass
class Persona:
    id: int
    family: str
    name: str
    tagline: str
    email: str
    phone: str
    location: str
    link: str
    summary: str
    jobs: list[Job]
    education: list[tuple[str, str, str]]  # (degree, school, year)
    skills: list[str]
    interests: list[str]
    languages: list[str]
    certs: list[str]
    cases: list[str]
    order: list[str]  # per job: "title" | "company" | "date" first (v2: see V2_ORDERS)
    style2: Style2 | None = None
    v2_untuned: bool = False

    @property
    def untuned(self) -> bool:
        # The first 40 (id % 4 == 0 was the untuned part) were all read while tuning in session 2;
        # 41-60 (session 2's untuned part) were inspected to fix moderncv in session 3. Only the
        # third round, generated and committed before the session-3 readers ran, is untuned now.
        return self.v2_untuned

    def truth(self) -> dict[str, Any]:
        return {
            "contact": {
                "name": self.name,
                "email": self.email,
                "phone": self.phone,
                "location": self.location,
            },
            "work": [
                {"title": j.title, "company": j.company, "start": j.start, "end": j.end} for j in self.jobs
            ],
            "education": [{"degree": d, "institution": s, "year": y} for d, s, y in self.education],
            "skills": list(self.skills),
            "not_skills": self.interests + [lang.split(" (")[0] for lang in self.languages],
        }


def month_text(ym: str | None, style: int) -> str:
    if ym is None:
        return "Present"
    year, month = ym.split("-")
    return (f"{MONTHS[int(month) - 1]} {year}", f"{month}/{year}", f"{MONTHS[int(month) - 1]}. {year}")[style]


def date_range(job: Job, style: int) -> str:
    dash = (" – ", " - ", " — ")[style]
    return f"{month_text(job.start, style)}{dash}{month_text(job.end, style)}"


def _jobs(rng: random.Random, fam: dict[str, Any], cases: list[str], city: str) -> list[Job]:
    n = rng.choice((2, 3, 3))
    titles = rng.sample(fam["titles"], n)
    companies = rng.sample(fam["companies"], n)
    year, month = 2026, rng.randint(1, 10)
    jobs: list[Job] = []
    for i in range(n):
        span = rng.randint(14, 40)
        start_ord = year * 12 + month - 1 - span
        start = f"{start_ord // 12}-{start_ord % 12 + 1:02d}"
        end = None if i == 0 else f"{year}-{month:02d}"
        bullets = [b.format(n=rng.randint(3, 60)) for b in rng.sample(BULLETS, 2)]
        jobs.append(Job(titles[i], companies[i], rng.choice(CITIES), start, end, bullets))
        end_ord = start_ord - rng.randint(1, 3)
        year, month = end_ord // 12, end_ord % 12 + 1
    if "same_company_twice" in cases:
        jobs[1].company = jobs[0].company
    if "dash_company" in cases:
        jobs[-1].company = rng.choice(DASH_COMPANIES)
    if "paren_title" in cases:
        jobs[-1].title = rng.choice(PAREN_TITLES)
    return jobs


def _cases(rng: random.Random) -> list[str]:
    picked = [c for c in CASES if rng.random() < 0.3]
    if "company_first" in picked and "mixed_order" in picked:
        picked.remove("company_first")
    if "one_word_name" in picked and "name_apart" in picked:
        picked.remove("name_apart")
    return picked


def make_persona(pid: int) -> Persona:
    if pid > V1_COUNT:
        return make_persona_v2(pid)
    rng = random.Random(SEED + pid)
    family = list(FAMILIES)[pid % len(FAMILIES)]
    fam = FAMILIES[family]
    cases = _cases(rng)
    first, last = FIRST[pid % len(FIRST)], rng.choice(LAST)
    name = rng.choice(MONONYMS) if "one_word_name" in cases else f"{first} {last}"
    handle = name.lower().replace(" ", ".").replace("'", "").replace("ó", "o")
    city = rng.choice(CITIES)
    jobs = _jobs(rng, fam, cases, city)
    order = ["title"] * len(jobs)
    if "company_first" in cases:
        order = ["company"] * len(jobs)
    if "mixed_order" in cases:
        order = [("title", "company")[i % 2] for i in range(len(jobs))]
    if "date_first" in cases:
        order[0] = "date"
    deg = rng.choice(DEGREES)
    grad = int(jobs[-1].start[:4]) - rng.randint(0, 1)
    skills = rng.sample(fam["skills"], rng.randint(7, 11))
    return Persona(
        id=pid,
        family=family,
        name=name,
        tagline=jobs[0].title if "(" not in jobs[0].title else fam["titles"][0],
        email=f"{handle}{rng.randint(1, 99)}@{rng.choice(('example.com', 'mail.example.org', 'example.net'))}",
        phone=f"({rng.randint(201, 989)}) 555-{rng.randint(1000, 9999)}",
        location=city,
        link=f"linkedin.com/in/{handle.replace('.', '-')}",
        summary=f"{fam['titles'][2]} with {rng.randint(3, 12)} years of experience in {family} teams. "
        "Known for clear communication, steady delivery and measurable results.",
        jobs=jobs,
        education=[(deg, rng.choice(SCHOOLS), str(grad))],
        skills=skills,
        interests=rng.sample(INTERESTS, 3) if "interests_after_skills" in cases or rng.random() < 0.3 else [],
        languages=rng.sample(LANGUAGES, 2) if rng.random() < 0.35 else [],
        certs=[rng.choice(CERTS)] if "certs_next_to_skills" in cases or rng.random() < 0.25 else [],
        cases=cases,
        order=order,
    )


def personas(count: int = 40) -> list[Persona]:
    return [make_persona(i) for i in range(1, count + 1)]


# --- second generation (ids > V1_COUNT): broader formats, written after the first tuning round --
# Ids V1_COUNT+1 .. V1_COUNT+V2_UNTUNED are the untuned part: generated, scored only in aggregate,
# never read file by file. The ids after them are tuned v2 personas, to tune the new formats on.
V1_COUNT = 40
V2_UNTUNED = 20
V2_TUNED = 24
# Third round (session 3): same broad generator, new ids, the untuned part from then on. Their
# files and truth were committed before any session-3 reader change was run on them.
V3_FIRST = V1_COUNT + V2_UNTUNED + V2_TUNED + 1
V3_COUNT = 20

DATE_FORMATS = ("mon", "iso_to", "years", "since", "full_month", "dotted")
FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]  # fmt: skip
V2_ORDERS = ("title", "company", "date", "title_at", "title_loc", "company_title")
EXP_HEADINGS = ("Experience", "Professional Experience", "Work History", "Employment",
                "Relevant Experience", "Employment History", "Career History", "Work Experience")  # fmt: skip
SKILL_HEADINGS = ("Skills", "Technical Skills", "Core Competencies", "Skills & Tools",
                  "Areas of Expertise", "Key Skills")  # fmt: skip
SKILL_STYLES = ("comma", "pipe", "bullet", "groups", "levels")
GLYPHS = ("", "▪", "➢", "◦", "–", "*", "»", "✓", "\uf0b7", "■")
LEVELS = ("Expert", "Advanced", "Intermediate", "Proficient", "Basic")
GROUP_LABELS = {
    "software": ("Languages", "Frameworks & Tools", "Infrastructure"),
    "data": ("Languages", "Tools", "Methods"),
}
DEFAULT_GROUPS = ("Tools", "Core", "Software")
STATES = {"TX": "Texas", "CO": "Colorado", "WA": "Washington", "IL": "Illinois", "MA": "Massachusetts",
          "GA": "Georgia", "OR": "Oregon", "OH": "Ohio", "NC": "North Carolina", "AZ": "Arizona",
          "MN": "Minnesota", "WI": "Wisconsin", "PA": "Pennsylvania", "TN": "Tennessee",
          "CA": "California", "UT": "Utah"}  # fmt: skip
V2_CASES = (
    "season_dates",
    "grouped_company",
    "skill_groups_languages",
    "glyph_bullets",
    "one_line_header",
    "location_on_title_line",
)


@dataclass
class Style2:
    """How a v2 persona writes things (v1 personas have none)."""

    date_fmt: str
    exp_heading: str
    skills_heading: str
    skills_style: str
    glyph: str
    groups: list[tuple[str, list[str]]]
    levels: dict[str, str]
    season: str | None  # "single" (Summer 2017) or "range" (Fall 2016 – Spring 2018) on the oldest job
    grouped: bool  # the two newest jobs are at one company, written under one company line


def _ym(ym: str | None, fmt: str) -> str:
    if ym is None:
        return "Present" if fmt != "iso_to" else "present"
    year, month = ym.split("-")[0], int(ym.split("-")[1]) if "-" in ym else 0
    if fmt in ("years", "since") or not month:
        return year
    return {
        "mon": f"{MONTHS[month - 1]} {year}",
        "iso_to": f"{year}-{month:02d}",
        "full_month": f"{FULL_MONTHS[month - 1]} {year}",
        "dotted": f"{month:02d}.{year}",
    }[fmt]


_SEASON_OF = {3: "Spring", 6: "Summer", 9: "Fall"}


def v2_range(job: Job, fmt: str, first: bool) -> str:
    if job.season_text:
        return job.season_text
    if fmt == "since" and job.end is None and first:
        return f"Since {_ym(job.start, fmt)}"
    sep = {"iso_to": " to ", "full_month": " - ", "dotted": " – "}.get(fmt, " – ")
    return f"{_ym(job.start, fmt)}{sep}{_ym(job.end, fmt)}"


def _v2_truth_dates(job: Job, fmt: str) -> None:
    """Truth at the precision the persona writes: a year-only format gives "2019"."""
    if fmt in ("years", "since"):
        job.start = job.start[:4]
        job.end = job.end[:4] if job.end else None


def _season(rng: random.Random, job: Job) -> None:
    year = int(job.start[:4])
    if rng.random() < 0.5:
        job.season_text = f"Summer {year}"
        job.start, job.end = f"{year}-06", f"{year}-08"
    else:
        start_m = rng.choice((3, 9))
        end_m = 5 if start_m == 9 else 11
        job.season_text = f"{_SEASON_OF[start_m]} {year} – {_SEASON_OF[end_m - 2]} {year + 1}"
        job.start, job.end = f"{year}-{start_m:02d}", f"{year + 1}-{end_m:02d}"


def _phone(rng: random.Random) -> str:
    a, b = rng.randint(201, 989), rng.randint(1000, 9999)
    return rng.choice(
        (f"({a}) 555-{b}", f"{a}-555-{b}", f"+1 {a} 555 {b}", f"{a}.555.{b}", f"+1 ({a}) 555-{b}")
    )


def _skill_style(
    rng: random.Random, family: str, skills: list[str]
) -> tuple[str, list[tuple[str, list[str]]], dict[str, str]]:
    style = rng.choice(SKILL_STYLES)
    groups: list[tuple[str, list[str]]] = []
    levels: dict[str, str] = {}
    if style == "groups":
        labels = GROUP_LABELS.get(family, DEFAULT_GROUPS)
        cut = [0, len(skills) // 3, 2 * len(skills) // 3, len(skills)]
        groups = [(labels[i], skills[cut[i] : cut[i + 1]]) for i in range(3) if skills[cut[i] : cut[i + 1]]]
    if style == "levels":
        levels = {s: rng.choice(LEVELS) for s in skills}
    return style, groups, levels


def make_persona_v2(pid: int) -> Persona:
    rng = random.Random(SEED * 7 + pid)
    family = list(FAMILIES)[pid % len(FAMILIES)]
    fam = FAMILIES[family]
    cases = _cases(rng)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = rng.choice(MONONYMS) if "one_word_name" in cases else f"{first} {last}"
    handle = name.lower().replace(" ", ".").replace("'", "").replace("ó", "o")
    city = rng.choice(CITIES)
    if rng.random() < 0.3:
        town, st = city.rsplit(", ", 1)
        city = f"{town}, {STATES[st]}"
    fmt = rng.choice(DATE_FORMATS)
    grouped = rng.random() < 0.3
    if grouped:
        cases = [c for c in cases if c != "same_company_twice"] + ["same_company_twice"]
    jobs = _jobs(rng, fam, cases, city)
    season = None
    if rng.random() < 0.35:
        season = "x"
        _season(rng, jobs[-1])
    for j in jobs:
        if not j.season_text:
            _v2_truth_dates(j, fmt)
    skills = rng.sample(fam["skills"], rng.randint(7, 11))
    sstyle, groups, levels = _skill_style(rng, family, skills)
    uniform = rng.random() < 0.6
    base = rng.choice(V2_ORDERS)
    order = [base if uniform else rng.choice(V2_ORDERS) for _ in jobs]
    if "date_first" in cases:
        order[0] = "date"
    glyph = rng.choice(GLYPHS)
    style = Style2(
        date_fmt=fmt,
        exp_heading=rng.choice(EXP_HEADINGS),
        skills_heading=rng.choice(SKILL_HEADINGS),
        skills_style=sstyle,
        glyph=glyph,
        groups=groups,
        levels=levels,
        season="single" if season and jobs[-1].season_text.count(" ") == 1 else ("range" if season else None),
        grouped=grouped,
    )
    cases = [c for c in cases if c not in ("company_first", "mixed_order")]
    extra = []
    if len(set(order)) > 1:
        extra.append("mixed_order")
    elif order[0] in ("company", "company_title"):
        extra.append("company_first")
    if {"title_at", "company_title"} & set(order):
        extra.append("one_line_header")
    if "title_loc" in order:
        extra.append("location_on_title_line")
    if season:
        extra.append("season_dates")
    if grouped:
        extra.append("grouped_company")
    if sstyle == "groups" and family in GROUP_LABELS:
        extra.append("skill_groups_languages")
    if glyph:
        extra.append("glyph_bullets")
    grad = int(jobs[-1].start[:4]) - rng.randint(0, 1)
    return Persona(
        id=pid,
        family=family,
        name=name,
        tagline=jobs[0].title if "(" not in jobs[0].title else fam["titles"][0],
        email=f"{handle}{rng.randint(1, 99)}@{rng.choice(('example.com', 'mail.example.org', 'example.net'))}",
        phone=_phone(rng),
        location=city,
        link=f"linkedin.com/in/{handle.replace('.', '-')}",
        summary=f"{fam['titles'][2]} with {rng.randint(3, 12)} years of experience in {family} teams. "
        "Known for clear communication, steady delivery and measurable results.",
        jobs=jobs,
        education=[(rng.choice(DEGREES), rng.choice(SCHOOLS), str(grad))],
        skills=skills,
        interests=rng.sample(INTERESTS, 3) if "interests_after_skills" in cases or rng.random() < 0.3 else [],
        languages=rng.sample(LANGUAGES, 2) if rng.random() < 0.35 else [],
        certs=[rng.choice(CERTS)] if "certs_next_to_skills" in cases or rng.random() < 0.25 else [],
        cases=cases + extra,
        order=order,
        style2=style,
        v2_untuned=pid >= V3_FIRST,
    )


def all_ids() -> list[int]:
    return list(range(1, V3_FIRST + V3_COUNT))
