"""Word readings written for the title matcher (read by matching.TitleIndex): synonyms, words a
query writes apart that titles write as one, job-board phrases in O*NET's words, and unknown
compounds read through the known words they are made of."""

from __future__ import annotations

from collections.abc import Callable, Container

from resugrow_career.domain.text import stem

# Words for a job that O*NET's titles may not use, written here: other spellings (British),
# older or gendered forms and everyday names. Read only when the word itself is not indexed.
SYNONYMS: dict[str, str] = {
    "barrister": "lawyer",
    "solicitor": "lawyer",
    "attorney": "lawyer",
    "cinematographer": "camera operator",
    "videographer": "video camera operator",
    "cameraman": "camera operator",
    "gaffer": "lighting technician",
    "comedian": "entertainer",
    "comic": "entertainer",
    "rector": "clergy",
    "vicar": "clergy",
    "pastor": "clergy",
    "priest": "clergy",
    "reverend": "clergy",
    "sommelier": "wine steward",
    "patissier": "pastry chef",
    "revops": "sales operations",
    "realtor": "real estate agent",
    "coder": "programmer",
    "handyman": "maintenance repair worker",
    "mailman": "mail carrier",
    "postman": "mail carrier",
    "fireman": "firefighter",
    "policeman": "police officer",
    "policewoman": "police officer",
    "salesman": "sales representative",
    "saleswoman": "sales representative",
    "salesperson": "sales representative",
    "repairman": "repairer",
    "fisherman": "fisher",
    "busboy": "dining room attendant",
    "busser": "dining room attendant",
    "waitress": "waiter",
    "foreman": "supervisor",
    "forewoman": "supervisor",
    "foreperson": "supervisor",
    "demographer": "population statistician",
    "lexicographer": "dictionary editor",
    "dietician": "dietitian",
    "webmaster": "web administrator",
    "babysitter": "child care worker",
    "esthetician": "skin care specialist",
    "aesthetician": "skin care specialist",
    "mixologist": "bartender",
    "valet": "parking attendant",
    "trucker": "truck driver",
    "teamster": "truck driver",
    "longshoreman": "dock worker",
    "stevedore": "dock worker",
    "medic": "paramedic",
    "draughtsman": "drafter",
    "draftsman": "drafter",
    "counsellor": "counselor",
    "organiser": "organizer",
    "programme": "program",
    "centre": "center",
    "theatre": "theater",
    "colour": "color",
    "paediatric": "pediatric",
    "paediatrician": "pediatrician",
    "anaesthetist": "anesthesiologist",
    "orthopaedic": "orthopedic",
    "gynaecologist": "gynecologist",
    "haematology": "hematology",
    "labourer": "laborer",
    "labour": "labor",
    "joiner": "carpenter",
    "lorry": "truck",
    "tyre": "tire",
    "aluminium": "aluminum",
    "jeweller": "jeweler",
    "modeller": "modeler",
    "cheque": "check",
    "licence": "license",
    "defence": "defense",
    "catalogue": "catalog",
}


def joined(content: list[str], head: str, joins: Callable[[str, str], bool]) -> tuple[list[str], str]:
    """(words, head) with two adjacent words joined where `joins` says titles write them as one:
    "Book Keeper" (read apart it matched the print binders' "book"), "Door Man", "Ship Yard"."""
    out: list[str] = []
    i = 0
    while i < len(content):
        pair = content[i : i + 2]
        if len(pair) == 2 and joins(*pair):
            out.append("".join(pair))
            head = out[-1] if head in pair else head
            i += 2
        else:
            out.append(content[i])
            i += 1
    return out, head


# Job-board titles O*NET's lists do not hold, or hold in another sense ("Growth Hacker" is listed
# under forest workers, "Full Stack Engineer" under Engineers, All Other), in the words of the
# O*NET title a careful coder would file them under. Read in a typed query only (`rephrased`).
PHRASES: dict[str, str] = {
    "growth hacker": "digital marketing manager",
    "product owner": "information technology product manager",
    "product manager": "digital product manager",
    "site reliability engineer": "devops engineer",
    "stack engineer": "stack software engineer",  # "Full Stack Engineer": "full" is job-board noise
    "chief staff": "general operations manager",
    "people operations": "human resources",
    "revenue operations": "sales operations",
    "prompt engineer": "artificial intelligence engineer",
    "flex driver": "delivery driver",
    "uber driver": "rideshare driver",
    "lyft driver": "rideshare driver",
}
_PHRASE_WORDS = {tuple(k.split()): v.split() for k, v in PHRASES.items()}


def rephrased(content: list[str], head: str) -> tuple[list[str], str]:
    """(words, head) with a phrase of `PHRASES` read in O*NET's words; the head moves with it."""
    out: list[str] = []
    i = 0
    while i < len(content):
        span = next((n for n in (3, 2) if tuple(content[i : i + n]) in _PHRASE_WORDS), 0)
        if span:
            out += _PHRASE_WORDS[tuple(content[i : i + span])]
            head = out[-1] if head in content[i : i + span] else head
            i += span
        else:
            out.append(content[i])
            i += 1
    return out, head


# Endings of English compound job nouns, tried first when splitting an unknown word.
COMPOUND_ENDS = ("man", "men", "woman", "person", "maker", "hand", "worker", "keeper", "master", "smith")


def split_compound(word: str, known: Container[str]) -> list[str]:
    """Two indexed tokens an unknown word is made of ("motorsports" -> motor + sport,
    "clockmaker" -> clock + maker, "winchman" -> winch + man): a known compound ending first,
    then the most even split; none for short words."""
    if len(word) < 7 or not word.isalpha():
        return []
    ends = [len(word) - len(e) for e in COMPOUND_ENDS if word.endswith(e) and len(word) - len(e) >= 3]
    even = sorted(range(3, len(word) - 2), key=lambda i: abs(len(word) - 2 * i))
    for i in [*ends, *even]:
        a, b = stem(word[:i]), stem(word[i:])
        if a in known and b in known:
            return [a, b]
    return []


def known_end(word: str, known: Container[str]) -> list[str]:
    """The longest indexed word an unknown word ends with, when it is at least six letters and
    half the word ("cryptozoologist" -> zoologist, "biomathematician" -> mathematician): an
    English compound puts its head last, and a shorter ending ("-meter", "-shore") says little."""
    if not word.isalpha():
        return []
    for i in range(1, len(word) // 2 + 1):
        if len(word) - i >= 6 and (end := stem(word[i:])) in known:
            return [end]
    return []
