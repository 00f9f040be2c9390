"""Title normalisation: abbreviations, seniority words, stop words, stems.

Seniority words are removed before matching (an O*NET occupation has no level) but reported
back, so a "Sr. Software Eng" still says it read "senior".
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

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
}

STOP = {"of", "and", "the", "a", "an", "for", "in", "to", "at", "on", "with", "or", "all", "other"}


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    return str(_STEMMER.stemWord(token))


def norm_title(text: str) -> str:
    """The identity of a title for held-out splits (same rule as scripts/build_data.py: norm)."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("&", " and "))


def expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        out.extend(ABBREVIATIONS.get(tok, tok).split())
    return out


# Job-board noise (shifts, contract terms, work place): dropped when other words remain.
NOISE = {
    "remote",
    "hybrid",
    "onsite",
    "shift",
    "shifts",
    "night",
    "nights",
    "day",
    "days",
    "weekend",
    "weekends",
    "evening",
    "evenings",
    "overnight",
    "overnights",
    "part",
    "full",
    "time",
    "ft",
    "pt",
    "temporary",
    "temp",
    "contract",
    "seasonal",
    "per",
    "diem",
    "prn",
    "1st",
    "2nd",
    "3rd",
    "hiring",
    "immediate",
    "immediately",
    "urgent",
    "urgently",
    "needed",
    "now",
    "bonus",
    "sign",
    "on",
    "travel",
    "flexible",
    "hours",
    "weekly",
    "pay",
    "new",
    "grad",
    "graduate",
    "relocation",
}
_SECTION = re.compile(r"\s[-\u2013\u2014|:]\s|[(\[,/]")


def split_title(text: str) -> tuple[list[str], str, list[str]]:
    """(content tokens, head token, seniority words seen): abbreviations expanded, stop words and
    job-board noise dropped. The head is the last content token of the title's main part (before
    a dash, bar, colon, comma, slash or parenthesis) or else of the whole title."""
    parts = [p for p in _SECTION.split(text.split("Except")[0]) if p and p.strip()]
    content: list[str] = []
    levels: list[str] = []
    head = ""
    for n, part in enumerate(parts or [text]):
        mine = []
        for tok in expand(words(part)):
            if tok == "except":  # "..., Except Legal, Medical": what follows is not this job
                break
            if tok in SENIORITY:
                if SENIORITY[tok]:
                    levels.append(SENIORITY[tok])
            elif tok not in STOP:
                mine.append(tok)
        kept = [t for t in mine if t not in NOISE] or (mine if not content and n == len(parts) - 1 else [])
        if kept and not head:
            head = kept[-1]
        content.extend(kept)
    return content, head, levels


def title_key(text: str) -> tuple[tuple[str, ...], str]:
    """The stemmed token tuple an index entry is stored under (order kept, duplicates dropped),
    and its stemmed head token."""
    content, head, _ = split_title(text)
    return tuple(dict.fromkeys(stem(t) for t in content)), stem(head) if head else ""


def char_grams(text: str) -> set[str]:
    """Character 3-grams of the title's words, padded at word edges (typos, word forms)."""
    grams: set[str] = set()
    for word in words(text):
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams
