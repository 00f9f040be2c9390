"""One neutral view of a resume, built once and read by every writer (Typst, DOCX, HTML, text).

Localisation (headings, dates), section order and the choice of what each JSON Resume field
becomes (title, subtitle, bullets) live here, so the formats cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .locale import LocaleInfo, format_long_date, format_partial_date, format_range
from .templates import TemplateInfo
from .text import clean, clean_block, keep_whole, keep_whole_section, link

__all__ = ["ResumeView", "build_letter_view", "build_view", "clean", "keep_whole", "keep_whole_section"]


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


@dataclass(frozen=True)
class _Ctx:
    """What every section builder reads: the document and the locale its dates are written in."""

    resume: dict[str, Any]
    loc: LocaleInfo

    def items(self, key: str) -> list[dict[str, Any]]:
        return _items(self.resume, key)

    def rng(self, item: dict[str, Any]) -> str:
        return format_range(
            clean(item.get("startDate")) or None, clean(item.get("endDate")) or None, self.loc
        )

    def one(self, item: dict[str, Any], key: str) -> str:
        value = clean(item.get(key))
        return format_partial_date(value, self.loc.babel) if value else ""


Built = dict[str, Any] | None


def _entries(entries: list[dict[str, Any]]) -> Built:
    return {"kind": "entries", "entries": entries} if entries else None


def _lines(lines: list[dict[str, str]]) -> Built:
    return {"kind": "lines", "lines": lines} if lines else None


def _summary(c: _Ctx) -> Built:
    summary = clean_block(as_dict(c.resume.get("basics")).get("summary"))
    return {"kind": "text", "text": summary} if summary else None


def _work(c: _Ctx) -> Built:
    return _entries([
        _entry(w.get("position") or w.get("name"), w.get("name") if w.get("position") else "", c.rng(w),
               w.get("location"), w.get("url"), w.get("summary") or w.get("description"), w.get("highlights"))
        for w in c.items("work")
    ])  # fmt: skip


def _volunteer(c: _Ctx) -> Built:
    return _entries([
        _entry(v.get("position") or v.get("organization"), v.get("organization") if v.get("position") else "",
               c.rng(v), "", v.get("url"), v.get("summary"), v.get("highlights"))
        for v in c.items("volunteer")
    ])  # fmt: skip


def _education_entry(c: _Ctx, e: dict[str, Any]) -> dict[str, Any]:
    h = c.loc.headings
    degree = ", ".join(x for x in (clean(e.get("studyType")), clean(e.get("area"))) if x)
    extra = []
    if clean(e.get("score")):
        extra.append(f"{h['score']}: {clean(e.get('score'))}")
    courses = [clean(x) for x in (e.get("courses") or []) if clean(x)]
    if courses:
        extra.append(f"{h['courses']}: {', '.join(courses)}")
    return _entry(degree or e.get("institution"), e.get("institution") if degree else "", c.rng(e), "",
                  e.get("url"), "", extra)  # fmt: skip


def _education(c: _Ctx) -> Built:
    return _entries([_education_entry(c, e) for e in c.items("education")])


def _projects(c: _Ctx) -> Built:
    return _entries([
        _entry(p.get("name"), ", ".join(clean(r) for r in (p.get("roles") or []) if clean(r)) or p.get("entity"),
               c.rng(p), "", p.get("url"), p.get("description") or p.get("summary"), p.get("highlights"))
        for p in c.items("projects")
    ])  # fmt: skip


def _awards(c: _Ctx) -> Built:
    return _entries(
        [
            _entry(a.get("title"), a.get("awarder"), c.one(a, "date"), summary=a.get("summary"))
            for a in c.items("awards")
        ]
    )


def _certificates(c: _Ctx) -> Built:
    return _entries(
        [
            _entry(x.get("name"), x.get("issuer"), c.one(x, "date"), url=x.get("url"))
            for x in c.items("certificates")
        ]
    )


def _publications(c: _Ctx) -> Built:
    return _entries(
        [
            _entry(
                p.get("name"),
                p.get("publisher"),
                c.one(p, "releaseDate"),
                url=p.get("url"),
                summary=p.get("summary"),
            )
            for p in c.items("publications")
        ]
    )


def _references(c: _Ctx) -> Built:
    return _entries([_entry(r.get("name"), summary=r.get("reference")) for r in c.items("references")])


def _skill_line(s: dict[str, Any]) -> dict[str, str] | None:
    keywords = ", ".join(clean(k) for k in (s.get("keywords") or []) if clean(k))
    name, level = clean(s.get("name")), clean(s.get("level"))
    label = f"{name} ({level})" if name and level else name
    if keywords:
        return {"label": label, "text": keywords}
    return {"label": "", "text": label} if label else None


def _skills(c: _Ctx) -> Built:
    return _lines([line for line in map(_skill_line, c.items("skills")) if line])


def _languages(c: _Ctx) -> Built:
    languages = []
    for lang in c.items("languages"):
        name, fluency = clean(lang.get("language")), clean(lang.get("fluency"))
        if name:
            languages.append(f"{name} ({fluency})" if fluency else name)
    return _lines([{"label": "", "text": " · ".join(languages)}]) if languages else None


def _interests(c: _Ctx) -> Built:
    interests = []
    for i in c.items("interests"):
        keywords = ", ".join(clean(k) for k in (i.get("keywords") or []) if clean(k))
        name = clean(i.get("name"))
        if name or keywords:
            interests.append({"label": name if keywords else "", "text": keywords or name})
    return _lines(interests)


# One builder per section key; the template decides which appear and in what order.
_SECTION_BUILDERS: dict[str, Callable[[_Ctx], Built]] = {
    "summary": _summary,
    "work": _work,
    "volunteer": _volunteer,
    "education": _education,
    "projects": _projects,
    "awards": _awards,
    "certificates": _certificates,
    "publications": _publications,
    "references": _references,
    "skills": _skills,
    "languages": _languages,
    "interests": _interests,
}


def _build_sections(resume: dict[str, Any], loc: LocaleInfo, template: TemplateInfo) -> list[dict[str, Any]]:
    ctx = _Ctx(resume, loc)
    ordered = []
    for key in template.section_order:
        builder = _SECTION_BUILDERS.get(key)
        built = builder(ctx) if builder is not None else None
        if built:
            ordered.append({"key": key, "title": loc.headings[key], "kind": built["kind"], "text": "", "entries": [],
                            "lines": [], **built})  # fmt: skip
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
