"""Where an application came from: free text and job URLs normalised to a short vocabulary."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SOURCES = (
    "linkedin", "indeed", "glassdoor", "wellfound", "hacker_news", "otta", "dice", "monster",
    "ziprecruiter", "stepstone", "xing", "welcome_to_the_jungle", "referral", "recruiter",
    "company_site", "job_fair", "networking", "huntr", "other",
)  # fmt: skip

_TEXT: dict[str, str] = {
    "linkedin": "linkedin", "linked in": "linkedin", "li": "linkedin", "linkedin easy apply": "linkedin",
    "easy apply": "linkedin", "indeed": "indeed", "glassdoor": "glassdoor", "angellist": "wellfound",
    "angel list": "wellfound", "angel": "wellfound", "wellfound": "wellfound", "hn": "hacker_news",
    "hacker news": "hacker_news", "hackernews": "hacker_news", "who s hiring": "hacker_news",
    "whos hiring": "hacker_news", "otta": "otta", "dice": "dice", "monster": "monster",
    "ziprecruiter": "ziprecruiter", "zip recruiter": "ziprecruiter", "stepstone": "stepstone", "xing": "xing",
    "welcome to the jungle": "welcome_to_the_jungle", "wttj": "welcome_to_the_jungle",
    "referral": "referral", "referred": "referral", "employee referral": "referral", "friend": "referral",
    "ref": "referral", "internal referral": "referral", "recruiter": "recruiter", "agency": "recruiter",
    "headhunter": "recruiter", "recruiter outreach": "recruiter", "inbound": "recruiter",
    "company site": "company_site", "company website": "company_site", "website": "company_site",
    "careers page": "company_site", "career page": "company_site", "careers site": "company_site",
    "direct": "company_site", "company": "company_site", "job fair": "job_fair", "career fair": "job_fair",
    "networking": "networking", "meetup": "networking", "network": "networking", "huntr": "huntr",
    "other": "other",
}  # fmt: skip

_DOMAINS: dict[str, str] = {
    "linkedin.com": "linkedin", "lnkd.in": "linkedin", "indeed.com": "indeed", "glassdoor.com": "glassdoor",
    "glassdoor.co.uk": "glassdoor", "wellfound.com": "wellfound", "angel.co": "wellfound",
    "news.ycombinator.com": "hacker_news", "otta.com": "otta", "dice.com": "dice", "monster.com": "monster",
    "ziprecruiter.com": "ziprecruiter", "stepstone.de": "stepstone", "xing.com": "xing",
    "welcometothejungle.com": "welcome_to_the_jungle", "huntr.co": "huntr",
}  # fmt: skip
# Hosted applicant-tracking systems: the posting is the company's own.
_ATS_HOSTS = ("greenhouse.io", "lever.co", "workday", "myworkdayjobs.com", "ashbyhq.com", "smartrecruiters.com",
              "icims.com", "jobvite.com", "bamboohr.com", "recruitee.com", "personio", "teamtailor.com")  # fmt: skip


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def source_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlsplit(url if "://" in url else f"https://{url}").hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    for domain, source in _DOMAINS.items():
        if (
            host == domain
            or host.endswith("." + domain)
            or ("." in domain and host.split(".")[-2:] == domain.split(".")[-2:] and domain.count(".") == 1)
        ):
            return source
        # indeed.co.uk, de.indeed.com and friends
        if domain.split(".")[0] in host.split("."):
            return source
    if any(a in host for a in _ATS_HOSTS):
        return "company_site"
    return None


def normalise_source(text: str | None, url: str | None = None) -> str | None:
    """A canonical source; unknown free text becomes 'other'; nothing at all gives the URL's guess."""
    if text is not None and text.strip():
        key = _norm(text)
        if key in _TEXT:
            return _TEXT[key]
        if key.replace(" ", "_") in SOURCES:
            return key.replace(" ", "_")
        from_url = source_from_url(text.strip()) if "." in text else None
        if from_url:
            return from_url
        for phrase, source in sorted(_TEXT.items(), key=lambda kv: -len(kv[0])):
            if len(phrase) >= 4 and f" {phrase} " in f" {key} ":
                return source
        return "other"
    return source_from_url(url)
