"""Import and export: JSON Resume, RenderCV YAML, and our own JSON.

* JSON Resume is our stored shape, so import is validation and export is the stored document:
  a lossless round trip, unknown fields included.
* RenderCV (https://docs.rendercv.com) YAML: ``cv: {name, location, email, phone, website,
  social_networks, sections: {any title: [entries]}}``. RenderCV infers each entry's type from
  its keys (experience, education, publication, one-line, bullet, numbered, normal, text); we do
  the same and place it in the JSON Resume section the title and type point to. What has no home
  in JSON Resume is reported as a warning: nothing is dropped silently.
* Our own JSON wraps the document with its title: ``{"format": "resugrow/1", "title", "resume"}``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from resugrow_platform.safeparse import YamlPolicyError, yaml_loads
from resugrow_platform.safeparse import loads as policy_loads
from resugrow_resume.domain.model import MAX_DOCUMENT_BYTES, normalize

JSONRESUME = "jsonresume"
RENDERCV = "rendercv"
RESUGROW = "resugrow"
IMPORT_FORMATS = (JSONRESUME, RENDERCV, RESUGROW)
EXPORT_FORMATS = (JSONRESUME, RESUGROW)
RESUGROW_FORMAT_TAG = "resugrow/1"
MAX_IMPORT_BYTES = 2 * MAX_DOCUMENT_BYTES  # YAML and pretty JSON are wordier than what we store

_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
_JSON_TYPES = ("application/json", "text/json")


class ImportFailed(ValueError):
    """The upload cannot be read as the claimed format; ``errors`` carry the location."""

    def __init__(self, message: str, *, loc: list[Any] | None = None, too_large: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_large = too_large
        self.errors = [{"loc": loc or [], "msg": message, "type": "import"}]


@dataclass
class ImportResult:
    resume: dict[str, Any]  # validated, canonical (see model.normalize)
    format: str
    title: str | None = None
    warnings: list[str] = field(default_factory=list)


# --- format detection -----------------------------------------------------------------------


def detect_format(raw: bytes, content_type: str | None = None, declared: str | None = None) -> str:
    """The explicit ``format`` wins; then the media type; then a look at the first character."""
    if declared:
        name = declared.strip().lower().replace("_", "").replace("-", "")
        aliases = {"jsonresume": JSONRESUME, "json": JSONRESUME, "rendercv": RENDERCV, "yaml": RENDERCV}
        aliases |= {"resugrow": RESUGROW}
        if name not in aliases:
            raise ImportFailed(
                f"unknown import format {declared!r} (use one of: {', '.join(IMPORT_FORMATS)})",
                loc=["format"],
            )
        return aliases[name]
    media = (content_type or "").split(";")[0].strip().lower()
    if media in _YAML_TYPES:
        return RENDERCV
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if media in _JSON_TYPES or head in (b"{", b"["):
        return JSONRESUME  # the resugrow wrapper is recognised from its "format" tag on parse
    if head:
        return RENDERCV
    raise ImportFailed("the upload is empty")


def import_document(raw: bytes, content_type: str | None = None, declared: str | None = None) -> ImportResult:
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFailed(f"the upload is {len(raw)} bytes; the limit is {MAX_IMPORT_BYTES}", too_large=True)
    fmt = detect_format(raw, content_type, declared)
    if fmt == RENDERCV:
        return import_rendercv(raw)
    data = parse_json(raw)
    if isinstance(data, dict) and data.get("format") == RESUGROW_FORMAT_TAG:
        return import_resugrow(data)
    if fmt == RESUGROW:
        raise ImportFailed(f'a resugrow export needs "format": "{RESUGROW_FORMAT_TAG}"', loc=["format"])
    return ImportResult(resume=normalize(data), format=JSONRESUME)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"the upload is not UTF-8 text (byte {exc.start})") from None


def parse_json(raw: bytes) -> Any:
    try:
        return policy_loads(_text(raw))
    except json.JSONDecodeError as exc:  # JsonPolicyError too: depth, NaN, surrogates, huge ints
        raise ImportFailed(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def import_resugrow(data: dict[str, Any]) -> ImportResult:
    resume = data.get("resume")
    if not isinstance(resume, dict):
        raise ImportFailed('a resugrow export needs a "resume" object', loc=["resume"])
    title = data.get("title")
    if title is not None and not isinstance(title, str):
        raise ImportFailed('"title" must be a string', loc=["title"])
    try:
        return ImportResult(resume=normalize(resume), format=RESUGROW, title=title)
    except ValueError as exc:
        _prefix_locs(exc, "resume")
        raise


def _prefix_locs(exc: Exception, prefix: str) -> None:
    for err in getattr(exc, "errors", None) or []:
        err["loc"] = [prefix, *err["loc"]]
        if "path" in err:
            err["path"] = f"{prefix}.{err['path']}" if err["path"] else prefix


def export_document(resume: dict[str, Any], fmt: str, *, title: str | None = None) -> dict[str, Any]:
    if fmt == JSONRESUME:
        return resume
    if fmt == RESUGROW:
        return {"format": RESUGROW_FORMAT_TAG, "title": title, "resume": resume}
    raise ImportFailed(
        f"unknown export format {fmt!r} (use one of: {', '.join(EXPORT_FORMATS)})", loc=["format"]
    )


# --- RenderCV YAML --------------------------------------------------------------------------


def parse_yaml(raw: bytes) -> Any:
    try:
        return yaml_loads(_text(raw))
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


class _Converter:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def dates(self, entry: dict[str, Any], out: dict[str, Any], where: str, single: str = "date") -> None:
        start, start_text = _date(entry.get("start_date"))
        end, end_text = _date(entry.get("end_date"))
        if start:
            out["startDate"] = start
        if end is not None and (start or end):
            out["endDate"] = end  # "" is JSON Resume's "ongoing"
        when, when_text = _date(entry.get("date"))
        if when:
            if single != "startDate":
                out[single] = when
            elif "startDate" not in out:
                out["startDate"] = when
        for raw, text in ((entry.get("start_date"), start_text), (entry.get("end_date"), end_text),
                          (entry.get("date"), when_text)):  # fmt: skip
            # RenderCV users put a link in "date" to show it on the right: it became the url.
            if text and not _first_link(raw):
                self.warn(f"{where}: the date {text!r} is not a calendar date and was left out")

    def convert(self, doc: dict[str, Any]) -> dict[str, Any]:
        cv = doc.get("cv")
        if not isinstance(cv, dict):
            raise ImportFailed('a RenderCV file needs a top-level "cv" mapping', loc=["cv"])
        basics: dict[str, Any] = {}
        for src, dst in (("name", "name"), ("headline", "label"), ("label", "label"), ("email", "email")):
            if cv.get(src):
                basics[dst] = _plain(cv[src])
        if cv.get("phone"):
            basics["phone"] = str(cv["phone"]).removeprefix("tel:")
        if cv.get("website"):
            basics["url"] = str(cv["website"]).strip()
        if cv.get("photo") and str(cv["photo"]).startswith(("http://", "https://")):
            basics["image"] = str(cv["photo"])
        if cv.get("location"):
            parts = [p.strip() for p in str(cv["location"]).split(",") if p.strip()]
            location: dict[str, Any] = {"city": parts[0]} if parts else {}
            if len(parts) > 1:
                location["region"] = ", ".join(parts[1:])
            basics["location"] = location
        profiles = []
        for i, network in enumerate(_as_list(cv.get("social_networks"), ["cv", "social_networks"])):
            if not isinstance(network, dict):
                raise ImportFailed(
                    "each social network needs network and username", loc=["cv", "social_networks", i]
                )
            name, user = str(network.get("network", "")).strip(), str(network.get("username", "")).strip()
            profile: dict[str, Any] = {"network": name, "username": user}
            template = _PROFILE_URLS.get(name.lower().replace(" ", "").replace("_", ""))
            if name.lower() == "mastodon" and user.count("@") == 2:
                _, handle, host = user.split("@")
                profile["url"] = f"https://{host}/@{handle}"
            elif template and user:
                profile["url"] = template.format(user)
            profiles.append(profile)
        if profiles:
            basics["profiles"] = profiles
        resume: dict[str, Any] = {}
        summaries: list[str] = []
        sections = cv.get("sections") or {}
        if not isinstance(sections, dict):
            raise ImportFailed(
                "cv.sections must map section titles to lists of entries", loc=["cv", "sections"]
            )
        for title, entries in sections.items():
            self.section(str(title), entries, resume, summaries)
        if summaries:
            basics["summary"] = "\n\n".join(summaries)
        if basics:
            resume = {"basics": basics, **resume}
        locale = self.locale(doc)
        if locale:
            resume["meta"] = {"locale": locale}
        return resume

    def locale(self, doc: dict[str, Any]) -> str | None:
        raw = doc.get("locale")
        if isinstance(raw, dict):
            raw = raw.get("language") or raw.get("locale")
        if not isinstance(raw, str) or not raw.strip():
            return None
        word = raw.strip().lower()
        if word in _LOCALE_WORDS:
            return _LOCALE_WORDS[word]
        if re.match(r"^[a-z]{2}([-_][A-Za-z]{2})?$", raw.strip()):
            return raw.strip().replace("_", "-")
        self.warn(f"locale {raw!r} is not recognised; the resume keeps the default locale")
        return None

    def section(self, title: str, entries: Any, resume: dict[str, Any], summaries: list[str]) -> None:
        if not isinstance(entries, list):
            raise ImportFailed(f"section {title!r} must be a list of entries", loc=["cv", "sections", title])
        key = re.sub(r"[\s_\-]+", " ", title).strip().lower().rstrip("!").strip()
        target = _TITLE_TO_SECTION.get(key) or next(
            (s for alias, s in _TITLE_TO_SECTION.items() if key.startswith(alias)), None
        )
        for i, entry in enumerate(entries):
            where = f"sections.{title}[{i}]"
            kind = _entry_kind(entry)
            if kind is None:
                raise ImportFailed(
                    f"{where}: an entry must be text or a mapping", loc=["cv", "sections", title, i]
                )
            section = target or _DEFAULT_SECTION[kind]
            if target is None and section and i == 0:
                self.warn(f"section {title!r} has no JSON Resume equivalent; imported as {section}")
            if section == "summary":
                text = _entry_text(entry, kind)
                if text:
                    summaries.append(text)
                continue
            converted = (
                self.entry(section, kind, entry, where, ["cv", "sections", title, i]) if section else None
            )
            if converted is None or section is None:
                self.warn(f"{where}: a {kind} entry has no place in JSON Resume and was left out")
                continue
            resume.setdefault(section, []).append(converted)

    def entry(
        self, section: str, kind: str, e: Any, where: str, where_loc: list[Any]
    ) -> dict[str, Any] | None:
        if kind == "text":
            return None
        text = _entry_text(e, kind)
        if kind in ("bullet", "numbered"):
            field_name = {"skills": "name", "interests": "name", "certificates": "name", "awards": "title",
                          "publications": "name", "projects": "name", "languages": "language",
                          "references": "name"}.get(section)  # fmt: skip
            return {field_name: text} if field_name else None
        if kind == "oneline":
            label, details = _plain(e.get("label")), _plain(e.get("details"))
            if section in ("skills", "interests"):
                keywords = [k.strip() for k in re.split(r"[,;]", details) if k.strip()]
                return {"name": label, "keywords": keywords}
            one_line = {"languages": {"language": label, "fluency": details},
                        "certificates": {"name": label, "issuer": details},
                        "awards": {"title": label, "summary": details},
                        "references": {"name": label, "reference": details},
                        "projects": {"name": label, "description": details}}  # fmt: skip
            return one_line.get(section)
        out: dict[str, Any] = {}
        raw_highlights = _as_list(e.get("highlights"), [*where_loc, "highlights"])
        highlights = [_plain(h) for h in raw_highlights if _plain(h)]
        summary = _plain(e.get("summary"))
        link = _first_link(e.get("url"), e.get("date"), e.get("summary"), *raw_highlights)
        name = _plain(e.get("company") or e.get("name") or e.get("institution") or e.get("title"))
        location = _plain(e.get("location"))
        if section in ("work", "volunteer"):
            out["organization" if section == "volunteer" else "name"] = name
            if e.get("position"):
                out["position"] = _plain(e["position"])
            if location and section == "work":
                out["location"] = location
            self.dates(e, out, where, single="startDate")
            if summary:
                out["summary"] = summary
            if highlights:
                out["highlights"] = highlights
            if link:
                out["url"] = link
        elif section == "education":
            out["institution"] = name
            if e.get("area"):
                out["area"] = _plain(e["area"])
            if e.get("degree"):
                out["studyType"] = _plain(e["degree"])
            self.dates(e, out, where, single="startDate")
            grades = [h for h in highlights if re.match(r"^(GPA|Grade|CGPA)\b", h, re.I)]
            if grades:
                out["score"] = grades[0].split(":", 1)[-1].strip()
            rest = [h for h in highlights if h not in grades]
            if rest:
                # JSON Resume education has no bullets; kept as an extension field, not dropped.
                out["highlights"] = rest
            if location:
                out["location"] = location
            if summary:
                out["summary"] = summary
            if link:
                out["url"] = link
        elif section == "publications":
            out["name"] = name
            if e.get("journal"):
                out["publisher"] = _plain(e["journal"])
            self.dates(e, out, where, single="releaseDate")
            out.pop("startDate", None)
            out.pop("endDate", None)
            authors = [_plain(a) for a in _as_list(e.get("authors"), [*where_loc, "authors"]) if _plain(a)]
            if authors:
                out["authors"] = authors
            if e.get("doi"):
                out["doi"] = str(e["doi"])
                out["url"] = e.get("url") or f"https://doi.org/{e['doi']}"
            elif link:
                out["url"] = link
            if summary:
                out["summary"] = summary
        elif section == "projects":
            out["name"] = name
            if summary:
                out["description"] = summary
            self.dates(e, out, where, single="startDate")
            if highlights:
                out["highlights"] = highlights
            if link:
                out["url"] = link
        elif section == "awards":
            out["title"] = name
            self.dates(e, out, where, single="date")
            if location:
                out["awarder"] = location
            text = " ".join(p for p in (summary, *highlights) if p)
            if text:
                out["summary"] = text
        elif section == "certificates":
            out["name"] = name
            self.dates(e, out, where, single="date")
            if location or summary:
                out["issuer"] = location or summary
            if link:
                out["url"] = link
        elif section == "skills":
            out["name"] = name
            keywords = highlights or [k.strip() for k in summary.split(",") if k.strip()]
            if keywords:
                out["keywords"] = keywords
        elif section == "interests":
            out["name"] = name
            if highlights:
                out["keywords"] = highlights
        elif section == "languages":
            out["language"] = name
            if summary:
                out["fluency"] = summary
        elif section == "references":
            out["name"] = name
            text = " ".join(p for p in (summary, *highlights) if p)
            if text:
                out["reference"] = text
        else:
            return None
        return out


# Where an entry goes when its section title means nothing to us.
_DEFAULT_SECTION = {
    "experience": "work",
    "education": "education",
    "publication": "publications",
    "oneline": "skills",
    "normal": "projects",
    "bullet": None,
    "numbered": None,
    "text": None,
}


def _as_list(value: Any, loc: list[Any]) -> list[Any]:
    """A YAML list, or one item written without the dash (a common slip); anything else is an error."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str | int | float | dict):
        return [value]
    raise ImportFailed(f"{'.'.join(str(p) for p in loc)} must be a list", loc=loc)


def _entry_kind(entry: Any) -> str | None:
    if isinstance(entry, str | int | float):
        return "text"
    if not isinstance(entry, dict):
        return None
    if "company" in entry and "position" in entry:
        return "experience"
    if "institution" in entry:
        return "education"
    if "title" in entry and "authors" in entry:
        return "publication"
    if "label" in entry and "details" in entry:
        return "oneline"
    if "bullet" in entry:
        return "bullet"
    if "number" in entry or "reversed_number" in entry:
        return "numbered"
    if "name" in entry or "company" in entry or "title" in entry:
        return "normal"
    return None


def _entry_text(entry: Any, kind: str) -> str:
    if kind == "text":
        return _plain(entry)
    if kind == "bullet":
        return _plain(entry.get("bullet"))
    if kind == "numbered":
        return _plain(entry.get("number") or entry.get("reversed_number"))
    if kind == "oneline":
        return f"{_plain(entry.get('label'))}: {_plain(entry.get('details'))}"
    return _plain(entry.get("summary") or entry.get("name"))


def rendercv_to_jsonresume(doc: Any) -> tuple[dict[str, Any], list[str]]:
    if not isinstance(doc, dict):
        raise ImportFailed('a RenderCV file is a YAML mapping with a top-level "cv" key')
    converter = _Converter()
    return converter.convert(doc), converter.warnings


def import_rendercv(raw: bytes) -> ImportResult:
    resume, warnings = rendercv_to_jsonresume(parse_yaml(raw))
    try:
        normalized = normalize(resume)
    except ValueError as exc:
        # Paths refer to the converted document; say so rather than pretend they are YAML lines.
        for err in getattr(exc, "errors", None) or []:
            err["msg"] = f"{err['msg']} (after conversion from RenderCV)"
        raise
    title = (resume.get("basics") or {}).get("name")
    return ImportResult(resume=normalized, format=RENDERCV, title=title, warnings=warnings)
