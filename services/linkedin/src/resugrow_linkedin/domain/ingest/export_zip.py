"""LinkedIn "Get a copy of your data" archives (Basic and Complete) read in memory, safely.

Only the files the review needs are ever decompressed; every other entry (messages,
connections, invitations, other people's data) is dropped by name, unread and unstored.
Nothing is extracted to disk.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from resugrow_linkedin.domain.dates import is_present, parse_date
from resugrow_linkedin.domain.ingest.csvtext import decode, read_rows
from resugrow_linkedin.domain.models import (
    Certification,
    Education,
    Honor,
    IngestError,
    IngestReport,
    IngestResult,
    Language,
    Position,
    Profile,
    Project,
    Recommendation,
    Share,
)


@dataclass(frozen=True)
class ZipLimits:
    max_archive_bytes: int = 64 * 1024 * 1024
    max_entries: int = 10_000
    max_declared_total: int = 1024 * 1024 * 1024  # whole archive, as declared by its directory
    max_entry_bytes: int = 8 * 1024 * 1024  # one kept CSV, actually decompressed
    # Every kept CSV together, actually decompressed: nine 15 MB CSVs each under the entry cap
    # once took a minute to read. A real export's kept files total a few MB.
    max_kept_total: int = 24 * 1024 * 1024
    max_ratio: float = 100.0  # compression ratio of a kept entry larger than ``ratio_floor``
    ratio_floor: int = 256 * 1024


DEFAULT_LIMITS = ZipLimits()

# Normalised basename -> (canonical name, header columns that identify the header row).
KEPT_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "profile": ("Profile.csv", ("First Name", "Last Name")),
    "positions": ("Positions.csv", ("Company Name", "Title")),
    "education": ("Education.csv", ("School Name",)),
    "skills": ("Skills.csv", ("Name",)),
    "certifications": ("Certifications.csv", ("Name",)),
    "languages": ("Languages.csv", ("Name",)),
    "projects": ("Projects.csv", ("Title",)),
    "honors": ("Honors.csv", ("Title",)),
    "recommendationsreceived": ("Recommendations_Received.csv", ("Text",)),
    "endorsementreceivedinfo": ("Endorsement_Received_Info.csv", ("Skill Name",)),
    "shares": ("Shares.csv", ("Date",)),
    "comments": ("Comments.csv", ("Date",)),
    "emailaddresses": ("Email Addresses.csv", ("Email Address",)),
    "phonenumbers": ("PhoneNumbers.csv", ("Number",)),
}


def _normalise_name(path: str) -> str:
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    if not base.lower().endswith(".csv"):
        return ""
    return re.sub(r"[\s_\-]+", "", base[:-4]).lower()


def _unsafe_name(name: str) -> bool:
    n = name.replace("\\", "/")
    return n.startswith("/") or bool(re.match(r"^[A-Za-z]:", n)) or ".." in n.split("/") or "\x00" in n


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def read_export(data: bytes, limits: ZipLimits = DEFAULT_LIMITS, *, _depth: int = 0) -> IngestResult:
    archive, infos = _open_checked(data, limits)
    report = IngestReport(kind="export")
    texts = _kept_texts(archive, infos, limits, report)
    if not texts:
        inner = [i for i in infos if i.filename.lower().endswith(".zip") and not _unsafe_name(i.filename)]
        if _depth == 0 and len(inner) == 1 and not (inner[0].flag_bits & 0x1):
            # The archive LinkedIn sent, zipped once more by the user: look one level down only.
            result = read_export(_read_entry(archive, inner[0], limits), limits, _depth=1)
            result.report.findings.insert(0, f"read the export inside {inner[0].filename[:80]!r}")
            return result
        raise IngestError(
            "not_linkedin",
            "the archive holds none of the LinkedIn export files (Profile.csv, Positions.csv, ...)",
        )
    report.files_used.sort()
    profile = _build_profile(texts)
    return IngestResult(profile=profile, report=report)


def _open_checked(data: bytes, limits: ZipLimits) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its entries, once its size, entry count and declared sizes are in bounds."""
    if len(data) > limits.max_archive_bytes:
        raise IngestError(
            "too_large", f"archive is {len(data)} bytes; the limit is {limits.max_archive_bytes}"
        )
    if not is_zip(data):
        raise IngestError("not_a_zip", "the upload is not a ZIP archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError("not_a_zip", f"the ZIP archive is damaged: {exc}") from exc
    if len(infos) > limits.max_entries:
        raise IngestError(
            "unsafe_archive", f"archive has {len(infos)} entries; the limit is {limits.max_entries}"
        )
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_declared_total:
        raise IngestError(
            "unsafe_archive", f"archive expands to {declared} bytes; the limit is {limits.max_declared_total}"
        )
    kept_declared = sum(i.file_size for i in infos if _normalise_name(i.filename) in KEPT_FILES)
    if kept_declared > limits.max_kept_total:
        raise IngestError(
            "unsafe_archive",
            f"the profile files expand to {kept_declared} bytes; the limit is {limits.max_kept_total}",
        )
    return archive, infos


def _kept_texts(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: ZipLimits, report: IngestReport
) -> dict[str, str]:
    """The profile CSVs' texts by key; what is skipped and why goes into the report."""
    texts: dict[str, str] = {}
    kept_bytes = 0
    for info in infos:
        if info.is_dir():
            continue
        if _unsafe_name(info.filename):
            report.findings.append(f"skipped an entry with an unsafe path: {info.filename[:80]!r}")
            continue
        key = _normalise_name(info.filename)
        if key not in KEPT_FILES:
            report.files_dropped += 1
            continue
        if key in texts:
            report.findings.append(f"ignored a second copy of {KEPT_FILES[key][0]}: {info.filename[:80]!r}")
            continue
        if info.flag_bits & 0x1:
            report.findings.append(f"{info.filename[:80]!r} is encrypted and was skipped")
            continue
        raw = _read_entry(archive, info, limits)
        kept_bytes += len(raw)
        if kept_bytes > limits.max_kept_total:  # the directory under-declared the sizes
            raise IngestError(
                "unsafe_archive", f"the profile files expand past {limits.max_kept_total} bytes"
            )
        text, encoding = decode(raw)
        if encoding != "utf-8":
            report.findings.append(f"{KEPT_FILES[key][0]} was not UTF-8; read as {encoding}")
        texts[key] = text
        report.files_used.append(KEPT_FILES[key][0])
    return texts


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ZipLimits) -> bytes:
    if info.file_size > limits.max_entry_bytes:
        raise IngestError(
            "unsafe_archive",
            f"{info.filename[:80]!r} is {info.file_size} bytes; the limit is {limits.max_entry_bytes}",
        )
    try:
        with archive.open(info) as handle:
            # Read one byte past the cap: a directory that under-declares sizes cannot inflate us.
            raw = handle.read(limits.max_entry_bytes + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise IngestError("not_a_zip", f"could not read {info.filename[:80]!r}: {exc}") from exc
    if len(raw) > limits.max_entry_bytes:
        raise IngestError(
            "unsafe_archive", f"{info.filename[:80]!r} expands past {limits.max_entry_bytes} bytes"
        )
    if len(raw) > limits.ratio_floor and len(raw) > limits.max_ratio * max(info.compress_size, 1):
        raise IngestError(
            "unsafe_archive", f"{info.filename[:80]!r} has a compression ratio typical of a zip bomb"
        )
    return raw


def _rows(texts: dict[str, str], key: str) -> list[dict[str, str]]:
    text = texts.get(key)
    if text is None:
        return []
    return read_rows(text, KEPT_FILES[key][1])


def _col(row: dict[str, str], *names: str) -> str:
    for name in names:
        value = row.get(name.lower())
        if value:
            return value
    return ""


def _opt(value: str) -> str | None:
    return value or None


_URL = re.compile(r"https?://[^\s,\]\[\"']+|www\.[^\s,\]\[\"']+", re.I)


def _dedupe(items: list, key: Callable) -> list:  # type: ignore[type-arg]
    seen: set[object] = set()
    out = []
    for item in items:
        k = key(item)
        if k in seen:
            continue
        seen.add(k)
        out.append(item)
    return out


def _build_profile(texts: dict[str, str]) -> Profile:
    profile = Profile(source="export")
    _read_identity(profile, texts)
    _read_career(profile, texts)
    _read_extras(profile, texts)
    _read_activity(profile, texts)
    _read_contact(profile, texts)
    return profile


def _read_identity(profile: Profile, texts: dict[str, str]) -> None:
    prof_rows = _rows(texts, "profile")
    if prof_rows:
        row = prof_rows[0]
        profile.first_name = _col(row, "first name")
        profile.last_name = _col(row, "last name")
        profile.headline = _col(row, "headline")
        profile.summary = _col(row, "summary")
        profile.industry = _opt(_col(row, "industry"))
        profile.location = _opt(_col(row, "geo location", "location", "address"))
        urls = _URL.findall(_col(row, "websites"))
        profile.websites = _dedupe([u.rstrip(".") for u in urls], lambda u: u.lower())
        for url in [*urls, _col(row, "public profile url", "profile url")]:
            if "linkedin.com/in/" in url.lower():
                profile.public_url = url


def _read_career(profile: Profile, texts: dict[str, str]) -> None:
    for row in _rows(texts, "positions"):
        finished = _col(row, "finished on")
        profile.positions.append(
            Position(
                company=_col(row, "company name"),
                title=_col(row, "title"),
                start=parse_date(_col(row, "started on")),
                end=parse_date(finished),
                current=not finished or is_present(finished),
                location=_opt(_col(row, "location")),
                description=_col(row, "description"),
            )
        )
    profile.positions = _dedupe(profile.positions, lambda p: (p.company.lower(), p.title.lower(), p.start))
    for row in _rows(texts, "education"):
        degree_text = _col(row, "degree name")
        degree, _, field = degree_text.partition(",") if "," in degree_text else (degree_text, "", "")
        profile.education.append(
            Education(
                school=_col(row, "school name"),
                degree=_opt(degree.strip()),
                field=_opt(field.strip() or _col(row, "field of study")),
                start=parse_date(_col(row, "start date")),
                end=parse_date(_col(row, "end date")),
                notes=_opt(_col(row, "notes", "activities")),
            )
        )
    profile.education = _dedupe(profile.education, lambda e: (e.school.lower(), e.degree, e.start))
    profile.skills = _dedupe(
        [s for r in _rows(texts, "skills") if (s := _col(r, "name"))], lambda s: s.lower()
    )
    for row in _rows(texts, "certifications"):
        profile.certifications.append(
            Certification(
                name=_col(row, "name"),
                authority=_opt(_col(row, "authority")),
                start=parse_date(_col(row, "started on")),
                end=parse_date(_col(row, "finished on")),
                url=_opt(_col(row, "url")),
            )
        )
    profile.certifications = _dedupe([c for c in profile.certifications if c.name], lambda c: c.name.lower())


def _read_extras(profile: Profile, texts: dict[str, str]) -> None:
    profile.languages = _dedupe(
        [
            Language(name=n, proficiency=_opt(_col(r, "proficiency")))
            for r in _rows(texts, "languages")
            if (n := _col(r, "name"))
        ],
        lambda lang: lang.name.lower(),
    )
    profile.projects = _dedupe(
        [
            Project(
                title=t,
                description=_col(r, "description"),
                url=_opt(_col(r, "url")),
                start=parse_date(_col(r, "started on")),
                end=parse_date(_col(r, "finished on")),
            )
            for r in _rows(texts, "projects")
            if (t := _col(r, "title"))
        ],
        lambda p: p.title.lower(),
    )
    profile.honors = _dedupe(
        [
            Honor(
                title=t,
                issuer=_opt(_col(r, "issuer")),
                date=parse_date(_col(r, "issued on")),
                description=_col(r, "description"),
            )
            for r in _rows(texts, "honors")
            if (t := _col(r, "title"))
        ],
        lambda h: h.title.lower(),
    )
    profile.recommendations = [
        Recommendation(
            date=parse_date(_col(r, "creation date")),
            visible=_col(r, "status").upper() != "HIDDEN",
            text_length=len(_col(r, "text")),
        )
        for r in _rows(texts, "recommendationsreceived")
        if _col(r, "text")
    ]
    counts: dict[str, int] = {}
    for row in _rows(texts, "endorsementreceivedinfo"):
        skill = _col(row, "skill name")
        if skill and _col(row, "endorsement status").upper() not in {"REJECTED", "HIDDEN"}:
            counts[skill] = counts.get(skill, 0) + 1
    profile.endorsements = dict(sorted(counts.items()))


def _read_activity(profile: Profile, texts: dict[str, str]) -> None:
    if "shares" in texts:
        shares = []
        for row in _rows(texts, "shares"):
            day = parse_date(_col(row, "date"))
            if day and len(day) == 10:
                # Values are already clean here; skip re-validation of hundreds of posts.
                shares.append(
                    Share.model_construct(
                        date=day, chars=len(_col(row, "sharecommentary", "share commentary"))
                    )
                )
        profile.shares = sorted(shares, key=lambda s: s.date, reverse=True)
    if "comments" in texts:
        # Only when the user commented; the comment text and the post it answered are not kept.
        days = [
            d for row in _rows(texts, "comments") if (d := parse_date(_col(row, "date"))) and len(d) == 10
        ]
        profile.comment_dates = sorted(days, reverse=True)


def _read_contact(profile: Profile, texts: dict[str, str]) -> None:
    emails = _rows(texts, "emailaddresses")
    primary = [r for r in emails if _col(r, "primary").lower() == "yes"] or emails
    if primary:
        profile.email = _opt(_col(primary[0], "email address"))
    phones = _rows(texts, "phonenumbers")
    if phones:
        profile.phone = _opt(_col(phones[0], "number"))
