"""Patterns and small helpers of LinkedIn's PDF layout: date ranges, durations, footers,
contact items, and post-nominal credentials after the name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from resugrow_linkedin.domain.dates import MONTHS, is_present
from resugrow_linkedin.domain.ingest.pdf_layout import Line

_PRESENT_WORDS = r"Present|present|Current|Heute|heute|aujourd'hui|actualidad|Actualidad|o momento|Presente|presente|oggi|heden"
_DATE = r"(?:(?:[^\W\d_]{3,10}\.?\s+(?:de\s+)?)?\d{4})"
DATE_RANGE = re.compile(
    rf"^(?P<start>{_DATE})\s*[-–—]\s*(?P<end>{_DATE}|{_PRESENT_WORDS})\s*(?:\((?P<dur>[^)]*)\))?\s*$"
)
_UNITS = r"(?:years?|months?|jahre?|monate?|ans?|mois|años?|meses|mes|anos?|mês|anni|anno|mesi|mese|jaar|maanden|maand)"
DURATION_ONLY = re.compile(
    rf"^(?:less than a year|weniger als ein jahr|moins d'un an|menos de un año|menos de um ano|"
    rf"\d+\s+{_UNITS}(?:\s+\d+\s+{_UNITS})?)$",
    re.I,
)
FOOTER = re.compile(r"^(?:Page|Seite|Página|Pagina)\s+\d+\s+(?:of|von|sur|de|di|van)\s+\d+$", re.I)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"^\+?[\d][\d\s().-]{6,}\d(?:\s*\((?:Mobile|Home|Work)\))?$", re.I)
URL_KIND = re.compile(r"\((LinkedIn|Company|Personal|Portfolio|Blog|Other|RSS Feed)\)\s*$", re.I)
BULLET_START = re.compile(r"^[•\-–*▪●◦·]\s*")
LOCATION_HINT = re.compile(
    r"(,|\bArea\b|\bRemote\b|\bHybrid\b|\bOn-site\b|\bMetropolitan\b|\bRegion\b|\bGreater\b|\bUnited States\b|"
    r"\bUnited Kingdom\b)"
)


@dataclass
class _Entry:
    company: str
    title: str
    date_index: int
    header_start: int


def _date_value(text: str) -> str | None:
    text = text.strip()
    if is_present(text):
        return None
    parts = [p for p in text.split() if p.lower() != "de"]
    if len(parts) == 2:
        month = MONTHS.get(parts[0].lower().rstrip("."))
        if month:
            return f"{int(parts[1]):04d}-{month:02d}"
    return f"{int(parts[-1]):04d}"


def _join(lines: list[str]) -> str:
    out = ""
    for text in lines:
        if not out:
            out = text
        elif out.endswith("\ufffe"):
            # A hyphen at a line break: LinkedIn's FOP layout does not hyphenate, so the hyphen
            # is the writer's own ("data-" / "informed") and the word continues after it.
            out = out[:-1] + "-" + text
        else:
            out = out + " " + text
    return out.replace("\ufffe", "-")


_CREDENTIAL = (
    r"(?:Ph\.?\s?D\.?|M\.?D\.?|Ed\.?D\.?|Esq\.?|[A-Z][A-Za-z]{0,4}[A-Z](?:-[A-Z]{1,4})?\.?|[A-Z]{2,6}®?)"
)
_CREDENTIALS_TAIL = re.compile(rf"(?:,\s*|\s+[-–—|]\s+)({_CREDENTIAL}(?:(?:,\s*|\s+){_CREDENTIAL})*)\s*,?$")


# "Dr. Jane Doe"; before a right-to-left name the bidi layout can drop the space and push the
# dot to the far end ("Drليلى حداد .").
_PREFIX = re.compile(r"^(Dr\.?|Prof\.?)(?:\s+|(?=[\u0590-\u08ff]))(?=\S)")


def split_credentials(name: str) -> tuple[str, list[str]]:
    """ "Jane Doe, PhD" -> ("Jane Doe", ["PhD"]); "Jane Doe - SHRM-CP" -> ("Jane Doe", ["SHRM-CP"]);
    "Dr. Jane Doe" -> ("Jane Doe", ["Dr."])."""
    prefix: list[str] = []
    p = _PREFIX.match(name)
    if p is not None:
        prefix = [p.group(1) if p.group(1).endswith(".") else p.group(1) + "."]
        name = re.sub(r"\s+\.$", "", name[p.end() :]).strip()
    m = _CREDENTIALS_TAIL.search(name)
    if m is None or m.start() == 0:
        return name, prefix
    return name[: m.start()].strip(), prefix + [c for c in re.split(r",\s*|\s+", m.group(1)) if c]


def _join_wrapped_name(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text.endswith("\ufffe"):
            # A break after a hyphen: "SHRM-" / "CP" is one word again.
            text = text[:-1] + ("-" if text[-2:-1].isupper() else "") + part
        else:
            text = f"{text} {part}".strip()
    return text.replace("\ufffe", "")


SIDE_HEADINGS: dict[str, str] = {
    **dict.fromkeys(("contact", "kontakt", "kontaktdaten", "coordonnées", "contactar", "contato", "contatti"), "contact"),
    **dict.fromkeys(("top skills", "skills", "top-kenntnisse", "principales compétences", "aptitudes principales",
                     "principais competências", "competenze principali"), "skills"),
    **dict.fromkeys(("languages", "sprachen", "langues", "idiomas", "lingue", "talen"), "languages"),
    **dict.fromkeys(("certifications", "zertifizierungen", "certificaciones", "certificações", "certificazioni"), "certifications"),
    **dict.fromkeys(("honors-awards", "honors & awards", "auszeichnungen", "distinctions", "reconocimientos y premios", "prêmios"), "honors"),
    **dict.fromkeys(("publications", "veröffentlichungen", "publicaciones", "publicações", "patents"), "other"),
}  # fmt: skip


def _body_size(main: list[Line]) -> float:
    counts: dict[float, int] = {}
    for ln in main:
        counts[ln.size] = counts.get(ln.size, 0) + len(ln.text)
    return max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0] if counts else 10.0
