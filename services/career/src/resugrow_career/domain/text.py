"""Title normalisation: abbreviations, seniority words, stop words, stems.

Seniority words are removed before matching (an O*NET occupation has no level) but reported
back, so a "Sr. Software Eng" still says it read "senior".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from resugrow_career.domain.board_words import NOISE, PLACES, POSTING, POSTING_ALONE

_WORD = re.compile(r"[a-z0-9]+(?:\+\+|#)?")
_STEMMER = snowballstemmer.stemmer("english")

# Expansions applied token by token before stemming; multi-word values are split again.
ABBREVIATIONS: dict[str, str] = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "mgmt": "management",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "devs": "developer",
    "swe": "software engineer",
    "sde": "software developer",
    "sw": "software",
    "qa": "quality assurance",
    "qc": "quality control",
    "ux": "user experience",
    "ui": "user interface",
    "hr": "human resources",
    "it": "information technology",
    "rn": "registered nurse",
    "lpn": "licensed practical nurse",
    "cna": "nursing assistant",
    "np": "nurse practitioner",
    "pa": "physician assistant",
    "vp": "vice president",
    "svp": "vice president",
    "evp": "vice president",
    "ceo": "chief executive",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cto": "chief technology officer",
    "cio": "chief information officer",
    "cmo": "chief marketing officer",
    "dba": "database administrator",
    "sysadmin": "systems administrator",
    "admin": "administrator",
    "asst": "assistant",
    "assoc": "associate",
    "acct": "accountant",
    "cpa": "accountant",
    "tech": "technician",
    "techs": "technician",
    "coord": "coordinator",
    "rep": "representative",
    "reps": "representative",
    "exec": "executive",
    "dir": "director",
    "supv": "supervisor",
    "spvr": "supervisor",
    "ops": "operations",
    "pm": "project manager",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "bi": "business intelligence",
    "sre": "site reliability engineer",
    "devops": "devops engineer",
    "hvac": "heating air conditioning",
    "emt": "emergency medical technician",
    "cdl": "truck driver",
    "k12": "teacher",
    "ta": "teaching assistant",
    "csr": "customer service representative",
    "bdr": "business development representative",
    "sdr": "sales development representative",
    "ae": "account executive",
    "js": "javascript",
    "ds": "data scientist",
    # job-board shorthand (health care, trades, office, tech)
    "lvn": "licensed vocational nurse",
    "stna": "nursing assistant",
    "hha": "home health aide",
    "pct": "patient care technician",
    "rrt": "respiratory therapist",
    "lmt": "massage therapist",
    "slp": "speech language pathologist",
    "ot": "occupational therapist",
    "otr": "occupational therapist",
    "cota": "occupational therapy assistant",
    "pta": "physical therapist assistant",
    "rdh": "dental hygienist",
    "fnp": "family nurse practitioner",
    "aprn": "nurse practitioner",
    "crna": "nurse anesthetist",
    "lcsw": "clinical social worker",
    "msw": "social worker",
    "dds": "dentist",
    "dmd": "dentist",
    "dvm": "veterinarian",
    "pharmd": "pharmacist",
    "cpht": "pharmacy technician",
    "sdet": "software test engineer",
    "ap": "accounts payable",
    "ar": "accounts receivable",
    "gm": "general manager",
    "ba": "business analyst",
    "csm": "customer success manager",
    "maint": "maintenance",
    "mech": "mechanic",
    "elec": "electrician",
    "supt": "superintendent",
    "paraeducator": "paraprofessional",
    "accts": "accounts",
    "acctg": "accounting",
    "svc": "service",
    "svcs": "services",
    "cust": "customer",
    "whse": "warehouse",
    "mfg": "manufacturing",
    "prod": "production",
    "equip": "equipment",
    "spec": "specialist",
    "adm": "administrative",
    "med": "medical",
    "pharm": "pharmacy",
    "tchr": "teacher",
    "instr": "instructor",
    "mktg": "marketing",
    "mkt": "marketing",
    "engg": "engineering",
    "dept": "department",
    "gen": "general",
    "supvr": "supervisor",
    "sup": "supervisor",
    "hosp": "hospital",
}

SENIORITY = {
    "senior": "senior",
    "junior": "junior",
    "lead": "lead",
    "principal": "principal",
    "staff": "staff",
    "entry": "entry",
    "level": "",
    "mid": "mid",
    "i": "level 1",
    "ii": "level 2",
    "iii": "level 3",
    "iv": "level 4",
    "1": "level 1",
    "2": "level 2",
    "3": "level 3",
    "4": "level 4",
    "experienced": "senior",
    "intern": "intern",
}

STOP = {"of", "and", "the", "a", "an", "for", "in", "to", "at", "on", "with", "or", "all", "other"}


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    return str(_STEMMER.stemWord(token))


def norm_title(text: str) -> str:
    """The identity of a title for held-out splits (same rule as scripts/build_data.py: norm)."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def words(text: str) -> list[str]:
    if not text.isascii():  # "Café Manager", "Résumé Writer": O*NET writes every title in ASCII
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(text.lower().replace("&", " and "))


def expand(tokens: list[str], keep: frozenset[str] = frozenset()) -> list[str]:
    """Abbreviations spelled out, except those in `keep` (a title that means something else by
    them: see title_data.own_abbreviations)."""
    out: list[str] = []
    for tok in tokens:
        out.extend((tok if tok in keep else ABBREVIATIONS.get(tok, tok)).split())
    return out


_HEAD_OF = re.compile(r"\bhead of\b", re.IGNORECASE)
_SECTION = re.compile(r"\s[-\u2013\u2014|:]\s|:\s|[(\[,/]")
# Pay written into a title ("$18/hr", "$5k Sign-On", "22.50 per hour"): its words are not the job.
_PAY = re.compile(
    r"(?:\b(?i:up to|starting at|as much as|from)\s+)?\$\s?[\d.,]+\s?k?(?:\s?(?:/|per|an?)\s?(?:hr|hour|yr|year|wk|week|annum))?|\b\d+(?:\.\d+)?\s?/\s?(?:hr|hour)\b"
)
# Hours ("40 hrs/week", "32 hours"), requisition codes ("Req #12345", "(R-10234)", "Job ID 5567")
# and the employer ("at Google", "@ Starbucks"; not "Attorney at Law", "Sergeant at Arms"): posting
# details, not the job.
_POSTING = re.compile(
    r"\b\d+\+?\s?(?:hrs?|hours)\b(?:\s?(?:/|per|an?)\s?(?:wk|week))?"
    r"|(?i:\b(?:req(?:uisition)?|ref|job\s*id)\b\.?\s*(?:#|no\.?|number)?\s*:?\s*[\w-]*\d[\w-]*)"
    r"|\b[A-Za-z]{1,4}-?\d{3,}\b|#\s?\d+"
    r"|\s@\s?.*$|\s+at\s+(?:the\s+)?(?!(?:Law|Arms|Large)\b)[A-Z].*$"
)
_BRACKET = re.compile(r"[(\[][^)\]]*")


def split_title(text: str, keep: frozenset[str] = frozenset()) -> tuple[list[str], str, list[str]]:
    """(content tokens, head token, seniority words seen): abbreviations expanded, stop words and
    job-board noise dropped. The head is the last content token of the title's main part (before
    a dash, bar, colon, comma, slash or parenthesis) or else of the whole title."""
    return read_title(text, keep)[:3]


def gram_words(text: str) -> list[str]:
    """The title's words as written, less the parts that say nothing of the job (a place, a
    shift, pay, "Full-Time") and less its seniority words: what its character 3-grams are read
    from, so that "Sr. Line Cook - Pittsburgh, PA" is read like "Line Cook" (the level is
    reported, not matched)."""
    return read_title(text)[3]


def read_title(text: str, keep: frozenset[str] = frozenset()) -> tuple[list[str], str, list[str], list[str]]:
    """`split_title` and `gram_words` from one reading of the title (a query needs both)."""
    content: list[str] = []
    levels: list[str] = []
    grams: list[str] = []
    head = ""
    for part, kept, before_of, level in _read_parts(text, keep, levels):
        if kept and not head:
            # "Director of Nursing", "First-Line Supervisors of ...": the head comes before "of"
            heads = [t for t in kept[:before_of] if t not in NOISE] if before_of else []
            head = heads[-1] if heads else kept[-1]
        if kept:
            grams += [
                w for w in words(part) if (not grams or w not in PLACES) and not set(expand([w])) <= level
            ]
        content.extend(kept)
    return content, head, levels, grams


def _read_parts(
    text: str, keep: frozenset[str], levels: list[str]
) -> list[tuple[str, list[str], int, set[str]]]:
    """Per part of the title (split at a dash, bar, colon, comma, slash or parenthesis): (its
    text, its content tokens, how many come before its first "of", the tokens read as a level
    there); seniority words go to `levels`. A part of noise alone keeps its tokens only when it is the last and nothing came
    before ("Manager")."""
    text = _PAY.sub(" ", text.split("Except")[0].replace("--", " of "))  # "Helpers--Carpenters"
    text = _POSTING.sub(" ", text)
    # a bracket is one part: "(Full Time, Benefits)" is read whole, not as "Benefits" alone
    text = _BRACKET.sub(lambda m: m.group(0).replace(",", " ").replace("/", " "), text)
    text = _HEAD_OF.sub("director of", text)  # "Head of Marketing" reads as a director's title
    parts = [p for p in _SECTION.split(text) if p and p.strip()]
    out: list[tuple[str, list[str], int, set[str]]] = []
    seen = False
    for n, part in enumerate(parts or [text]):
        mine, before_of, level = _part_tokens(part, levels, main=not seen, keep=keep)
        kept = [t for t in mine if t not in NOISE] or (mine if not seen and n == len(parts) - 1 else [])
        seen = seen or bool(kept)
        out.append((part, kept, before_of, level))
    return out


def _part_tokens(
    part: str, levels: list[str], *, main: bool, keep: frozenset[str] = frozenset()
) -> tuple[list[str], int, set[str]]:
    """(content tokens of one part, how many of them come before its first "of", the tokens read
    as a level); seniority words go to `levels`; outside the main part, place names are dropped, and so is a part that
    only says what the posting offers or asks (board_words.POSTING)."""
    mine: list[str] = []
    level: set[str] = set()
    before_of = 0
    raw = words(part)
    toks = expand(raw if main else [t for t in raw if t not in PLACES and not t[0].isdigit()], keep)
    said = [t for t in toks if t not in STOP]
    if (
        not main
        and said
        and all(t in POSTING or t in NOISE for t in said)
        and (len(said) > 1 or said[0] in POSTING_ALONE)
    ):
        return [], 0, set()
    if "except" in toks:  # "..., Except Legal, Medical": what follows is not this job
        toks = toks[: toks.index("except")]
    for i, tok in enumerate(toks):
        if tok == "of" and not before_of:
            before_of = sum(t not in NOISE for t in mine)  # an index into the kept tokens
        if tok in SENIORITY and _is_level(toks, i):
            level.add(tok)
            if SENIORITY[tok]:
                levels.append(SENIORITY[tok])
        elif tok not in STOP:
            mine.append(tok)
    return mine, before_of, level


def _is_level(toks: list[str], i: int) -> bool:
    """A seniority word is a level when it qualifies a job noun after it ("Principal Engineer",
    "Entry Level Clerk"), and the job itself when nothing follows ("School Principal") or when
    it is a plain word in a name ("Data Entry Clerk")."""
    tok = toks[i]
    if tok == "entry":
        return i + 1 < len(toks) and toks[i + 1] == "level"
    if tok == "level" or not tok.isalpha() or len(tok) <= 3:  # "level", "II", "3"
        return True
    return any(t not in SENIORITY and t not in STOP and t not in NOISE for t in toks[i + 1 :])


def title_key(text: str, keep: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], str]:
    """The stemmed token tuple an index entry is stored under (order kept, duplicates dropped),
    and its stemmed head token (abbreviations in `keep` stay as written)."""
    content, head, _ = split_title(text, keep)
    return tuple(dict.fromkeys(stem(t) for t in content)), stem(head) if head else ""


def char_grams(text: str) -> set[str]:
    """Character 3-grams of the title's words, padded at word edges (typos, word forms)."""
    grams: set[str] = set()
    for word in words(text):
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams
