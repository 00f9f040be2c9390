"""One neutral view of a resume, built once and read by every writer (Typst, DOCX, HTML, text).

Localisation (headings, dates), section order and the choice of what each JSON Resume field
becomes (title, subtitle, bullets) live here, so the formats cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .locale import LocaleInfo, format_long_date, format_partial_date, format_range
from .templates import TemplateInfo

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_SPACES = re.compile(r"\s+")
# URLs, e-mail addresses and hyphenated compounds must never break across lines: a parser reads
# "zero-" / "downtime" as two words. Typst gets them as unbreakable runs ({"k": ...}); doing this
# here is far cheaper than a regex show rule over every text in the document.
_KEEP_WHOLE = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\w+(?:-\w+)+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def clean(value: Any) -> str:
    """Plain single-line text: control characters dropped, whitespace collapsed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return _SPACES.sub(" ", _CONTROL.sub("", value)).strip()


def clean_block(value: Any) -> str:
    return clean(value)


def display_url(url: str) -> str:
    shown = _SCHEME.sub("", url).rstrip("/")
    return shown.removeprefix("www.")


def _href(url: str) -> str:
    return url if _SCHEME.match(url) or url.startswith("mailto:") else f"https://{url}"


def link(url: Any) -> dict[str, str] | None:
    text = clean(url)
    if not text:
        return None
    return {"href": _href(text), "text": display_url(text)}


def keep_whole(text: str) -> str | list[Any]:
    """Split text into plain strings and unbreakable runs, or return it unchanged if it has none."""
    if "-" not in text and "@" not in text and "://" not in text:
        return text
    parts: list[Any] = []
    last = 0
    for match in _KEEP_WHOLE.finditer(text):
        if match.start() > last:
            parts.append(text[last : match.start()])
        parts.append({"k": match.group(0)})
        last = match.end()
    if not parts:
        return text
    if last < len(text):
        parts.append(text[last:])
    return parts


def keep_whole_section(section: dict[str, Any]) -> dict[str, Any]:
    out = dict(section)
    if section.get("text"):
        out["text"] = keep_whole(section["text"])
    if section.get("lines"):
        out["lines"] = [{**line, "text": keep_whole(line["text"])} for line in section["lines"]]
    if section.get("entries"):
        out["entries"] = [
            {
                **e,
                "title": keep_whole(e["title"]),
                "subtitle": keep_whole(e["subtitle"]),
                "summary": keep_whole(e["summary"]),
                "bullets": [keep_whole(b) for b in e["bullets"]],
            }
            for e in section["entries"]
        ]
    return out


@dataclass(frozen=True)
class ResumeView:
    data: dict[str, Any]  # JSON-ready: the Typst input and the Jinja context

    @property
    def basics(self) -> dict[str, Any]:
        basics: dict[str, Any] = self.data["basics"]
        return basics

    @property
    def sections(self) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = self.data["sections"]
        return sections


def _entry(
    title: Any,
    subtitle: Any = "",
    date: str = "",
    location: Any = "",
    url: Any = None,
    summary: Any = "",
    bullets: list[Any] | None = None,
) -> dict[str, Any]:
    return {
        "title": clean(title),
        "subtitle": clean(subtitle),
        "date": date,
        "location": clean(location),
        "url": link(url),
        "summary": clean_block(summary),
        "bullets": [b for b in (clean(x) for x in (bullets or [])) if b],
    }


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _location(loc: Any) -> str:
    if isinstance(loc, str):
        return clean(loc)
    if not isinstance(loc, dict):
        return ""
    parts = [clean(loc.get(k)) for k in ("city", "region", "countryCode")]
    return ", ".join(p for p in parts if p)


def _items(resume: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = resume.get(key) or []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def contacts(basics: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    email = clean(basics.get("email"))
    if email:
        out.append({"kind": "email", "text": email, "url": f"mailto:{email}"})
    phone = clean(basics.get("phone"))
    if phone:
        out.append({"kind": "phone", "text": phone, "url": None})
    where = _location(basics.get("location"))
    if where:
        out.append({"kind": "location", "text": where, "url": None})
    site = link(basics.get("url"))
    if site:
        out.append({"kind": "url", "text": site["text"], "url": site["href"]})
    for profile in _items(basics, "profiles"):
        target = link(profile.get("url"))
        if target:
            out.append({"kind": "profile", "text": target["text"], "url": target["href"]})
        elif clean(profile.get("username")):
            label = " ".join(x for x in (clean(profile.get("network")), clean(profile.get("username"))) if x)
            out.append({"kind": "profile", "text": label, "url": None})
    return out


def _build_sections(resume: dict[str, Any], loc: LocaleInfo, template: TemplateInfo) -> list[dict[str, Any]]:
    h = loc.headings
    basics = as_dict(resume.get("basics"))
    built: dict[str, dict[str, Any]] = {}

    summary = clean_block(basics.get("summary"))
    if summary:
        built["summary"] = {"kind": "text", "text": summary}

    def rng(item: dict[str, Any]) -> str:
        return format_range(clean(item.get("startDate")) or None, clean(item.get("endDate")) or None, loc)

    def one(item: dict[str, Any], key: str) -> str:
        value = clean(item.get(key))
        return format_partial_date(value, loc.babel) if value else ""

    work = [
        _entry(
            w.get("position") or w.get("name"),
            w.get("name") if w.get("position") else "",
            rng(w),
            w.get("location"),
            w.get("url"),
            w.get("summary") or w.get("description"),
            w.get("highlights"),
        )
        for w in _items(resume, "work")
    ]
    if work:
        built["work"] = {"kind": "entries", "entries": work}

    volunteer = [
        _entry(
            v.get("position") or v.get("organization"),
            v.get("organization") if v.get("position") else "",
            rng(v),
            "",
            v.get("url"),
            v.get("summary"),
            v.get("highlights"),
        )
        for v in _items(resume, "volunteer")
    ]
    if volunteer:
        built["volunteer"] = {"kind": "entries", "entries": volunteer}

    education = []
    for e in _items(resume, "education"):
        degree = ", ".join(x for x in (clean(e.get("studyType")), clean(e.get("area"))) if x)
        extra = []
        if clean(e.get("score")):
            extra.append(f"{h['score']}: {clean(e.get('score'))}")
        courses = [clean(c) for c in (e.get("courses") or []) if clean(c)]
        if courses:
            extra.append(f"{h['courses']}: {', '.join(courses)}")
        education.append(
            _entry(
                degree or e.get("institution"),
                e.get("institution") if degree else "",
                rng(e),
                "",
                e.get("url"),
                "",
                extra,
            )
        )
    if education:
        built["education"] = {"kind": "entries", "entries": education}

    projects = [
        _entry(
            p.get("name"),
            ", ".join(clean(r) for r in (p.get("roles") or []) if clean(r)) or p.get("entity"),
            rng(p),
            "",
            p.get("url"),
            p.get("description") or p.get("summary"),
            p.get("highlights"),
        )
        for p in _items(resume, "projects")
    ]
    if projects:
        built["projects"] = {"kind": "entries", "entries": projects}

    simple = {
        "awards": [
            _entry(a.get("title"), a.get("awarder"), one(a, "date"), summary=a.get("summary"))
            for a in _items(resume, "awards")
        ],
        "certificates": [
            _entry(c.get("name"), c.get("issuer"), one(c, "date"), url=c.get("url"))
            for c in _items(resume, "certificates")
        ],
        "publications": [
            _entry(
                p.get("name"),
                p.get("publisher"),
                one(p, "releaseDate"),
                url=p.get("url"),
                summary=p.get("summary"),
            )
            for p in _items(resume, "publications")
        ],
        "references": [
            _entry(r.get("name"), summary=r.get("reference")) for r in _items(resume, "references")
        ],
    }
    for key, entries in simple.items():
        if entries:
            built[key] = {"kind": "entries", "entries": entries}

    skills = []
    for s in _items(resume, "skills"):
        keywords = ", ".join(clean(k) for k in (s.get("keywords") or []) if clean(k))
        name = clean(s.get("name"))
        level = clean(s.get("level"))
        label = f"{name} ({level})" if name and level else name
        if keywords:
            skills.append({"label": label, "text": keywords})
        elif label:
            skills.append({"label": "", "text": label})
    if skills:
        built["skills"] = {"kind": "lines", "lines": skills}

    languages = []
    for lang in _items(resume, "languages"):
        name, fluency = clean(lang.get("language")), clean(lang.get("fluency"))
        if name:
            languages.append(f"{name} ({fluency})" if fluency else name)
    if languages:
        built["languages"] = {"kind": "lines", "lines": [{"label": "", "text": " · ".join(languages)}]}

    interests = []
    for i in _items(resume, "interests"):
        keywords = ", ".join(clean(k) for k in (i.get("keywords") or []) if clean(k))
        name = clean(i.get("name"))
        if name or keywords:
            interests.append({"label": name if keywords else "", "text": keywords or name})
    if interests:
        built["interests"] = {"kind": "lines", "lines": interests}

    ordered = []
    for key in template.section_order:
        if key in built:
            section = {
                "key": key,
                "title": h[key],
                "kind": built[key]["kind"],
                "text": "",
                "entries": [],
                "lines": [],
            }
            section.update(built[key])
            ordered.append(section)
    return ordered


def build_view(resume: dict[str, Any], loc: LocaleInfo, template: TemplateInfo) -> ResumeView:
    basics = as_dict(resume.get("basics"))
    name = clean(basics.get("name"))
    return ResumeView(
        {
            "title": name or "Resume",
            "author": name,
            "lang": loc.language,
            "rtl": loc.rtl,
            "basics": {
                "name": name,
                "label": clean(basics.get("label")),
                "email": clean(basics.get("email")),
                "phone": clean(basics.get("phone")),
                "url": link(basics.get("url")),
                "location": _location(basics.get("location")),
            },
            "contacts": contacts(basics),
            "sections": _build_sections(resume, loc, template),
        }
    )


def build_letter_view(letter: dict[str, Any], resume: dict[str, Any], loc: LocaleInfo) -> ResumeView:
    base = ResumeView(
        {
            "title": "",
            "author": "",
            "lang": loc.language,
            "rtl": loc.rtl,
            "basics": {},
            "contacts": [],
            "sections": [],
        }
    )
    basics = as_dict(resume.get("basics"))
    name = clean(basics.get("name"))
    company, job = clean(letter.get("company")), clean(letter.get("job_title"))
    recipient_lines = [x for x in (clean(letter.get("recipient")), company) if x]
    date_value = clean(letter.get("date"))
    base.data.update(
        {
            "title": " – ".join(x for x in (name, job, company) if x) or "Cover letter",
            "author": name,
            "basics": {
                "name": name,
                "label": clean(basics.get("label")),
                "email": clean(basics.get("email")),
                "phone": clean(basics.get("phone")),
                "url": link(basics.get("url")),
                "location": _location(basics.get("location")),
            },
            "contacts": contacts(basics),
            "letter": {
                "date": format_long_date(date_value, loc.babel) if date_value else "",
                "recipient_lines": recipient_lines,
                "subject": f"{loc.headings['application']} {job}" if job else "",
                "greeting": clean(letter.get("greeting")),
                "paragraphs": [p for p in (clean_block(x) for x in (letter.get("paragraphs") or [])) if p],
                "closing": clean(letter.get("closing")),
            },
        }
    )
    return base
