"""Applications as the user describes them: field normalisation and the natural key.

The natural key is what makes re-import idempotent: the same job from the same file (or the
same job exported by another tool with its own id) hashes to the same key for one user.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from resugrow_tracker.domain.history import Move, ordered
from resugrow_tracker.domain.salary import Salary
from resugrow_tracker.domain.stages import FUNNEL_RANK, PROVES_APPLIED

REMOTE_VALUES = ("remote", "hybrid", "onsite")
_REMOTE: dict[str, str] = {
    "remote": "remote", "fully remote": "remote", "100 remote": "remote", "wfh": "remote", "yes": "remote",
    "true": "remote", "y": "remote", "work from home": "remote", "telecommute": "remote", "anywhere": "remote",
    "remote first": "remote", "distributed": "remote",
    "hybrid": "hybrid", "partly remote": "hybrid", "partial": "hybrid", "flexible": "hybrid",
    "onsite": "onsite", "on site": "onsite", "on-site": "onsite", "in office": "onsite", "office": "onsite",
    "in person": "onsite", "no": "onsite", "false": "onsite", "n": "onsite",
}  # fmt: skip
_PRIORITY: dict[str, int] = {
    "none": 0, "": 0, "low": 1, "lo": 1, "l": 1, "medium": 2, "med": 2, "normal": 2, "m": 2, "mid": 2,
    "high": 3, "hi": 3, "h": 3, "urgent": 3, "top": 3, "dream": 3,
}  # fmt: skip
_TRACKING_PARAMS = re.compile(
    r"^(utm_.*|ref|refid|trackingid|trk|src|source|gh_src|lever-source.*|fbclid|gclid)$", re.I
)


def normalise_remote(value: str | bool | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "remote" if value else "onsite"
    key = re.sub(r"[^a-z0-9 ]+", " ", value.lower()).strip()
    key = re.sub(r"\s+", " ", key)
    if not key:
        return None
    if key in _REMOTE:
        return _REMOTE[key]
    if "hybrid" in key:
        return "hybrid"
    if "remote" in key:
        return "remote"
    if "site" in key or "office" in key:
        return "onsite"
    raise ValueError(f"expected remote, hybrid or onsite, got {value!r}")


def normalise_priority(value: str | int | None) -> int | None:
    """0 (none) .. 3 (high); numbers above 3 and star ratings are clamped."""
    if value is None:
        return None
    if isinstance(value, int):
        return max(0, min(3, value))
    s = value.strip().lower()
    if not s:
        return None
    if set(s) <= {"★", "☆", "*"}:
        return min(3, s.count("★") + s.count("*"))
    if re.fullmatch(r"\d+(\.0+)?", s):
        return max(0, min(3, int(float(s))))
    if s in _PRIORITY:
        return _PRIORITY[s]
    raise ValueError(f"expected low, medium, high or 0-3, got {value!r}")


def canonical_url(url: str | None) -> str | None:
    """The job URL without tracking parameters or fragments, so the same posting compares equal."""
    if not url or not url.strip():
        return None
    raw = url.strip()
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if not parts.hostname or "." not in parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    m = re.search(r"/jobs/view/(?:[^/]*?-)?(\d+)", path)
    if host.endswith("linkedin.com") and m:
        return f"https://linkedin.com/jobs/view/{m.group(1)}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMS.match(k)))
    return urlunsplit(("https", host, path, query, ""))


def _norm_text(text: str | None) -> str:
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"\b(inc|llc|ltd|gmbh|corp|corporation|co|plc|sa|ag|bv)\b\.?", " ", folded)
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


def natural_key(
    *,
    company: str,
    role: str,
    job_url: str | None = None,
    applied_on: datetime | None = None,
    external_id: str | None = None,
) -> str:
    """Stable per job: an external id when the export has one, else company, role, URL and day."""
    if external_id:
        basis = f"ext|{external_id.strip()}"
    else:
        day = applied_on.date().isoformat() if applied_on else ""
        basis = f"job|{_norm_text(company)}|{_norm_text(role)}|{canonical_url(job_url) or ''}|{day}"
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


@dataclass
class ContactDraft:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    linkedin_url: str | None = None


@dataclass
class NoteDraft:
    text: str
    at: datetime | None = None


@dataclass
class InterviewDraft:
    scheduled_at: datetime
    type: str = "other"
    title: str | None = None


@dataclass
class TaskDraft:
    title: str
    due_at: datetime | None = None
    done: bool = False


@dataclass
class ApplicationDraft:
    """A validated application ready to store, from a form, an import row or a clipped page."""

    company: str
    role: str
    moves: list[Move]
    location: str | None = None
    remote: str | None = None
    salary: Salary | None = None
    source: str | None = None
    job_url: str | None = None
    job_description: str | None = None
    resume_id: str | None = None
    resume_version: int | None = None
    resume_label: str | None = None
    cover_letter: str | None = None
    priority: int | None = None
    deadline: datetime | None = None
    custom_fields: dict[str, str] = field(default_factory=dict)
    contacts: list[ContactDraft] = field(default_factory=list)
    notes: list[NoteDraft] = field(default_factory=list)
    interviews: list[InterviewDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    external_id: str | None = None
    row: int | None = None

    @property
    def applied_on(self) -> datetime | None:
        for m in ordered(self.moves):
            rank = FUNNEL_RANK[m.to]
            if (rank is not None and rank >= 1) or m.to in PROVES_APPLIED:
                return m.at
        return None

    def key(self) -> str:
        return natural_key(
            company=self.company,
            role=self.role,
            job_url=self.job_url,
            applied_on=self.applied_on,
            external_id=self.external_id,
        )


def resume_group_label(
    resume_label: str | None, resume_id: str | None, resume_version: int | None
) -> str | None:
    """The key analytics groups by: the user's own name for the resume, else id and version."""
    if resume_label:
        return resume_label
    if resume_id:
        return f"{resume_id}@v{resume_version}" if resume_version is not None else resume_id
    return None
