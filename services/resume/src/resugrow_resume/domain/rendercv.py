"""RenderCV (https://docs.rendercv.com) YAML to JSON Resume.

RenderCV infers each entry's type from its keys (experience, education, publication, one-line,
bullet, numbered, normal, text); we do the same and place it in the JSON Resume section the title
and type point to, with one small converter per section. What has no home in JSON Resume is
reported as a warning: nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from resugrow_resume.domain.import_types import ImportFailed
from resugrow_resume.domain.rendercv_yaml import (
    _LOCALE_WORDS,
    _PROFILE_URLS,
    _TITLE_TO_SECTION,
    _as_list,
    _date,
    _first_link,
    _plain,
)


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
            raise ImportFailed('a RenderCV file needs a top-level "cv" mapping', where=["cv"])
        basics = _basics(cv)
        profiles = _profiles(cv)
        if profiles:
            basics["profiles"] = profiles
        resume: dict[str, Any] = {}
        summaries: list[str] = []
        sections = cv.get("sections") or {}
        if not isinstance(sections, dict):
            raise ImportFailed(
                "cv.sections must map section titles to lists of entries", where=["cv", "sections"]
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
            raise ImportFailed(
                f"section {title!r} must be a list of entries", where=["cv", "sections", title]
            )
        key = re.sub(r"[\s_\-]+", " ", title).strip().lower().rstrip("!").strip()
        target = _TITLE_TO_SECTION.get(key) or next(
            (s for alias, s in _TITLE_TO_SECTION.items() if key.startswith(alias)), None
        )
        for i, entry in enumerate(entries):
            where = f"sections.{title}[{i}]"
            kind = _entry_kind(entry)
            if kind is None:
                raise ImportFailed(
                    f"{where}: an entry must be text or a mapping", where=["cv", "sections", title, i]
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
        if kind in ("bullet", "numbered"):
            field_name = _BULLET_FIELD.get(section)
            return {field_name: _entry_text(e, kind)} if field_name else None
        if kind == "oneline":
            return _oneline(section, _plain(e.get("label")), _plain(e.get("details")))
        convert = _SECTIONS.get(section)
        if convert is None:
            return None
        return convert(self, _read_entry(e, where, where_loc))


def _basics(cv: dict[str, Any]) -> dict[str, Any]:
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
    return basics


def _profiles(cv: dict[str, Any]) -> list[dict[str, Any]]:
    profiles = []
    for i, network in enumerate(_as_list(cv.get("social_networks"), ["cv", "social_networks"])):
        if not isinstance(network, dict):
            raise ImportFailed(
                "each social network needs network and username", where=["cv", "social_networks", i]
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
    return profiles


# --- one converter per JSON Resume section ----------------------------------------------------

_BULLET_FIELD = {"skills": "name", "interests": "name", "certificates": "name", "awards": "title",
                 "publications": "name", "projects": "name", "languages": "language", "references": "name"}  # fmt: skip


def _oneline(section: str, label: str, details: str) -> dict[str, Any] | None:
    if section in ("skills", "interests"):
        return {"name": label, "keywords": [k.strip() for k in re.split(r"[,;]", details) if k.strip()]}
    one_line = {"languages": {"language": label, "fluency": details},
                "certificates": {"name": label, "issuer": details},
                "awards": {"title": label, "summary": details},
                "references": {"name": label, "reference": details},
                "projects": {"name": label, "description": details}}  # fmt: skip
    return one_line.get(section)


@dataclass
class _Entry:
    """The fields every entry type shares, read once."""

    raw: dict[str, Any]
    where: str
    path: list[Any]
    name: str
    summary: str
    highlights: list[str]
    link: str | None
    location: str

    def text(self) -> str:
        return " ".join(p for p in (self.summary, *self.highlights) if p)


def _read_entry(e: dict[str, Any], where: str, where_loc: list[Any]) -> _Entry:
    raw_highlights = _as_list(e.get("highlights"), [*where_loc, "highlights"])
    return _Entry(
        raw=e,
        where=where,
        path=where_loc,
        name=_plain(e.get("company") or e.get("name") or e.get("institution") or e.get("title")),
        summary=_plain(e.get("summary")),
        highlights=[_plain(h) for h in raw_highlights if _plain(h)],
        link=_first_link(e.get("url"), e.get("date"), e.get("summary"), *raw_highlights),
        location=_plain(e.get("location")),
    )


def _put(out: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Set the values that are not empty (JSON Resume omits what is unknown)."""
    out.update({k: v for k, v in values.items() if v})
    return out


def _work(c: _Converter, f: _Entry, *, volunteer: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"organization" if volunteer else "name": f.name}
    _put(out, position=_plain(f.raw.get("position")), location=None if volunteer else f.location)
    c.dates(f.raw, out, f.where, single="startDate")
    return _put(out, summary=f.summary, highlights=f.highlights, url=f.link)


def _education(c: _Converter, f: _Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"institution": f.name}
    _put(out, area=_plain(f.raw.get("area")), studyType=_plain(f.raw.get("degree")))
    c.dates(f.raw, out, f.where, single="startDate")
    grades = [h for h in f.highlights if re.match(r"^(GPA|Grade|CGPA)\b", h, re.I)]
    if grades:
        out["score"] = grades[0].split(":", 1)[-1].strip()
    # JSON Resume education has no bullets; kept as an extension field, not dropped.
    rest = [h for h in f.highlights if h not in grades]
    return _put(out, highlights=rest, location=f.location, summary=f.summary, url=f.link)


def _publication(c: _Converter, f: _Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name}
    _put(out, publisher=_plain(f.raw.get("journal")))
    c.dates(f.raw, out, f.where, single="releaseDate")
    out.pop("startDate", None)
    out.pop("endDate", None)
    authors = [_plain(a) for a in _as_list(f.raw.get("authors"), [*f.path, "authors"]) if _plain(a)]
    _put(out, authors=authors)
    doi = f.raw.get("doi")
    if doi:
        out["doi"] = str(doi)
        out["url"] = f.raw.get("url") or f"https://doi.org/{doi}"
    elif f.link:
        out["url"] = f.link
    return _put(out, summary=f.summary)


def _project(c: _Converter, f: _Entry) -> dict[str, Any]:
    out = _put({"name": f.name}, description=f.summary)
    c.dates(f.raw, out, f.where, single="startDate")
    return _put(out, highlights=f.highlights, url=f.link)


def _award(c: _Converter, f: _Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"title": f.name}
    c.dates(f.raw, out, f.where, single="date")
    return _put(out, awarder=f.location, summary=f.text())


def _certificate(c: _Converter, f: _Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name}
    c.dates(f.raw, out, f.where, single="date")
    return _put(out, issuer=f.location or f.summary, url=f.link)


def _skill(c: _Converter, f: _Entry) -> dict[str, Any]:
    keywords = f.highlights or [k.strip() for k in f.summary.split(",") if k.strip()]
    return _put({"name": f.name}, keywords=keywords)


_SECTIONS: dict[str, Callable[[_Converter, _Entry], dict[str, Any]]] = {
    "work": _work,
    "volunteer": lambda c, f: _work(c, f, volunteer=True),
    "education": _education,
    "publications": _publication,
    "projects": _project,
    "awards": _award,
    "certificates": _certificate,
    "skills": _skill,
    "interests": lambda c, f: _put({"name": f.name}, keywords=f.highlights),
    "languages": lambda c, f: _put({"language": f.name}, fluency=f.summary),
    "references": lambda c, f: _put({"name": f.name}, reference=f.text()),
}

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
