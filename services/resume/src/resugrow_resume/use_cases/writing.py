"""Writing tools: review bullets (pasted, or a stored version's) and accept chosen rewrites as a
new version that keeps its rewrite report (one transaction)."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any

from resugrow_domain import Conflict, InvalidInput
from resugrow_resume.commands import ApplyRewritesInput, ChosenRewrite, ResumeInput, ReviewBulletsInput
from resugrow_resume.domain.writing.bullets import (
    PLACEHOLDER_NUMBER,
    PLACEHOLDER_RE,
    PLACEHOLDER_RESULT,
    analyze,
)
from resugrow_resume.domain.writing.review import (
    BulletInput,
    BulletResult,
    report,
    resume_bullets,
    review_bullets,
)
from resugrow_resume.use_cases.ports import Doc, ResumeUoW
from resugrow_resume.use_cases.resumes import get_resume, replace_resume
from resugrow_resume.use_cases.versions import version_key

_PATH = re.compile(r"^(work|volunteer|projects)\[(\d+)\]\.highlights\[(\d+)\]$")
_UNFILLED = re.compile(
    r",?\s*resulting in\s*" + re.escape(PLACEHOLDER_RESULT) + r"|\s*" + re.escape(PLACEHOLDER_NUMBER)
)
MAX_FILL = 200


async def review(uow: ResumeUoW, cmd: ReviewBulletsInput, *, user_id: str) -> Doc:
    if (cmd.bullets is None) == (cmd.resume_id is None):
        raise InvalidInput(
            'send "bullets" or a "resume_id" (and optionally "version"), not both', field="bullets"
        )
    if cmd.resume_id is not None:
        view = await get_resume(uow, cmd.resume_id, user_id=user_id, version=cmd.version)
        out = report(review_bullets(resume_bullets(view["resume"])))
        return {"resume_id": cmd.resume_id, "version": view["version"], **out}
    assert cmd.bullets is not None
    inputs = []
    for i, b in enumerate(cmd.bullets):
        text, current = (b, False) if isinstance(b, str) else (b.text, b.current)
        inputs.append(BulletInput(text, f"bullets[{i}]", "present" if current else "past"))
    return report(review_bullets(inputs))


def _fill(candidate: str, fills: list[str], field: str) -> str:
    holes = PLACEHOLDER_RE.findall(candidate)
    if len(fills) > len(holes):
        raise InvalidInput(f"{len(fills)} fills for {len(holes)} placeholders", field=f"{field}.fills")
    text = candidate
    for k, value in enumerate(fills):
        value = " ".join(value.split())
        if len(value) > MAX_FILL or any(ord(ch) < 32 for ch in value):
            raise InvalidInput(
                f"a fill must be one line of at most {MAX_FILL} characters", field=f"{field}.fills.{k}"
            )
        if value:
            text = text.replace(holes[k], value, 1)
    # Placeholders left unanswered go, with the words that introduced them: no question on a resume.
    return re.sub(r"\s+", " ", _UNFILLED.sub("", text)).strip()


def _final_text(choice: ChosenRewrite, result: BulletResult, field: str) -> tuple[str, dict[str, Any]]:
    if choice.text is not None:
        text = " ".join(choice.text.split())
        if not text or PLACEHOLDER_RE.search(text):
            raise InvalidInput("the text must have no placeholder left", field=f"{field}.text")
        return text, {"source": "user", "operations": ["user_text"]}
    if choice.candidate is None or not 0 <= choice.candidate < len(result.candidates):
        raise InvalidInput(
            f"this bullet has {len(result.candidates)} candidates; give an index below that, or a text",
            field=f"{field}.candidate",
        )
    cand = result.candidates[choice.candidate]
    return _fill(cand.text, list(choice.fills), field), {
        "source": "candidate",
        "candidate": choice.candidate,
        "candidate_text": cand.text,
        "operations": list(cand.operations),
    }


async def apply_rewrites(
    uow: ResumeUoW, resume_id: str, cmd: ApplyRewritesInput, *, user_id: str, now: datetime
) -> Doc:
    current = await get_resume(uow, resume_id, user_id=user_id)
    if cmd.version is not None and cmd.version != current["version"]:
        raise Conflict(
            f"the candidates were made for version {cmd.version}, but the resume is at version "
            f"{current['version']}: review it again",
            latest_version=current["version"],
        )
    content = copy.deepcopy(current["resume"])
    results = {r.input.path: r for r in review_bullets(resume_bullets(content))}
    changes: list[Doc] = []
    seen: set[str] = set()
    for i, choice in enumerate(cmd.choices):
        field = f"choices.{i}"
        m = _PATH.match(choice.path)
        if m is None or choice.path not in results:
            raise InvalidInput(f"no bullet at {choice.path!r}", field=f"{field}.path")
        if choice.path in seen:
            raise InvalidInput(f"{choice.path} is chosen twice", field=f"{field}.path")
        seen.add(choice.path)
        result = results[choice.path]
        text, how = _final_text(choice, result, field)
        content[m.group(1)][int(m.group(2))]["highlights"][int(m.group(3))] = text
        after = analyze(text, tense=result.input.tense)
        changes.append(
            {
                "path": choice.path,
                "before": result.input.text,
                "after": text,
                "score_before": result.review.score,
                "score_after": after.score,
                "findings_before": sorted(result.review.codes),
                "findings_after": sorted(after.codes),
                **how,
            }
        )
    updated = await replace_resume(uow, resume_id, ResumeInput(resume=content), user_id=user_id, now=now)
    report_doc = {"kind": "rewrite", "from_version": current["version"], "changes": changes}
    await save_report(
        uow, user_id=user_id, resume_id=resume_id, version=updated["version"], body=report_doc, now=now
    )
    return {
        "resume": updated,
        "rewrite_report": {"resume_id": resume_id, "version": updated["version"], **report_doc},
    }


async def save_report(
    uow: ResumeUoW, *, user_id: str, resume_id: str, version: int, body: Doc, now: datetime
) -> None:
    report = {"_id": version_key(resume_id, version), "user_id": user_id, "resume_id": resume_id}
    await uow.writing_reports.put({**report, "version": version, "created_at": now, **body})


async def get_report(uow: ResumeUoW, resume_id: str, version: int, *, user_id: str) -> Doc:
    from resugrow_domain import NotFound

    doc = await uow.writing_reports.get(user_id, version_key(resume_id, version))
    if doc is None:
        raise NotFound(f"Version {version} of resume {resume_id!r} has no writing report.")
    return {k: v for k, v in doc.items() if k not in ("_id", "user_id")}
