"""Reading RenderCV YAML safely, and the vocabulary its conversion uses (section titles, locales,
profile URLs, Markdown and dates)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from resugrow_domain.safeparse import YamlPolicyError, yaml_loads
from resugrow_resume.domain.import_types import ImportFailed, decode_text


def parse_yaml(raw: bytes) -> Any:
    try:
        # The platform's YAML policy: no aliases ("billion laughs"), bounded depth, safe types only.
        return yaml_loads(decode_text(raw))
    except YamlPolicyError as exc:
        raise ImportFailed(str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ImportFailed(f"invalid YAML{where}: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise ImportFailed(f"invalid YAML: {exc}") from None


_SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "work": ("experience", "work", "employment", "career", "professional experience", "work experience",
             "work history", "positions", "industry experience", "research experience", "teaching"),
    "education": ("education", "academic background", "studies", "degrees"),
    "volunteer": ("volunteer", "volunteering", "volunteer experience", "community", "community service"),
    "projects": ("projects", "personal projects", "side projects", "selected projects", "open source"),
    "publications": ("publications", "papers", "selected publications", "patents", "talks", "presentations"),
    "skills": ("skills", "technologies", "technical skills", "tools", "competencies", "core skills"),
    "languages": ("languages", "spoken languages"),
    "interests": ("interests", "hobbies"),
    "awards": ("awards", "honors", "honours", "achievements", "honors and awards", "scholarships"),
    "certificates": ("certifications", "certificates", "licenses", "licenses and certifications"),
    "references": ("references",),
    "summary": ("summary", "about", "about me", "profile", "objective", "introduction", "welcome"),
}  # fmt: skip
_TITLE_TO_SECTION = {alias: section for section, aliases in _SECTION_ALIASES.items() for alias in aliases}

_LOCALE_WORDS = {
    "english": "en", "german": "de", "french": "fr", "spanish": "es", "italian": "it",
    "portuguese": "pt", "turkish": "tr", "dutch": "nl", "chinese": "zh", "japanese": "ja",
    "korean": "ko", "arabic": "ar", "hebrew": "he", "russian": "ru", "hindi": "hi", "polish": "pl",
}  # fmt: skip

_PROFILE_URLS = {
    "linkedin": "https://www.linkedin.com/in/{}",
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "x": "https://x.com/{}",
    "twitter": "https://x.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "orcid": "https://orcid.org/{}",
    "stackoverflow": "https://stackoverflow.com/users/{}",
    "researchgate": "https://www.researchgate.net/profile/{}",
    "youtube": "https://www.youtube.com/@{}",
    "googlescholar": "https://scholar.google.com/citations?user={}",
    "telegram": "https://t.me/{}",
    "leetcode": "https://leetcode.com/u/{}",
    "imdb": "https://www.imdb.com/name/{}",
    "bluesky": "https://bsky.app/profile/{}",
}

_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_MD_EMPHASIS = re.compile(r"(\*{1,3})(\S(?:.*?\S)?)\1")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _plain(value: Any) -> str:
    """RenderCV strings are Markdown: keep the words, drop the markup."""
    if value is None:
        return ""
    text = str(value).strip()
    text = _MD_LINK.sub(lambda m: m.group(1) or m.group(2), text)
    return _MD_EMPHASIS.sub(lambda m: m.group(2), text)


def _first_link(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str):
            found = _MD_LINK.search(value)
            if found:
                return found.group(2)
            if value.startswith(("http://", "https://")) and " " not in value:
                return value
    return None


def _date(value: Any) -> tuple[str | None, str | None]:
    """(ISO date, free text) from a RenderCV date: YAML may hand us a date, an int or a string."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.date):
        return value.isoformat()[:10], None
    if isinstance(value, int):
        return str(value), None
    text = str(value).strip()
    if _ISO.match(text):
        return text, None
    if text.lower() == "present":
        return "", None
    return None, _plain(text)


def _as_list(value: Any, at: list[Any]) -> list[Any]:
    """A YAML list, or one item written without the dash (a common slip); anything else is an error."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str | int | float | dict):
        return [value]
    raise ImportFailed(f"{'.'.join(str(p) for p in at)} must be a list", where=at)
