"""Word readings written for the title matcher (read by matching.TitleIndex): synonyms, and
words a query writes apart that titles write as one."""

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
