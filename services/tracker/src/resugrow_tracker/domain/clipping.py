"""Job clipping: the fields of a saved job page, from schema.org JobPosting JSON-LD first,
then Open Graph / meta tags, then headings. A field the page does not state stays None;
malformed JSON-LD is skipped (and reported as a warning), never fatal.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup, Tag

from resugrow_tracker.domain.dates import DateParseError, parse_datetime
from resugrow_tracker.domain.salary import Salary, parse_salary_text

MAX_CLIP_BYTES = 3 * 1024 * 1024
_MAX_JSONLD_NODES = 5000


@dataclass
class ClippedJob:
    title: str | None = None
    company: str | None = None
    location: str | None = None
    remote: str | None = None
    salary: dict[str, Any] | None = None
    description: str | None = None
    date_posted: datetime | None = None
    valid_through: datetime | None = None
    employment_type: str | None = None
    url: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ------------------------------------------------------------------------------------------ JSON-LD


def _loads_lenient(raw: str) -> Any:
    text = raw.strip()
    text = re.sub(r"^\s*(<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
    text = re.sub(r"(-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip()
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError:
        pass
    # Common hand-written slips: trailing commas, and several objects back to back.
    repaired = re.sub(r",\s*([}\]])", r"\1", text)
    try:
        return json.loads(repaired, strict=False)
    except json.JSONDecodeError:
        pass
    decoder = json.JSONDecoder(strict=False)
    items, pos = [], 0
    while pos < len(repaired):
        while pos < len(repaired) and repaired[pos] in " \t\r\n;,":
            pos += 1
        if pos >= len(repaired):
            break
        obj, pos = decoder.raw_decode(repaired, pos)  # raises JSONDecodeError when hopeless
        items.append(obj)
    return items


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    values = t if isinstance(t, list) else [t]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if v}


def _walk(node: Any, out: list[dict[str, Any]], budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        return
    if isinstance(node, list):
        for item in node:
            _walk(item, out, budget)
    elif isinstance(node, dict):
        if "JobPosting" in _types(node):
            out.append(node)
        for key, value in node.items():
            if isinstance(value, dict | list) and key != "@context":
                _walk(value, out, budget)


def job_postings(soup: BeautifulSoup, warnings: list[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for i, script in enumerate(soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)})):
        raw = script.string if script.string is not None else script.get_text()
        if not raw or not raw.strip():
            continue
        try:
            data = _loads_lenient(raw)
        except (json.JSONDecodeError, ValueError, RecursionError) as exc:
            warnings.append(f"JSON-LD block {i + 1} is malformed and was skipped ({type(exc).__name__})")
            continue
        _walk(data, found, [_MAX_JSONLD_NODES])
    return found


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        parts = [t for t in (_text(v) for v in value) if t]
        return ", ".join(dict.fromkeys(parts)) if parts else None
    if isinstance(value, dict):
        for key in ("name", "@value", "value", "text"):
            if key in value:
                return _text(value[key])
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        s = re.sub(r"\s+", " ", html.unescape(str(value))).strip()
        return s or None
    return None


def html_to_text(fragment: str) -> str | None:
    """Description HTML (possibly entity-escaped twice, as many sites do) to readable text."""
    s = fragment
    for _ in range(2):
        if re.search(r"&lt;/?[a-z]", s, re.I):
            s = html.unescape(s)
    soup = BeautifulSoup(s, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks: list[str] = []
    for el in soup.find_all(["p", "li", "h1", "h2", "h3", "h4", "div"]):
        if isinstance(el, Tag) and el.name == "li":
            el.insert(0, "• ")
        el.append("\n")
    text = soup.get_text()
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in html.unescape(text).splitlines()]
    for ln in lines:
        if ln or (blocks and blocks[-1]):
            blocks.append(ln)
    out = "\n".join(blocks).strip()
    return re.sub(r"\n{3,}", "\n\n", out) or None


def _address(value: Any) -> str | None:
    if isinstance(value, str):
        return _text(value)
    if not isinstance(value, dict):
        return None
    parts = []
    for key in ("addressLocality", "addressRegion", "addressCountry"):
        v = value.get(key)
        t = _text(v)
        if t and t not in parts:
            parts.append(t)
    if not parts:
        t = _text(value.get("streetAddress")) or _text(value.get("name"))
        return t
    return ", ".join(parts)


def _location(posting: dict[str, Any]) -> str | None:
    locs = posting.get("jobLocation")
    items = locs if isinstance(locs, list) else [locs] if locs else []
    found: list[str] = []
    for loc in items:
        text = None
        if isinstance(loc, dict):
            text = _address(loc.get("address")) or _text(loc.get("name"))
        elif isinstance(loc, str):
            text = _text(loc)
        if text and text not in found:
            found.append(text)
    return "; ".join(found) if found else None


def _remote(posting: dict[str, Any]) -> str | None:
    kind = _text(posting.get("jobLocationType"))
    if kind and "TELECOMMUTE" in kind.upper():
        return "remote" if not posting.get("jobLocation") else "hybrid"
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        s = value.strip().replace(",", "")
        try:
            return float(s)
        except ValueError:
            return None
    return None


_UNITS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}


def _salary(posting: dict[str, Any]) -> Salary | None:
    for key in ("baseSalary", "estimatedSalary", "salary"):
        raw = posting.get(key)
        if isinstance(raw, list):
            raw = raw[0] if raw else None
        if raw is None:
            continue
        if isinstance(raw, int | float | str) and not isinstance(raw, bool):
            n = _number(raw)
            if n is not None:
                return Salary(n, n, _text(posting.get("salaryCurrency")), None, str(raw))
            parsed = parse_salary_text(str(raw))
            if parsed:
                return parsed
            continue
        if not isinstance(raw, dict):
            continue
        currency = _text(raw.get("currency")) or _text(posting.get("salaryCurrency"))
        value = raw.get("value")
        unit = None
        lo = hi = None
        if isinstance(value, dict):
            unit = _text(value.get("unitText"))
            lo = _number(value.get("minValue"))
            hi = _number(value.get("maxValue"))
            single = _number(value.get("value"))
            if single is not None and lo is None and hi is None:
                lo = hi = single
        else:
            single = _number(value)
            lo = hi = single
            unit = _text(raw.get("unitText"))
        if lo is None and hi is None:
            continue
        period = _UNITS.get((unit or "").upper())
        return Salary(lo, hi, currency.upper() if currency else None, period)
    return None


def _date(value: Any, warnings: list[str], name: str) -> datetime | None:
    text = _text(value)
    if not text:
        return None
    try:
        return parse_datetime(text)
    except DateParseError:
        warnings.append(f"{name} {text!r} is not a date")
        return None


def _company(posting: dict[str, Any]) -> str | None:
    org = posting.get("hiringOrganization")
    if isinstance(org, list):
        org = org[0] if org else None
    return _text(org)


# ------------------------------------------------------------------------------------------ page


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag):
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return _text(content)
    return None


def _split_title(title: str) -> tuple[str, str | None]:
    """'Backend Engineer at Acme' / 'Backend Engineer - Acme | Careers' -> (role, company)."""
    t = re.sub(r"\s*[|·]\s*(careers?|jobs?|job board|hiring).*$", "", title, flags=re.I).strip()
    m = re.match(r"^(?:job application for\s+)?(.+?)\s+at\s+(.+)$", t, re.I)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    return t, None


def _from_posting(job: ClippedJob, p: dict[str, Any]) -> None:
    """Fields a JSON-LD JobPosting states."""
    job.title = _text(p.get("title")) or _text(p.get("name"))
    job.company = _company(p)
    job.location = _location(p) or _text(p.get("applicantLocationRequirements"))
    job.remote = _remote(p)
    sal = _salary(p)
    job.salary = sal.as_dict() if sal else None
    desc = p.get("description")
    job.description = html_to_text(desc) if isinstance(desc, str) else _text(desc)
    job.date_posted = _date(p.get("datePosted"), job.warnings, "datePosted")
    job.valid_through = _date(p.get("validThrough"), job.warnings, "validThrough")
    job.employment_type = _text(p.get("employmentType"))
    job.url = job.url or _text(p.get("url"))
    for name in ("title", "company", "location", "salary", "description", "date_posted", "valid_through"):
        if getattr(job, name) is not None:
            job.sources[name] = "json-ld"


def _page_title(soup: BeautifulSoup) -> tuple[str | None, str]:
    """The page's own title, and where it came from: Open Graph, the first heading, <title>."""
    og_title = _meta(soup, "og:title", "twitter:title")
    if og_title is not None:
        return og_title, "open-graph"
    h1 = soup.find("h1")
    heading = _text(h1.get_text(" ")) if isinstance(h1, Tag) else None
    if heading is not None:
        return heading, "heading"
    if soup.title is not None:
        return _text(soup.title.get_text()), "title"
    return None, "title"


def _title_fallback(job: ClippedJob, soup: BeautifulSoup) -> None:
    page_title, source = _page_title(soup)
    if not page_title:
        return
    role, company = _split_title(page_title)
    job.title = role
    job.sources["title"] = source
    if job.company is None and company:
        job.company = company
        job.sources["company"] = source


def _meta_fallbacks(job: ClippedJob, soup: BeautifulSoup) -> None:
    """Open Graph and meta tags for what structured data did not say."""
    if job.company is None and (company := _meta(soup, "og:site_name", "application-name")):
        job.company = company
        job.sources["company"] = "open-graph"
    if job.description is None and (
        desc := _meta(soup, "og:description", "description", "twitter:description")
    ):
        job.description = desc
        job.sources["description"] = "open-graph"
    if job.url is None:
        job.url = _meta(soup, "og:url") or _canonical(soup)
    if job.salary is None and job.description and (sal := parse_salary_text(job.description)):
        job.salary = sal.as_dict()
        job.sources["salary"] = "text"
    if job.date_posted is None and (
        posted := _meta(soup, "article:published_time", "og:published_time", "datePosted")
    ):
        job.date_posted = _date(posted, job.warnings, "published_time")
        if job.date_posted:
            job.sources["date_posted"] = "open-graph"


def clip_job(page: str, *, url: str | None = None) -> ClippedJob:
    """Extract what the page states about the job; every field not stated stays None."""
    job = ClippedJob(url=url)
    if not page or not page.strip():
        job.warnings.append("the page is empty")
        return job
    soup = BeautifulSoup(page, "html.parser")
    postings = job_postings(soup, job.warnings)
    if postings:
        # Several postings (a listing page): the one with the most fields is the page's subject.
        _from_posting(job, max(postings, key=lambda d: sum(1 for v in d.values() if v)))
    if job.title is None:
        _title_fallback(job, soup)
    _meta_fallbacks(job, soup)
    return job


def _canonical(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", attrs={"rel": "canonical"})
    if isinstance(link, Tag):
        href = link.get("href")
        if isinstance(href, str) and href.strip():
            return href.strip()
    return None
