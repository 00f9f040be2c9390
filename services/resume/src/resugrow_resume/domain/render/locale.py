"""Locale handling: section headings, dates, text direction and default paper size.

Headings are our own short translations; month names and long dates come from Babel's CLDR data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_skeleton

from .errors import InvalidRenderOptions

# Countries whose default paper is US Letter (CLDR paper-size data, measurementData/paperSize).
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "DO", "PA", "SV", "NI"}
)

_HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "Summary",
        "work": "Experience",
        "volunteer": "Volunteering",
        "education": "Education",
        "awards": "Awards",
        "certificates": "Certifications",
        "publications": "Publications",
        "skills": "Skills",
        "languages": "Languages",
        "interests": "Interests",
        "references": "References",
        "projects": "Projects",
        "present": "Present",
        "score": "Grade",
        "courses": "Courses",
        "application": "Application for",
    },
    "de": {
        "summary": "Profil",
        "work": "Berufserfahrung",
        "volunteer": "Ehrenamt",
        "education": "Ausbildung",
        "awards": "Auszeichnungen",
        "certificates": "Zertifikate",
        "publications": "Veröffentlichungen",
        "skills": "Kenntnisse",
        "languages": "Sprachen",
        "interests": "Interessen",
        "references": "Referenzen",
        "projects": "Projekte",
        "present": "heute",
        "score": "Note",
        "courses": "Kurse",
        "application": "Bewerbung als",
    },
    "fr": {
        "summary": "Profil",
        "work": "Expérience professionnelle",
        "volunteer": "Bénévolat",
        "education": "Formation",
        "awards": "Distinctions",
        "certificates": "Certifications",
        "publications": "Publications",
        "skills": "Compétences",
        "languages": "Langues",
        "interests": "Centres d'intérêt",
        "references": "Références",
        "projects": "Projets",
        "present": "aujourd'hui",
        "score": "Mention",
        "courses": "Cours",
        "application": "Candidature au poste de",
    },
    "es": {
        "summary": "Perfil",
        "work": "Experiencia",
        "volunteer": "Voluntariado",
        "education": "Formación",
        "awards": "Premios",
        "certificates": "Certificaciones",
        "publications": "Publicaciones",
        "skills": "Habilidades",
        "languages": "Idiomas",
        "interests": "Intereses",
        "references": "Referencias",
        "projects": "Proyectos",
        "present": "actualidad",
        "score": "Nota",
        "courses": "Cursos",
        "application": "Solicitud para el puesto de",
    },
    "ar": {
        "summary": "نبذة",
        "work": "الخبرة",
        "volunteer": "التطوع",
        "education": "التعليم",
        "awards": "الجوائز",
        "certificates": "الشهادات",
        "publications": "المنشورات",
        "skills": "المهارات",
        "languages": "اللغات",
        "interests": "الاهتمامات",
        "references": "المراجع",
        "projects": "المشاريع",
        "present": "حتى الآن",
        "score": "التقدير",
        "courses": "المقررات",
        "application": "طلب التقدم لوظيفة",
    },
    "zh": {
        "summary": "个人简介",
        "work": "工作经历",
        "volunteer": "志愿经历",
        "education": "教育背景",
        "awards": "获奖",
        "certificates": "证书",
        "publications": "出版物",
        "skills": "技能",
        "languages": "语言",
        "interests": "兴趣",
        "references": "推荐人",
        "projects": "项目",
        "present": "至今",
        "score": "成绩",
        "courses": "课程",
        "application": "应聘职位：",
    },
    "ja": {
        "summary": "概要",
        "work": "職歴",
        "volunteer": "ボランティア",
        "education": "学歴",
        "awards": "受賞",
        "certificates": "資格",
        "publications": "出版物",
        "skills": "スキル",
        "languages": "語学",
        "interests": "興味",
        "references": "推薦者",
        "projects": "プロジェクト",
        "present": "現在",
        "score": "成績",
        "courses": "履修科目",
        "application": "応募職種：",
    },
}

SUPPORTED_HEADING_LANGUAGES = tuple(_HEADINGS)
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class LocaleInfo:
    tag: str  # normalised, e.g. "de-DE" or "en"
    babel: str  # babel identifier, e.g. "de_DE"
    language: str
    territory: str  # explicit or CLDR likely territory
    rtl: bool
    headings: dict[str, str]

    @property
    def default_page_size(self) -> str:
        return "letter" if self.territory in LETTER_TERRITORIES else "a4"


@lru_cache(maxsize=128)
def resolve_locale(tag: str) -> LocaleInfo:
    """Parse a BCP 47 tag ("en-US", "de", "pt_BR"); unknown headings fall back to English."""
    cleaned = (tag or "en").strip().replace("-", "_")
    try:
        loc = Locale.parse(cleaned)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise InvalidRenderOptions("locale", f"unknown locale {tag!r}") from exc
    territory = loc.territory
    if not territory:
        likely = get_global("likely_subtags").get(loc.language, "")
        territory = likely.split("_")[-1] if likely else ""
    babel_id = str(loc)
    normalised = loc.language + (f"-{loc.territory}" if loc.territory else "")
    return LocaleInfo(
        tag=normalised,
        babel=babel_id,
        language=loc.language,
        territory=territory or "",
        rtl=loc.text_direction == "rtl",
        headings=_HEADINGS.get(loc.language, _HEADINGS["en"]),
    )


@lru_cache(maxsize=4096)
def format_partial_date(value: str, babel_locale: str) -> str:
    """JSON Resume dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD"; show year or month-year."""
    match = _DATE_RE.match(value.strip())
    if not match:
        return value.strip()  # free text such as "Spring 2020" is shown as written
    year, month = int(match.group(1)), match.group(2)
    if month is None:
        return str(year)
    try:
        return format_skeleton("yMMM", dt.date(year, int(month), 1), locale=babel_locale)
    except ValueError:
        return value.strip()


def format_range(start: str | None, end: str | None, loc: LocaleInfo) -> str:
    first = format_partial_date(start, loc.babel) if start else ""
    if start and not end:
        return f"{first} – {loc.headings['present']}"
    last = format_partial_date(end, loc.babel) if end else ""
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


@lru_cache(maxsize=1024)
def format_long_date(value: str, babel_locale: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidRenderOptions("letter.date", f"expected an ISO date, got {value!r}") from exc
    return format_date(day, "long", locale=babel_locale)
