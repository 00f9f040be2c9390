"""The JSON Resume shape the resume service imports, and total experience."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from resugrow_ats.domain.parse.model import ParsedResume, WorkEntry


def _network(url: str) -> str | None:
    lowered = url.lower()
    for host, name in (
        ("linkedin.", "LinkedIn"),
        ("github.", "GitHub"),
        ("gitlab.", "GitLab"),
        ("behance.", "Behance"),
        ("dribbble.", "Dribbble"),
        ("twitter.", "Twitter"),
        ("x.com", "X"),
        ("medium.", "Medium"),
        ("stackoverflow.", "Stack Overflow"),
        ("kaggle.", "Kaggle"),
    ):
        if host in lowered:
            return name
    return None


def _basics(parsed: ParsedResume) -> dict[str, Any]:
    basics: dict[str, Any] = {}
    for key in ("name", "email", "phone"):
        if key in parsed.contact:
            basics[key] = parsed.contact[key].value
    if parsed.headline:
        basics["label"] = parsed.headline.value
    if parsed.summary:
        basics["summary"] = parsed.summary
    if "location" in parsed.contact:
        loc = parsed.contact["location"].value
        parts = [p.strip() for p in loc.split(",")]
        location: dict[str, str] = {"address": loc}
        if len(parts) >= 2:
            location["city"] = parts[0]
            location["region"] = parts[1]
        basics["location"] = location
    profiles = []
    for p in parsed.profiles:
        network = _network(p.value)
        if network is None:
            basics.setdefault("url", p.value if p.value.startswith("http") else "https://" + p.value)
            continue
        url = p.value if p.value.startswith("http") else "https://" + p.value
        profiles.append({"network": network, "url": url, "username": url.rstrip("/").rsplit("/", 1)[-1]})
    if profiles:
        basics["profiles"] = profiles
    return basics


def _work(parsed: ParsedResume) -> list[dict[str, Any]]:
    work = []
    for w in parsed.work:
        item: dict[str, Any] = {}
        if w.company:
            item["name"] = w.company
        if w.title:
            item["position"] = w.title
        if w.location:
            item["location"] = w.location
        if w.dates:
            item["startDate"] = w.dates.start.iso()
            if w.dates.end:
                item["endDate"] = w.dates.end.iso()
        highlights = [re.sub(r"^(?:•|[-*–])\s*", "", b.text) for b in w.bullets]
        if highlights:
            item["highlights"] = highlights
        work.append(item)
    return work


def _education(parsed: ParsedResume) -> list[dict[str, Any]]:
    education = []
    for e in parsed.education:
        item: dict[str, Any] = {}
        if e.institution:
            item["institution"] = e.institution
        if e.degree:
            item["studyType"] = e.degree
        if e.area:
            item["area"] = e.area
        if e.start:
            item["startDate"] = e.start.iso()
        if e.end:
            item["endDate"] = e.end.iso()
        if e.gpa:
            item["score"] = e.gpa
        education.append(item)
    return education


def to_json_resume(parsed: ParsedResume) -> dict[str, Any]:
    groups: dict[str, list[str]] = {}
    for s in parsed.skills:
        groups.setdefault(s.group, []).append(s.written or s.name)
    out: dict[str, Any] = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": _basics(parsed),
        "work": _work(parsed),
        "education": _education(parsed),
        "skills": [{"name": g, "keywords": k} for g, k in groups.items()],
        "certificates": [
            {
                k: v
                for k, v in (
                    ("name", c.name),
                    ("issuer", c.issuer),
                    ("date", c.date.iso() if c.date else None),
                )
                if v
            }
            for c in parsed.certificates
        ],
    }
    if parsed.languages:
        out["languages"] = [
            {"language": lang.split(":", 1)[0].strip(), "fluency": lang.split(":", 1)[1].strip()}
            if ":" in lang
            else {"language": lang}
            for lang in parsed.languages
        ]
    return out


def total_experience_months(work: list[WorkEntry], as_of: date) -> int:
    """Months covered by dated roles, overlaps counted once, "Present" ending at ``as_of``."""
    spans = []
    now = as_of.year * 12 + as_of.month - 1
    for w in work:
        if w.dates is None:
            continue
        start = w.dates.start.ordinal()
        end = w.dates.end.ordinal(end=True) if w.dates.end else now
        end = min(end, now)
        if end >= start:
            spans.append((start, end))
    spans.sort()
    total = 0
    cur_s, cur_e = None, None
    for s, e in spans:
        if cur_e is None or s > cur_e + 1:
            if cur_e is not None and cur_s is not None:
                total += cur_e - cur_s + 1
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None and cur_s is not None:
        total += cur_e - cur_s + 1
    return total
