"""The sidebar of a LinkedIn PDF: Contact, Top Skills, Languages, Certifications, Honors-Awards."""

from __future__ import annotations

import re

from resugrow_linkedin.domain.ingest.pdf_layout import Line
from resugrow_linkedin.domain.ingest.pdf_patterns import (
    EMAIL,
    PHONE,
    SIDE_HEADINGS,
    URL_KIND,
    _body_size,
    _join,
)
from resugrow_linkedin.domain.models import Certification, Honor, IngestReport, Language, Profile


def _token_continues(item: str, text: str) -> bool:
    """A narrow sidebar breaks a long e-mail address or URL anywhere, even mid-word: a line with no
    space continues an unfinished item unless it opens a new one (a URL, a second address)."""
    if " " in text or " " in item.strip() or URL_KIND.search(item) or PHONE.match(item):
        return False
    if text.lower().startswith(("www.", "http")) or ("@" in item and ("@" in text or "/" in text)):
        return False
    # an address is unfinished until it has its "@"; once it has one, a piece without a dot
    # before the end still belongs to its domain ("mail.e" + "xample.org")
    return "@" not in item or "@" not in text


def parse_sidebar(side: list[Line], profile: Profile, report: IngestReport) -> None:
    right = max((ln.x1 for ln in side), default=0.0)
    left = min((ln.x0 for ln in side), default=0.0)
    body = _body_size(side) if side else 0.0
    section = ""
    items: dict[str, list[str]] = {}
    prev: Line | None = None
    for ln in side:
        low = ln.text.lower()
        if low in SIDE_HEADINGS and (ln.bold or ln.size > body + 0.4):
            section = SIDE_HEADINGS[low]
            items.setdefault(section, [])
            prev = None
            continue
        bucket = items.setdefault(section, [])
        if section == "contact":
            glued = bool(bucket) and (
                URL_KIND.fullmatch(ln.text.strip()) is not None
                or bucket[-1].endswith(("\ufffe", "-", "/", ".", "_"))
                or (
                    not URL_KIND.search(bucket[-1])
                    and not EMAIL.fullmatch(bucket[-1])
                    and "www" in bucket[-1]
                )
                or _token_continues(bucket[-1], ln.text.strip())
            )
            if glued:
                space = " " if URL_KIND.fullmatch(ln.text.strip()) else ""
                bucket[-1] = bucket[-1].replace("\ufffe", "-") + space + ln.text
            else:
                bucket.append(ln.text)
        elif prev is not None and bucket and prev.x1 > right - (right - left) * 0.12:
            bucket[-1] = _join([bucket[-1], ln.text])  # the previous line was full: this one wrapped
        else:
            bucket.append(ln.text)
        prev = ln
    _read_contact(items.get("contact", []), profile, report)
    profile.skills = items.get("skills", [])
    for text in items.get("languages", []):
        m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", text)
        profile.languages.append(
            Language(name=m.group(1), proficiency=m.group(2)) if m else Language(name=text)
        )
    profile.certifications = [Certification(name=t) for t in items.get("certifications", [])]
    profile.honors = [Honor(title=t) for t in items.get("honors", [])]


def _read_contact(items: list[str], profile: Profile, report: IngestReport) -> None:
    for item in items:
        item = item.replace("\ufffe", "-").strip()
        kind = URL_KIND.search(item)
        if EMAIL.fullmatch(item):
            profile.email = item
        elif kind:
            url = item[: kind.start()].strip().replace(" ", "")
            if kind.group(1).lower() == "linkedin":
                profile.public_url = url
            else:
                profile.websites.append(url)
        elif PHONE.match(item):
            profile.phone = re.sub(r"\s*\((Mobile|Home|Work)\)$", "", item, flags=re.I)
        else:
            report.findings.append(f"unrecognised contact line: {item[:60]!r}")
