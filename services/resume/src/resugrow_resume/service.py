"""Use cases of the resume service: one transaction per command, events through the outbox.

Stored shapes (every document carries ``user_id`` and every query filters by it):

* ``resumes``: one per master or variant: title, kind, ``master_id``, ``latest_version``,
  ``latest_ats`` (the newest scan of any version, for the dashboard).
* ``resume_versions``: immutable, ``{resume_id}:{n}``. A master version holds the document as
  canonical JSON text (JSON Resume keys such as ``$schema`` are not valid Mongo field names
  everywhere, and text keeps the bytes exact); a variant version holds its overlay operations
  and the master version they were computed against. ``ats`` is the latest scan of that version.
* ``cover_letters``: the letter's words, tied to a resume (and optionally a job application).
* ``renders``: asynchronous render jobs and the artifacts they produced.
* GridFS bucket ``artifacts``: rendered files under their content key (see ``documents.render_key``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from resugrow_events import Envelope, RenderRequestedV1, ResumeRenderedV1, ResumeUpdatedV1
from resugrow_events.envelope import new_event_id
from resugrow_events.payloads.resume import RenderedArtifact
from resugrow_platform import (
    BadRequest,
    Conflict,
    NotFound,
    PayloadTooLarge,
    ProblemError,
    ServicePlatform,
    UnitOfWork,
    Unprocessable,
    UnsupportedMediaType,
)
from resugrow_platform.sandbox import run_bounded
from resugrow_resume.adapters.artifacts import ArtifactStore, BackgroundWrites, StoredArtifact
from resugrow_resume.adapters.renderer import Renderer, engine_fingerprint
from resugrow_resume.adapters.repository import COVER_LETTERS, RENDERS, RESUMES, VERSIONS, version_id
from resugrow_resume.domain import overlay
from resugrow_resume.domain.documents import (
    RenderSpec,
    canonical_json,
    download_name,
    render_key,
    validate_letter,
)
from resugrow_resume.domain.importers import EXPORT_FORMATS, ImportFailed, export_document, import_document
from resugrow_resume.domain.model import ResumeInvalid, normalize
from resugrow_resume.domain.projection import project
from resugrow_resume.settings import ResumeSettings

MASTER, VARIANT = "master", "variant"
DEFAULT_TEMPLATE = "classic"
_IMPORT_MEDIA = ("application/json", "text/json", "application/yaml", "application/x-yaml", "text/yaml",
                 "text/x-yaml", "text/plain", "application/octet-stream", "")  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- error translation ----------------------------------------------------------------------


def _invalid(exc: ResumeInvalid, prefix: list[str | int]) -> ProblemError:
    errors = [{**err, "loc": [*prefix, *err["loc"]]} for err in exc.errors]
    if exc.too_large:
        return PayloadTooLarge(str(exc), errors=errors)
    return Unprocessable(f"The document is invalid: {exc}", errors=errors)


def _validated(data: Any, prefix: list[str | int]) -> dict[str, Any]:
    try:
        return normalize(data)
    except ResumeInvalid as exc:
        raise _invalid(exc, prefix) from None


def render_problem(exc: Exception) -> ProblemError:
    """Render engine failures as problem documents naming the template, format or character."""
    from resugrow_resume.domain import render

    info = exc.to_dict() if isinstance(exc, render.RenderError) else {"detail": str(exc)}
    detail = info.pop("detail", str(exc))
    code = info.pop("code", "render_error")
    loc = {
        "unknown_template": ["body", "template"],
        "unsupported_format": ["body", "format"],
        "invalid_render_options": ["body", str(info.get("field", ""))],
        "cannot_fit": ["body", "fit_pages"],
        "missing_glyph": ["resume", *(str(info.get("path") or "").split(".") if info.get("path") else [])],
    }.get(code, [])
    if isinstance(exc, render.RenderTimeout):
        return ProblemError(
            503, "Service Unavailable", detail, code=code, headers={"Retry-After": "5"}, **info
        )
    return Unprocessable(detail, code=code, errors=[{"loc": loc, "msg": detail, "type": code}], **info)


# --- reading --------------------------------------------------------------------------------


async def _resume(platform: ServicePlatform, user_id: str, resume_id: str) -> dict[str, Any]:
    doc: dict[str, Any] | None = await platform.db[RESUMES].find_one({"_id": resume_id, "user_id": user_id})
    if doc is None:
        raise NotFound(f"No resume {resume_id!r}.")
    return doc


async def _version(platform: ServicePlatform, user_id: str, resume_id: str, version: int) -> dict[str, Any]:
    doc: dict[str, Any] | None = await platform.db[VERSIONS].find_one(
        {"_id": version_id(resume_id, version), "user_id": user_id}
    )
    if doc is None:
        raise NotFound(f"Resume {resume_id!r} has no version {version}.")
    return doc


@dataclass
class Materialized:
    content: dict[str, Any]
    master_version: int | None = None
    overrides: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)


async def _materialize(
    platform: ServicePlatform,
    user_id: str,
    resume: dict[str, Any],
    version: dict[str, Any],
    *,
    master_version: int | None = None,
) -> Materialized:
    """A master version as stored; a variant version resolved against the master (now, or pinned)."""
    if resume["kind"] == MASTER:
        return Materialized(json.loads(version["content"]))
    master = await _resume(platform, user_id, resume["master_id"])
    pinned = master_version or master["latest_version"]
    base = await _master_content(platform, user_id, master, version["base_version"])
    current = (
        base
        if pinned == version["base_version"]
        else await _master_content(platform, user_id, master, pinned)
    )
    ops = json.loads(version["overlay"])
    resolved = overlay.resolve(base, current, ops)
    return Materialized(resolved.document, pinned, overlay.overridden_paths(ops), resolved.orphaned)


async def _master_content(
    platform: ServicePlatform, user_id: str, master: dict[str, Any], version: int
) -> dict[str, Any]:
    # The master's latest document rides on its resume document: the common read costs no extra query.
    if version == master["latest_version"] and "content" in master:
        content: dict[str, Any] = json.loads(master["content"])
        return content
    loaded: dict[str, Any] = json.loads(
        (await _version(platform, user_id, master["_id"], version))["content"]
    )
    return loaded


def _ats_view(ats: dict[str, Any] | None) -> dict[str, Any] | None:
    if not ats:
        return None
    return {k: ats.get(k) for k in ("score", "algo_version", "scan_id", "findings_count", "layout_risks",
                                    "scanned_at", "version") if k in ats}  # fmt: skip


def _summary_view(resume: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": resume["_id"],
        "kind": resume["kind"],
        "title": resume["title"],
        "master_id": resume.get("master_id"),
        "job": resume.get("job"),
        "latest_version": resume["latest_version"],
        "created_at": resume["created_at"],
        "updated_at": resume["updated_at"],
        "latest_ats": _ats_view(resume.get("latest_ats")),
    }


def _resume_view(resume: dict[str, Any], version: dict[str, Any], mat: Materialized) -> dict[str, Any]:
    view = _summary_view(resume)
    view.update(
        {
            "version": version["version"],
            "version_created_at": version["created_at"],
            "ats": _ats_view(version.get("ats")),
            "resume": mat.content,
        }
    )
    if resume["kind"] == VARIANT:
        view["variant"] = {
            "master_id": resume["master_id"],
            "base_version": version["base_version"],
            "master_version": mat.master_version,
            "overrides": mat.overrides,
            "orphaned": mat.orphaned,
        }
    return view


async def get_resume(
    platform: ServicePlatform, *, user_id: str, resume_id: str, version: int | None = None
) -> dict[str, Any]:
    resume = await _resume(platform, user_id, resume_id)
    doc = await _version(platform, user_id, resume_id, version or resume["latest_version"])
    return _resume_view(resume, doc, await _materialize(platform, user_id, resume, doc))


async def list_resumes(
    platform: ServicePlatform, *, user_id: str, limit: int, offset: int, kind: str | None = None
) -> dict[str, Any]:
    query: dict[str, Any] = {"user_id": user_id}
    if kind:
        query["kind"] = kind
    cursor = (
        platform.db[RESUMES]
        .find(query, {"content": 0})
        .sort([("updated_at", -1), ("_id", -1)])
        .skip(offset)
        .limit(limit)
    )
    items = [_summary_view(doc) async for doc in cursor]
    total = await platform.db[RESUMES].count_documents(query)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


async def resume_summary(platform: ServicePlatform, *, user_id: str, limit: int) -> dict[str, Any]:
    """The dashboard section: the latest resumes with the newest ATS score of each."""
    cursor = (
        platform.db[RESUMES]
        .find({"user_id": user_id}, {"content": 0})
        .sort([("updated_at", -1), ("_id", -1)])
        .limit(limit)
    )
    items = []
    async for doc in cursor:
        ats = doc.get("latest_ats") or {}
        items.append(
            {
                "id": doc["_id"],
                "title": doc["title"],
                "kind": doc["kind"],
                "latest_version": doc["latest_version"],
                "updated_at": doc["updated_at"],
                "ats_score": ats.get("score"),
                "ats_version": ats.get("version"),
                "ats_scanned_at": ats.get("scanned_at"),
            }
        )
    total = await platform.db[RESUMES].count_documents({"user_id": user_id})
    return {"items": items, "total": total}


# --- commands -------------------------------------------------------------------------------


def _default_title(content: dict[str, Any]) -> str:
    basics = content.get("basics") or {}
    parts = [p for p in (basics.get("name"), basics.get("label")) if isinstance(p, str) and p.strip()]
    return " - ".join(parts)[:200] or "Untitled resume"


def _check_title(title: Any) -> str | None:
    if title is None:
        return None
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        raise Unprocessable(
            "title must be 1-200 characters", errors=[{"loc": ["body", "title"], "msg": "1-200 characters"}]
        )
    return title.strip()


def _publish_updated(
    uow: UnitOfWork,
    *,
    user_id: str,
    resume: dict[str, Any],
    version: int,
    content: dict[str, Any],
    at: datetime,
    master_version: int | None = None,
) -> None:
    p = project(content)
    uow.publish(
        ResumeUpdatedV1(
            resume_id=resume["_id"],
            version=version,
            master_version=master_version,
            title=resume["title"],
            is_variant=resume["kind"] == VARIANT,
            master_id=resume.get("master_id"),
            name=p.name,
            headline=p.headline,
            positions=p.positions,
            skills=p.skills,
            text=p.text,
            updated_at=at,
        ),
        subject=resume["_id"],
        user_id=user_id,
    )


def _version_doc(
    resume: dict[str, Any], n: int, at: datetime, *, content: dict[str, Any] | None = None,
    ops: list[Any] | None = None, base_version: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    doc: dict[str, Any] = {
        "_id": version_id(resume["_id"], n),
        "resume_id": resume["_id"],
        "user_id": resume["user_id"],
        "version": n,
        "created_at": at,
        "ats": None,
    }
    if content is not None:
        doc["content"] = _dumps(content)
        doc["sha256"] = hashlib.sha256(canonical_json(content)).hexdigest()
    else:
        doc["overlay"] = _dumps(ops or [])
        doc["base_version"] = base_version
    return doc


async def create_resume(
    platform: ServicePlatform, *, user_id: str, resume: Any, title: str | None = None,
    prefix: list[str | int] | None = None,
) -> dict[str, Any]:  # fmt: skip
    content = _validated(resume, prefix if prefix is not None else ["body", "resume"])
    at = _now()
    doc = {
        "_id": new_event_id(),
        "user_id": user_id,
        "kind": MASTER,
        "master_id": None,
        "title": _check_title(title) or _default_title(content),
        "latest_version": 1,
        "created_at": at,
        "updated_at": at,
        "latest_ats": None,
    }
    version = _version_doc(doc, 1, at, content=content)
    doc["content"] = version["content"]
    async with platform.unit_of_work() as uow:
        await uow.db[RESUMES].insert_one(doc, session=uow.session)
        await uow.db[VERSIONS].insert_one(version, session=uow.session)
        _publish_updated(uow, user_id=user_id, resume=doc, version=1, content=content, at=at)
    return _resume_view(doc, version, Materialized(content))


async def _write_version(
    platform: ServicePlatform,
    *,
    user_id: str,
    resume: dict[str, Any],
    content: dict[str, Any],
    title: str | None,
) -> dict[str, Any]:
    """Append version n+1 (optimistically: a concurrent writer makes this a 409, never a lost update)."""
    current_n = resume["latest_version"]
    current = await _version(platform, user_id, resume["_id"], current_n)
    mat = await _materialize(platform, user_id, resume, current)
    at = _now()
    if mat.content == content:
        # Nothing changed: no new version, no event (a retried PUT is harmless).
        if title and title != resume["title"]:
            await platform.db[RESUMES].update_one(
                {"_id": resume["_id"], "user_id": user_id}, {"$set": {"title": title, "updated_at": at}}
            )
            resume = {**resume, "title": title, "updated_at": at}
        return _resume_view(resume, current, mat)
    n = current_n + 1
    latest: dict[str, Any] = {}
    if resume["kind"] == MASTER:
        version = _version_doc(resume, n, at, content=content)
        new_mat = Materialized(content)
        latest["content"] = version["content"]
    else:
        master = await _resume(platform, user_id, resume["master_id"])
        master_content = await _master_content(platform, user_id, master, master["latest_version"])
        ops = overlay.diff(master_content, content)
        version = _version_doc(resume, n, at, ops=ops, base_version=master["latest_version"])
        new_mat = Materialized(content, master["latest_version"], overlay.overridden_paths(ops))
    updated = {**resume, "latest_version": n, "updated_at": at, "title": title or resume["title"]}
    inherited = (
        await _variants_after(platform, user_id, resume, content, n) if resume["kind"] == MASTER else []
    )
    async with platform.unit_of_work() as uow:
        result = await uow.db[RESUMES].update_one(
            {"_id": resume["_id"], "user_id": user_id, "latest_version": current_n},
            {"$set": {"latest_version": n, "updated_at": at, "title": updated["title"], **latest}},
            session=uow.session,
        )
        if result.matched_count == 0:
            raise Conflict("The resume was changed by another request; reload it and try again.")
        await uow.db[VERSIONS].insert_one(version, session=uow.session)
        _publish_updated(uow, user_id=user_id, resume=updated, version=n, content=content, at=at)
        for variant, variant_content in inherited:
            # The variant's own version is unchanged, but its resolved words changed with the master:
            # consumers that keep a projection of it must hear about it.
            _publish_updated(
                uow, user_id=user_id, resume=variant, version=variant["latest_version"], content=variant_content,
                at=at, master_version=n,
            )  # fmt: skip
    return _resume_view(updated, version, new_mat)


async def _variants_after(
    platform: ServicePlatform, user_id: str, master: dict[str, Any], new_content: dict[str, Any], new_n: int
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each variant of ``master`` as it resolves once ``new_content`` is the master's version ``new_n``."""
    out = []
    async for variant in platform.db[RESUMES].find(
        {"user_id": user_id, "master_id": master["_id"]}, {"content": 0}
    ):
        head = await _version(platform, user_id, variant["_id"], variant["latest_version"])
        base = await _master_content(platform, user_id, master, head["base_version"])
        resolved = overlay.resolve(base, new_content, json.loads(head["overlay"]))
        out.append((variant, resolved.document))
    return out


async def replace_resume(
    platform: ServicePlatform, *, user_id: str, resume_id: str, resume: Any, title: str | None = None
) -> dict[str, Any]:
    doc = await _resume(platform, user_id, resume_id)
    content = _validated(resume, ["body", "resume"])
    return await _write_version(
        platform, user_id=user_id, resume=doc, content=content, title=_check_title(title)
    )


async def patch_resume(
    platform: ServicePlatform, *, user_id: str, resume_id: str, patch: dict[str, Any]
) -> dict[str, Any]:
    """JSON Merge Patch (RFC 7396) of ``{"title", "resume"}``: applied to the current (resolved) document."""
    doc = await _resume(platform, user_id, resume_id)
    unknown = sorted(set(patch) - {"title", "resume"})
    if unknown:
        raise Unprocessable(
            f"unknown field(s): {', '.join(unknown)}",
            errors=[{"loc": ["body", key], "msg": "unknown field"} for key in unknown],
        )
    current = await _version(platform, user_id, resume_id, doc["latest_version"])
    mat = await _materialize(platform, user_id, doc, current)
    if "resume" in patch and not isinstance(patch["resume"], dict):
        raise Unprocessable(
            "resume must be an object", errors=[{"loc": ["body", "resume"], "msg": "must be an object"}]
        )
    merged = overlay.merge_patch(mat.content, patch.get("resume") or {})
    content = _validated(merged, ["body", "resume"])
    return await _write_version(
        platform, user_id=user_id, resume=doc, content=content, title=_check_title(patch.get("title"))
    )


async def create_variant(
    platform: ServicePlatform, *, user_id: str, master_id: str, title: str | None,
    job: dict[str, Any] | None, patch: dict[str, Any] | None, resume: dict[str, Any] | None,
) -> dict[str, Any]:  # fmt: skip
    master = await _resume(platform, user_id, master_id)
    if master["kind"] != MASTER:
        raise Unprocessable(
            "Variants derive from a master resume; this one is itself a variant.",
            errors=[{"loc": ["path", "resume_id"], "msg": "not a master resume"}],
        )
    if patch is not None and resume is not None:
        raise Unprocessable(
            'give "patch" or "resume", not both', errors=[{"loc": ["body"], "msg": "patch or resume"}]
        )
    base_n = master["latest_version"]
    base = await _master_content(platform, user_id, master, base_n)
    if resume is not None:
        content = _validated(resume, ["body", "resume"])
    else:
        content = _validated(overlay.merge_patch(base, patch or {}), ["body", "patch"])
    ops = overlay.diff(base, content)
    at = _now()
    doc = {
        "_id": new_event_id(),
        "user_id": user_id,
        "kind": VARIANT,
        "master_id": master_id,
        "job": job,
        "title": _check_title(title) or _variant_title(master["title"], job),
        "latest_version": 1,
        "created_at": at,
        "updated_at": at,
        "latest_ats": None,
    }
    version = _version_doc(doc, 1, at, ops=ops, base_version=base_n)
    async with platform.unit_of_work() as uow:
        await uow.db[RESUMES].insert_one(doc, session=uow.session)
        await uow.db[VERSIONS].insert_one(version, session=uow.session)
        _publish_updated(uow, user_id=user_id, resume=doc, version=1, content=content, at=at)
    return _resume_view(doc, version, Materialized(content, base_n, overlay.overridden_paths(ops)))


def _variant_title(master_title: str, job: dict[str, Any] | None) -> str:
    target = " at ".join(str(job[k]) for k in ("title", "company") if job and job.get(k))
    return f"{master_title} ({target or 'tailored'})"[:200]


async def delete_resume(platform: ServicePlatform, *, user_id: str, resume_id: str) -> None:
    await _resume(platform, user_id, resume_id)
    variants = [
        d["_id"] async for d in platform.db[RESUMES].find({"user_id": user_id, "master_id": resume_id})
    ]
    letters = [
        d["_id"] async for d in platform.db[COVER_LETTERS].find({"user_id": user_id, "resume_id": resume_id})
    ]
    if variants or letters:
        # Deleting a master would silently take its tailored variants and letters with it.
        raise Conflict(
            "Delete the resume's variants and cover letters first.", variants=variants, cover_letters=letters
        )
    async with platform.unit_of_work() as uow:
        await uow.db[RESUMES].delete_one({"_id": resume_id, "user_id": user_id}, session=uow.session)
        await uow.db[VERSIONS].delete_many({"resume_id": resume_id, "user_id": user_id}, session=uow.session)
        await uow.db[RENDERS].delete_many({"resume_id": resume_id, "user_id": user_id}, session=uow.session)


# --- import / export ------------------------------------------------------------------------


async def import_resume(
    platform: ServicePlatform, *, user_id: str, raw: bytes, content_type: str | None, declared: str | None,
    title: str | None,
) -> dict[str, Any]:  # fmt: skip
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in _IMPORT_MEDIA:
        raise UnsupportedMediaType(
            f"Import accepts JSON Resume (application/json) or RenderCV YAML (application/yaml), not {media}."
        )
    try:
        # In a worker process under a time and memory budget: a hostile file never stalls the loop.
        result = await run_bounded("resume-import", import_document, raw, content_type, declared, timeout=8.0)
    except ImportFailed as exc:
        if exc.too_large:
            raise PayloadTooLarge(exc.message) from None
        raise BadRequest(exc.message, errors=exc.errors) from None
    except ResumeInvalid as exc:
        raise _invalid(exc, ["body"]) from None
    view = await create_resume(
        platform, user_id=user_id, resume=result.resume, title=title or result.title, prefix=["body"]
    )
    view["import"] = {"format": result.format, "warnings": result.warnings}
    return view


async def export_resume(
    platform: ServicePlatform, *, user_id: str, resume_id: str, fmt: str, version: int | None
) -> tuple[dict[str, Any], str]:
    if fmt not in EXPORT_FORMATS:
        raise Unprocessable(
            f"unknown export format {fmt!r} (use one of: {', '.join(EXPORT_FORMATS)})",
            errors=[{"loc": ["query", "format"], "msg": "unknown export format"}],
        )
    view = await get_resume(platform, user_id=user_id, resume_id=resume_id, version=version)
    body = export_document(view["resume"], fmt, title=view["title"])
    return body, download_name(view["title"], fmt, "json")


# --- rendering ------------------------------------------------------------------------------


def background_writes(platform: ServicePlatform) -> BackgroundWrites:
    writes: BackgroundWrites = platform.app.state.background_writes
    return writes


def renderer_of(platform: ServicePlatform) -> Renderer:
    renderer: Renderer = platform.app.state.renderer
    return renderer


def artifacts_of(platform: ServicePlatform) -> ArtifactStore:
    settings: ResumeSettings = platform.settings  # type: ignore[assignment]
    return ArtifactStore(platform.db, settings.artifact_bucket)


def _check_spec(spec: RenderSpec, template: str) -> None:
    """Refuse what the engine would refuse, before anything is stored or queued."""
    from resugrow_resume.domain import render

    for fmt in spec.format_list:
        if fmt not in render.FORMATS:
            raise render_problem(render.UnsupportedFormat(fmt, render.FORMATS))
    if template not in render.TEMPLATES:
        raise render_problem(render.UnknownTemplate(template, tuple(render.TEMPLATES)))
    bad: tuple[str, str] | None = None
    if spec.page_size is not None and spec.page_size not in render.PAGE_SIZES:
        bad = ("page_size", f"expected one of {', '.join(render.PAGE_SIZES)}")
    elif spec.fit_pages is not None and not 1 <= spec.fit_pages <= render.MAX_FIT_PAGES:
        bad = ("fit_pages", f"must be between 1 and {render.MAX_FIT_PAGES}")
    elif spec.page < 1:
        bad = ("page", "must be 1 or more")
    elif spec.pdf_standard is not None and spec.pdf_standard not in ("a-2b", "ua-1"):
        bad = ("pdf_standard", "expected 'a-2b' or 'ua-1'")
    if bad is not None:
        raise render_problem(render.InvalidRenderOptions(*bad))
    if spec.locale is not None:
        from resugrow_resume.domain.render.locale import resolve_locale

        try:
            resolve_locale(spec.locale)
        except render.RenderError as exc:
            raise render_problem(exc) from None


def _template_for(spec: RenderSpec, content: dict[str, Any]) -> str:
    if spec.template:
        return spec.template
    meta = content.get("meta") or {}
    theme = meta.get("template") if isinstance(meta, dict) else None
    from resugrow_resume.domain import render

    return theme if isinstance(theme, str) and theme in render.TEMPLATES else DEFAULT_TEMPLATE


def _options(fmt: str, template: str, opts: dict[str, Any]) -> Any:
    from resugrow_resume.domain.render import RenderOptions

    return RenderOptions(
        format=fmt,
        template=template,
        page_size=opts.get("page_size"),
        locale=opts.get("locale") or "en",
        fit_pages=opts.get("fit_pages"),
        page=opts.get("page") or 1,
        pdf_standard=opts.get("pdf_standard"),
    )


@dataclass
class RenderTarget:
    kind: str  # "resume" | "cover_letter"
    resume: dict[str, Any]
    version: int
    content: dict[str, Any]
    master_version: int | None
    letter_doc: dict[str, Any] | None = None

    @property
    def title(self) -> str:
        if self.letter_doc is not None:
            return str(self.letter_doc["title"])
        return str(self.resume["title"])


@dataclass
class RenderedFile:
    content: bytes
    media_type: str
    filename: str
    artifact: dict[str, Any]


async def _produce(
    platform: ServicePlatform, *, user_id: str, target: RenderTarget, fmt: str, template: str, opts: dict[str, Any],
    render_id: str | None = None, want_bytes: bool = True,
) -> tuple[dict[str, Any], bytes | None]:  # fmt: skip
    """One artifact: reused from GridFS when this exact input was rendered before, else rendered."""
    options = _options(fmt, template, opts)
    letter = target.letter_doc["letter"] if target.letter_doc else None
    key = render_key(
        user_id=user_id, kind=target.kind, resume=target.content, letter=letter,
        options=asdict(options), engine=engine_fingerprint(),
    )  # fmt: skip
    store = artifacts_of(platform)
    found = await store.find(key, user_id=user_id)
    if found is not None:
        data = await store.read(found) if want_bytes else None
        if data is not None or not want_bytes:
            return {**_artifact_view(key, found.size, found.metadata), "reused": True}, data
        # Erased between the lookup and the read: render it again below.
    try:
        result = await renderer_of(platform).render(target.kind, target.content, letter, options)
    except Exception as exc:
        from resugrow_resume.domain.render import RenderError

        if isinstance(exc, RenderError):
            raise render_problem(exc) from None
        raise
    metadata = {
        "user_id": user_id,
        "kind": target.kind,
        "resume_id": target.resume["_id"],
        "version": target.version,
        "cover_letter_id": target.letter_doc["_id"] if target.letter_doc else None,
        "render_id": render_id,
        "format": fmt,
        "template": template,
        "media_type": result.media_type,
        "extension": result.extension,
        "sha256": hashlib.sha256(result.content).hexdigest(),
        "pages": result.pages,
        "overflow": result.overflow,
        "fit_report": result.fit_report,
        "verification": result.verification,
        "filename": download_name(target.title, template, result.extension),
    }
    if render_id is None:
        # A direct render answers as soon as the bytes exist; storing them (four round trips)
        # only serves the next identical request, so it finishes in the background.
        background_writes(platform).spawn(
            _store_unless_erased(
                platform, store, key, result.content, metadata, resume_id=target.resume["_id"]
            )
        )
    else:
        await store.put(key, metadata["filename"], result.content, metadata)  # before resume.rendered says so
    return {**_artifact_view(key, len(result.content), metadata), "reused": False}, result.content


async def _store_unless_erased(
    platform: ServicePlatform, store: ArtifactStore, key: str, content: bytes, metadata: dict[str, Any], *,
    resume_id: str,
) -> None:  # fmt: skip
    await store.put(key, metadata["filename"], content, metadata)
    # If the user (or the resume) was erased while this write was in flight, the erasure may have
    # run before the file existed: checking after the write closes that window.
    owner = await platform.db[RESUMES].find_one(
        {"_id": resume_id, "user_id": metadata["user_id"]}, {"_id": 1}
    )
    if owner is None:
        await store.delete_ids([key])


def _artifact_view(artifact_id: str, size: int, meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": meta["format"],
        "artifact_id": artifact_id,
        "sha256": meta["sha256"],
        "size": size,
        "media_type": meta["media_type"],
        "extension": meta["extension"],
        "filename": meta["filename"],
        "pages": meta.get("pages"),
        "overflow": bool(meta.get("overflow")),
        "fit_report": meta.get("fit_report"),
        "verification": meta.get("verification"),
    }


async def _resume_target(
    platform: ServicePlatform,
    user_id: str,
    resume_id: str,
    version: int | None,
    master_version: int | None = None,
) -> RenderTarget:
    resume = await _resume(platform, user_id, resume_id)
    n = version or resume["latest_version"]
    if resume["kind"] == MASTER:
        return RenderTarget("resume", resume, n, await _master_content(platform, user_id, resume, n), None)
    doc = await _version(platform, user_id, resume_id, n)
    mat = await _materialize(platform, user_id, resume, doc, master_version=master_version)
    return RenderTarget("resume", resume, n, mat.content, mat.master_version)


async def _letter_target(
    platform: ServicePlatform,
    user_id: str,
    letter_id: str,
    version: int | None,
    master_version: int | None = None,
) -> RenderTarget:
    letter = await platform.db[COVER_LETTERS].find_one({"_id": letter_id, "user_id": user_id})
    if letter is None:
        raise NotFound(f"No cover letter {letter_id!r}.")
    target = await _resume_target(platform, user_id, letter["resume_id"], version, master_version)
    target.kind = "cover_letter"
    target.letter_doc = letter
    return target


def _spec_options(spec: RenderSpec) -> dict[str, Any]:
    return {"page_size": spec.page_size, "locale": spec.locale, "fit_pages": spec.fit_pages, "page": spec.page,
            "pdf_standard": spec.pdf_standard}  # fmt: skip


async def render(
    platform: ServicePlatform, *, user_id: str, kind: str, target_id: str, spec: RenderSpec
) -> RenderedFile | dict[str, Any]:
    """One format: the file itself. Several: a job answered by the render workers (202)."""
    if kind == "cover_letter":
        target = await _letter_target(platform, user_id, target_id, spec.version)
        template = (
            spec.template or (target.letter_doc or {}).get("template") or _template_for(spec, target.content)
        )
    else:
        target = await _resume_target(platform, user_id, target_id, spec.version)
        template = _template_for(spec, target.content)
    _check_spec(spec, template)
    opts = _spec_options(spec)
    if spec.formats is None:
        artifact, data = await _produce(
            platform, user_id=user_id, target=target, fmt=spec.format_list[0], template=template, opts=opts
        )
        assert data is not None
        return RenderedFile(data, artifact["media_type"], artifact["filename"], artifact)
    return await _request_job(
        platform, user_id=user_id, target=target, spec=spec, template=template, opts=opts
    )


async def _request_job(
    platform: ServicePlatform, *, user_id: str, target: RenderTarget, spec: RenderSpec, template: str,
    opts: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    at = _now()
    job = {
        "_id": new_event_id(),
        "user_id": user_id,
        "kind": target.kind,
        "resume_id": target.resume["_id"],
        "version": target.version,
        # A variant is rendered as it resolved when asked, even if the master moves on meanwhile.
        "master_version": target.master_version,
        "cover_letter_id": target.letter_doc["_id"] if target.letter_doc else None,
        "template": template,
        "formats": spec.format_list,
        "options": opts,
        "status": "pending",
        "artifacts": [],
        "error": None,
        "created_at": at,
        "completed_at": None,
    }
    async with platform.unit_of_work() as uow:
        await uow.db[RENDERS].insert_one(job, session=uow.session)
        uow.publish(
            RenderRequestedV1(
                render_id=job["_id"],
                resume_id=job["resume_id"],
                version=job["version"],
                formats=job["formats"],
                template=template,
                page_size=opts["page_size"],
                locale=opts["locale"],
                fit_pages=opts["fit_pages"],
                kind=target.kind,
                cover_letter_id=job["cover_letter_id"],
                master_version=job["master_version"],
                pdf_standard=opts["pdf_standard"],
            ),
            subject=job["_id"],
            user_id=user_id,
        )
    return _job_view(job)


def _job_view(job: dict[str, Any]) -> dict[str, Any]:
    base = f"/v1/renders/{job['_id']}"
    return {
        "id": job["_id"],
        "status": job["status"],
        "kind": job["kind"],
        "resume_id": job["resume_id"],
        "version": job["version"],
        "cover_letter_id": job.get("cover_letter_id"),
        "template": job["template"],
        "formats": job["formats"],
        "options": job["options"],
        "artifacts": [{**a, "url": f"{base}/file?format={a['format']}"} for a in job.get("artifacts") or []],
        "error": job.get("error"),
        "created_at": job["created_at"],
        "completed_at": job.get("completed_at"),
        "links": {"self": base},
    }


async def run_render_job(platform: ServicePlatform, event: Envelope[RenderRequestedV1]) -> None:
    """Render worker: produce every format (reusing stored artifacts), then record and announce."""
    data = event.data
    job = await platform.db[RENDERS].find_one({"_id": data.render_id})
    if job is None or job["status"] != "pending":
        # Erased with its user, or a redelivery of a finished job: record the event and stop.
        async with platform.unit_of_work(event=event):
            return
    user_id = job["user_id"]
    artifacts: list[dict[str, Any]] = []
    error: dict[str, Any] | None = None
    try:
        if job["kind"] == "cover_letter":
            target = await _letter_target(
                platform, user_id, job["cover_letter_id"], job["version"], job["master_version"]
            )
        else:
            target = await _resume_target(
                platform, user_id, job["resume_id"], job["version"], job["master_version"]
            )
        for fmt in job["formats"]:
            artifact, _ = await _produce(
                platform, user_id=user_id, target=target, fmt=fmt, template=job["template"], opts=job["options"],
                render_id=job["_id"], want_bytes=False,
            )  # fmt: skip
            artifacts.append(artifact)
    except ProblemError as exc:
        # A document that cannot render (missing glyph, cannot fit, too slow, gone) fails the job:
        # redelivering it would fail the same way. Infrastructure errors propagate and are retried.
        error = {"status": exc.status, "detail": exc.detail or exc.title, **exc.extra}
    status = "failed" if error else "succeeded"
    at = _now()
    async with platform.unit_of_work(event=event) as uow:
        await uow.db[RENDERS].update_one(
            {"_id": job["_id"], "status": "pending"},
            {"$set": {"status": status, "artifacts": artifacts, "error": error, "completed_at": at}},
            session=uow.session,
        )
        uow.publish(
            ResumeRenderedV1(
                render_id=job["_id"],
                resume_id=job["resume_id"],
                version=job["version"],
                template=job["template"],
                status=status,
                kind=job["kind"],
                cover_letter_id=job.get("cover_letter_id"),
                artifacts=[_event_artifact(job["_id"], a) for a in artifacts],
                error=error["detail"] if error else None,
                overflow=any(a["overflow"] for a in artifacts),
            ),
            subject=job["_id"],
            user_id=user_id,
        )


def _event_artifact(render_id: str, a: dict[str, Any]) -> RenderedArtifact:
    verification = a.get("verification") or {}
    return RenderedArtifact(
        format=a["format"],
        artifact_id=a["artifact_id"],
        sha256=a["sha256"],
        size=a["size"],
        media_type=a["media_type"],
        pages=a.get("pages"),
        verification_passed=verification.get("passed") if verification else None,
        checks=verification.get("checks") or {},
        problems=[str(p) for p in verification.get("problems") or []],
        overflow=a["overflow"],
        download_path=f"/v1/renders/{render_id}/file?format={a['format']}",
    )


async def get_render(platform: ServicePlatform, *, user_id: str, render_id: str) -> dict[str, Any]:
    job = await platform.db[RENDERS].find_one({"_id": render_id, "user_id": user_id})
    if job is None:
        raise NotFound(f"No render {render_id!r}.")
    return _job_view(job)


async def get_render_file(
    platform: ServicePlatform, *, user_id: str, render_id: str, fmt: str | None
) -> RenderedFile:
    job = await platform.db[RENDERS].find_one({"_id": render_id, "user_id": user_id})
    if job is None:
        raise NotFound(f"No render {render_id!r}.")
    if job["status"] != "succeeded":
        raise Conflict(
            f"The render is {job['status']}; files exist once it has succeeded.", status=job["status"]
        )
    wanted = (fmt or job["formats"][0]).lower()
    artifact = next((a for a in job["artifacts"] if a["format"] == wanted), None)
    if artifact is None:
        raise NotFound(f"The render has no {wanted!r} file (it has: {', '.join(job['formats'])}).")
    data = await artifacts_of(platform).read(StoredArtifact(artifact["artifact_id"], artifact["size"], {}))
    if data is None:
        raise NotFound("The file is no longer stored; render the resume again.")
    return RenderedFile(data, artifact["media_type"], artifact["filename"], artifact)


def list_templates() -> list[dict[str, Any]]:
    from resugrow_resume.domain.render import TEMPLATES

    return [
        {**t.to_dict(), "thumbnail_url": f"/v1/templates/{name}/thumbnail.png"}
        for name, t in TEMPLATES.items()
    ]


async def template_thumbnail(platform: ServicePlatform, *, name: str) -> bytes:
    from resugrow_resume.domain.render import TEMPLATES, UnknownTemplate

    if name not in TEMPLATES:
        raise NotFound(str(UnknownTemplate(name, tuple(TEMPLATES))))
    try:
        return await renderer_of(platform).thumbnail(name)
    except Exception as exc:
        from resugrow_resume.domain.render import RenderError

        if isinstance(exc, RenderError):
            raise render_problem(exc) from None
        raise


# --- cover letters --------------------------------------------------------------------------

_LETTER_META = ("resume_id", "title", "template")


def _letter_view(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc["_id"],
        "resume_id": doc["resume_id"],
        "title": doc["title"],
        "template": doc.get("template"),
        **doc["letter"],
        "created_at": doc["created_at"],
        "updated_at": doc["updated_at"],
        "links": {"renders": f"/v1/cover-letters/{doc['_id']}/renders"},
    }


def _letter_fields(body: dict[str, Any]) -> tuple[str, str | None, dict[str, Any]]:
    resume_id = body.get("resume_id")
    if not isinstance(resume_id, str) or not resume_id:
        raise Unprocessable(
            "resume_id is required", errors=[{"loc": ["body", "resume_id"], "msg": "required"}]
        )
    template = body.get("template")
    if template is not None:
        from resugrow_resume.domain.render import TEMPLATES, UnknownTemplate

        if template not in TEMPLATES:
            raise render_problem(UnknownTemplate(str(template), tuple(TEMPLATES)))
    try:
        letter = validate_letter({k: v for k, v in body.items() if k not in _LETTER_META})
    except ResumeInvalid as exc:
        raise _invalid(exc, ["body"]) from None
    return resume_id, template, letter


async def create_cover_letter(
    platform: ServicePlatform, *, user_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    resume_id, template, letter = _letter_fields(body)
    resume = await _resume(platform, user_id, resume_id)
    at = _now()
    doc = {
        "_id": new_event_id(),
        "user_id": user_id,
        "resume_id": resume_id,
        "title": _check_title(body.get("title")) or _letter_title(resume["title"], letter),
        "template": template,
        "letter": letter,
        "created_at": at,
        "updated_at": at,
    }
    await platform.db[COVER_LETTERS].insert_one(doc)
    return _letter_view(doc)


async def replace_cover_letter(
    platform: ServicePlatform, *, user_id: str, letter_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    current = await platform.db[COVER_LETTERS].find_one({"_id": letter_id, "user_id": user_id})
    if current is None:
        raise NotFound(f"No cover letter {letter_id!r}.")
    resume_id, template, letter = _letter_fields(body)
    resume = await _resume(platform, user_id, resume_id)
    changes = {
        "resume_id": resume_id,
        "title": _check_title(body.get("title")) or _letter_title(resume["title"], letter),
        "template": template,
        "letter": letter,
        "updated_at": _now(),
    }
    await platform.db[COVER_LETTERS].update_one({"_id": letter_id, "user_id": user_id}, {"$set": changes})
    return _letter_view({**current, **changes})


async def delete_cover_letter(platform: ServicePlatform, *, user_id: str, letter_id: str) -> None:
    result = await platform.db[COVER_LETTERS].delete_one({"_id": letter_id, "user_id": user_id})
    if result.deleted_count == 0:
        raise NotFound(f"No cover letter {letter_id!r}.")


def _letter_title(resume_title: str, letter: dict[str, Any]) -> str:
    target = " at ".join(str(letter[k]) for k in ("job_title", "company") if letter.get(k))
    return f"Cover letter - {target or resume_title}"[:200]


async def get_cover_letter(platform: ServicePlatform, *, user_id: str, letter_id: str) -> dict[str, Any]:
    doc = await platform.db[COVER_LETTERS].find_one({"_id": letter_id, "user_id": user_id})
    if doc is None:
        raise NotFound(f"No cover letter {letter_id!r}.")
    return _letter_view(doc)


async def list_cover_letters(
    platform: ServicePlatform, *, user_id: str, limit: int, offset: int, resume_id: str | None = None
) -> dict[str, Any]:
    query: dict[str, Any] = {"user_id": user_id}
    if resume_id:
        query["resume_id"] = resume_id
    cursor = (
        platform.db[COVER_LETTERS]
        .find(query)
        .sort([("created_at", -1), ("_id", -1)])
        .skip(offset)
        .limit(limit)
    )
    items = [_letter_view(doc) async for doc in cursor]
    return {"items": items, "total": await platform.db[COVER_LETTERS].count_documents(query), "limit": limit,
            "offset": offset}  # fmt: skip


# --- consumers ------------------------------------------------------------------------------


async def record_ats_score(uow: UnitOfWork, *, event: Envelope[Any]) -> None:
    """Keep the newest scan per resume version (and per resume, for the dashboard)."""
    data = event.data
    resume_id, version = data.resume_id, data.version
    if (resume_id is None or version is None) and data.render_id:
        job = await uow.db[RENDERS].find_one({"_id": data.render_id}, session=uow.session)
        if job is not None:
            resume_id, version = job["resume_id"], job["version"]
    if resume_id is None or version is None:
        return  # a scan of an uploaded file, not of one of our resumes
    ats = {
        "score": data.score,
        "algo_version": data.algo_version,
        "scan_id": data.scan_id,
        "findings_count": data.findings_count,
        "layout_risks": list(data.layout_risks),
        "scanned_at": event.time,
    }
    owner: dict[str, Any] = {"user_id": event.userid} if event.userid else {}
    # Only a newer scan replaces an older one: redelivered or out-of-order events change nothing.
    older = [{"ats": None}, {"ats.scanned_at": {"$lte": event.time}}]
    await uow.db[VERSIONS].update_one(
        {"_id": version_id(resume_id, version), **owner, "$or": older},
        {"$set": {"ats": ats}},
        session=uow.session,
    )
    older_latest = [{"latest_ats": None}, {"latest_ats.scanned_at": {"$lte": event.time}}]
    await uow.db[RESUMES].update_one(
        {"_id": resume_id, **owner, "$or": older_latest},
        {"$set": {"latest_ats": {**ats, "version": version}}},
        session=uow.session,
    )


def artifact_eraser(bucket: str) -> Callable[[UnitOfWork, str], Awaitable[None]]:
    """user.deleted hook: the user's rendered files go in the same transaction as their documents."""

    async def erase(uow: UnitOfWork, user_id: str) -> None:
        await ArtifactStore(uow.db, bucket).delete_user(user_id, session=uow.session)

    return erase
