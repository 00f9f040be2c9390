"""Our JSON profile model and JSON Resume (jsonresume.org schema v1) in both directions."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from resugrow_linkedin.domain.dates import parse_date
from resugrow_linkedin.domain.models import (
    Certification,
    Education,
    IngestError,
    Language,
    ManualAnswers,
    Position,
    Profile,
    Project,
)


def _s(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _d(value: Any) -> str | None:
    return parse_date(value) if isinstance(value, str) else None


def profile_from_json(body: dict[str, Any]) -> Profile:
    """Accept our own model (``positions``) or a JSON Resume document (``basics``/``work``)."""
    try:
        if "basics" in body or "work" in body:
            profile = _from_jsonresume(body)
        else:
            profile = Profile.model_validate({**body, "source": "json"})
    except (ValidationError, TypeError, ValueError, AttributeError) as exc:
        raise IngestError("invalid", f"the profile JSON is not valid: {exc}") from exc
    profile.source = "json"
    return profile


def _location(basics: dict[str, Any]) -> str:
    location = basics.get("location") or {}
    parts = (_s(location.get("city")), _s(location.get("region")), _s(location.get("countryCode")))
    return ", ".join(x for x in parts if x)


def _linkedin_url(basics: dict[str, Any]) -> Any:
    profiles = basics.get("profiles") or []
    return next((p.get("url") for p in profiles if "linkedin" in _s(p.get("network")).lower()), None)


def _position(w: dict[str, Any]) -> Position:
    highlights = [f"• {_s(h)}" for h in w.get("highlights") or [] if _s(h)]
    desc = "\n".join(x for x in [_s(w.get("summary")), *highlights] if x)
    end = _s(w.get("endDate"))
    return Position(
        company=_s(w.get("name") or w.get("company")), title=_s(w.get("position")), start=_d(w.get("startDate")),
        end=_d(end), current=not end, location=_s(w.get("location")) or None, description=desc,
    )  # fmt: skip


def _from_jsonresume(doc: dict[str, Any]) -> Profile:
    basics = doc.get("basics") or {}
    first, _, last = _s(basics.get("name")).partition(" ")
    return Profile(
        first_name=first,
        last_name=last,
        headline=_s(basics.get("label")),
        summary=_s(basics.get("summary")),
        location=_location(basics) or None,
        email=_s(basics.get("email")) or None,
        phone=_s(basics.get("phone")) or None,
        public_url=_linkedin_url(basics),
        websites=[u for u in [_s(basics.get("url"))] if u],
        positions=[_position(w) for w in doc.get("work") or []],
        **_sections_from(doc),
        manual=ManualAnswers.model_validate(doc.get("manual") or {}),
    )


def _sections_from(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "education": [
            Education(
                school=_s(e.get("institution")),
                degree=_s(e.get("studyType")) or None,
                field=_s(e.get("area")) or None,
                start=_d(e.get("startDate")),
                end=_d(e.get("endDate")),
            )
            for e in doc.get("education") or []
        ],
        "skills": [_s(s.get("name")) for s in doc.get("skills") or [] if _s(s.get("name"))],
        "certifications": [
            Certification(
                name=_s(c.get("name")),
                authority=_s(c.get("issuer")) or None,
                start=_d(c.get("date")),
                url=c.get("url"),
            )
            for c in doc.get("certificates") or []
            if _s(c.get("name"))
        ],
        "languages": [
            Language(name=_s(x.get("language")), proficiency=_s(x.get("fluency")) or None)
            for x in doc.get("languages") or []
            if _s(x.get("language"))
        ],
        "projects": [
            Project(
                title=_s(p.get("name")),
                description=_s(p.get("description")),
                url=p.get("url"),
                start=_d(p.get("startDate")),
                end=_d(p.get("endDate")),
            )
            for p in doc.get("projects") or []
            if _s(p.get("name"))
        ],
    }


_BULLETS = "•-–*▪"


def _work_item(p: Any) -> dict[str, Any]:
    lines = [ln.strip() for ln in p.description.splitlines() if ln.strip()]
    highlights = [ln.lstrip("•-–*▪ ").strip() for ln in lines if ln[:1] in _BULLETS]
    summary = " ".join(ln for ln in lines if ln[:1] not in _BULLETS)
    item: dict[str, Any] = {"name": p.company, "position": p.title}
    if p.location:
        item["location"] = p.location
    if p.start:
        item["startDate"] = p.start
    if p.end and not p.current:
        item["endDate"] = p.end
    if summary:
        item["summary"] = summary
    if highlights:
        item["highlights"] = highlights
    return item


def _https(url: str) -> str:
    return url if url.startswith("http") else "https://" + url


def _basics(profile: Profile) -> dict[str, Any]:
    basics: dict[str, Any] = {"name": profile.name, "label": profile.headline, "summary": profile.summary}
    if profile.email:
        basics["email"] = profile.email
    if profile.phone:
        basics["phone"] = profile.phone
    if profile.websites:
        basics["url"] = _https(profile.websites[0])
    if profile.location:
        basics["location"] = {"address": profile.location}
    if profile.public_url:
        url = _https(profile.public_url)
        basics["profiles"] = [
            {"network": "LinkedIn", "url": url, "username": url.rstrip("/").rsplit("/", 1)[-1]}
        ]
    return basics


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v}


def _sections_to(profile: Profile) -> dict[str, Any]:
    return {
        "education": [
            _present({"institution": e.school, "studyType": e.degree, "area": e.field, "startDate": e.start, "endDate": e.end})
            for e in profile.education
        ],
        "skills": [{"name": s} for s in profile.skills],
        "languages": [_present({"language": x.name, "fluency": x.proficiency}) for x in profile.languages],
        "certificates": [
            _present({"name": c.name, "issuer": c.authority, "date": c.start, "url": c.url})
            for c in profile.certifications
        ],
        "projects": [
            _present({"name": p.title, "description": p.description, "url": p.url, "startDate": p.start, "endDate": p.end})
            for p in profile.projects
        ],
        "awards": [
            _present({"title": h.title, "awarder": h.issuer, "date": h.date, "summary": h.description})
            for h in profile.honors
        ],
    }  # fmt: skip


def to_jsonresume(profile: Profile) -> dict[str, Any]:
    """A JSON Resume document the resume service can import (no invented fields)."""
    return {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": _basics(profile),
        "work": [_work_item(p) for p in profile.positions],
        **_sections_to(profile),
        "meta": {"source": f"linkedin-{profile.source}"},
    }
