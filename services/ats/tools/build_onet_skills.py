"""Build ``domain/data/skills_onet.txt`` from O*NET 29.3 Technology Skills, Skills and Knowledge.

Run from the repository root: ``.venv/bin/python services/ats/tools/build_onet_skills.py``.
Reads ``../shared/data/career/onet_29_3`` (only here, at build time: the service reads the
compact table it writes, never ``../shared``). Deterministic: the same release gives the same file.

Kept from Technology Skills: every example flagged Hot Technology, and every other example
listed for at least two occupations, except generic phrases such as "Network management
software" (a category, not a skill a person names). One-word names are written guarded (``!``):
matched with their exact spelling and only in a skills list or beside a cue, so "Slack" in a
sentence about slack time is not a skill.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT.parent / "shared" / "data" / "career" / "onet_29_3"
OUT = ROOT / "services" / "ats" / "src" / "resugrow_ats" / "domain" / "data" / "skills_onet.txt"
CURATED = OUT.parent / "skills.txt"
VERSION = "onet-29.3.1"

# Commodity title words -> our families (first match wins; the rest is "software").
FAMILY_RULES = (
    (r"medical|pharmacy|clinical|health", "healthcare"),
    (r"accounting|financial|tax|billing|point of sale", "finance"),
    (r"customer relationship|sales", "sales"),
    (r"graphics|photo|video|music|sound|computer aided design|desktop publishing", "design"),
    (r"business intelligence|data base|analytical|statistic|data mining", "data"),
    (r"enterprise resource|inventory|procurement|project management|materials requirements", "operations"),
    (r"human resources|time accounting", "operations"),
)
GENERIC = re.compile(r"^\S+(?: [a-z][a-z\-/&]*| and| or)+$")


def _rows(name: str) -> list[dict[str, str]]:
    with gzip.open(SOURCE / f"{name}.tsv.gz", "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def _curated_keys() -> set[str]:
    keys: set[str] = set()
    for line in CURATED.read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if line.startswith("#") or len(parts) < 2 or parts[0] == "version":
            continue
        keys.add(_key(parts[1]))
        keys.update(
            _key(a.lstrip("!^")) for a in (parts[2].split(";") if len(parts) > 2 else []) if a.strip()
        )
    return keys


def _family(commodity: str) -> str:
    lowered = commodity.lower()
    return next((fam for pattern, fam in FAMILY_RULES if re.search(pattern, lowered)), "software")


def technology() -> list[tuple[str, str]]:
    rows = _rows("Technology Skills")
    occupations: Counter[str] = Counter()
    hot: set[str] = set()
    commodities: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        example = " ".join(r["Example"].split())
        occupations[example] += 1
        commodities[example][r["Commodity Title"]] += 1
        if r["Hot Technology"] == "Y":
            hot.add(example)
    kept = []
    for example, count in occupations.items():
        if (count < 2 and example not in hot) or GENERIC.match(example) or len(example) > 60:
            continue
        kept.append((_family(commodities[example].most_common(1)[0][0]), example))
    return kept


def elements() -> list[tuple[str, str]]:
    out = [("soft", r["Element Name"]) for r in _rows("Skills")]
    out += [("knowledge", r["Element Name"]) for r in _rows("Knowledge")]
    return list(dict.fromkeys(out))


def main() -> None:
    seen = _curated_keys()
    lines = [
        "# Skills from the O*NET 29.3 Database (Technology Skills, Skills, Knowledge), built by",
        "# services/ats/tools/build_onet_skills.py. This product includes information from the O*NET 29.3",
        "# Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA).",
        "# Used under the CC BY 4.0 license. O*NET is a trademark of USDOL/ETA. Resugrow has modified",
        "# all or some of this information (selection and family labels); USDOL/ETA has not approved,",
        "# endorsed, or tested these modifications.",
        f"version | {VERSION}",
    ]
    count = 0
    for family, name in sorted(set(technology() + elements()), key=lambda t: (t[0], t[1].lower())):
        key = _key(name)
        if key in seen or not key:
            continue
        seen.add(key)
        guard = f" | !{name}" if len(name.split()) == 1 else ""
        lines.append(f"{family} | {name}{guard}")
        count += 1
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{count} skills -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
