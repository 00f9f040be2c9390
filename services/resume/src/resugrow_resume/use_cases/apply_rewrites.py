"""Accept chosen rewrite candidates (placeholders filled by the user) as a new resume version,
keeping the rewrite report with that version."""

from __future__ import annotations

import copy
import re
from typing import Any

from resugrow_domain import Conflict, InvalidInput
from resugrow_platform import ServicePlatform
from resugrow_resume import service
from resugrow_resume.domain.writing.bullets import (
    PLACEHOLDER_NUMBER,
    PLACEHOLDER_RE,
    PLACEHOLDER_RESULT,
    analyze,
)
from resugrow_resume.domain.writing.review import BulletResult, resume_bullets, review_bullets
from resugrow_resume.use_cases.writing_reports import save_report
from resugrow_resume.writing_commands import ApplyRewrites, ChosenRewrite

_PATH = re.compile(r"^(work|volunteer|projects)\[(\d+)\]\.highlights\[(\d+)\]$")
_UNFILLED = re.compile(
    r",?\s*resulting in\s*" + re.escape(PLACEHOLDER_RESULT) + r"|\s*" + re.escape(PLACEHOLDER_NUMBER)
)
MAX_FILL = 200


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
        hole = holes[k]
        if not value:
            continue
        # "[by how much?]" asks for "by 30%": keep the user's words as given.
        text = text.replace(hole, value, 1)
    # Placeholders left unanswered go, with the words that introduced them: no question marks on a resume.
    return re.sub(r"\s+", " ", _UNFILLED.sub("", text)).strip()


def _final_text(choice: ChosenRewrite, result: BulletResult, field: str) -> tuple[str, dict[str, Any]]:
    if choice.text is not None:
        text = " ".join(choice.text.split())
        if not text or len(text) > 1000 or PLACEHOLDER_RE.search(text):
            raise InvalidInput(
                "the text must be 1-1000 characters with no placeholder left", field=f"{field}.text"
            )
        return text, {"source": "user", "operations": ["user_text"]}
    if choice.candidate is None or not 0 <= choice.candidate < len(result.candidates):
        raise InvalidInput(
            f"this bullet has {len(result.candidates)} candidates; give an index below that, or a text",
            field=f"{field}.candidate",
        )
    cand = result.candidates[choice.candidate]
    return _fill(cand.text, choice.fills, field), {
        "source": "candidate",
        "candidate": choice.candidate,
        "candidate_text": cand.text,
        "operations": list(cand.operations),
    }


async def apply(platform: ServicePlatform, cmd: ApplyRewrites) -> dict[str, Any]:
    if not cmd.choices:
        raise InvalidInput("choose at least one rewrite", field="choices")
    current = await service.get_resume(platform, user_id=cmd.user_id, resume_id=cmd.resume_id)
    if cmd.version is not None and cmd.version != current["version"]:
        raise Conflict(
            f"the candidates were made for version {cmd.version}, but the resume is at version "
            f"{current['version']}: review it again",
            latest_version=current["version"],
        )
    content = copy.deepcopy(current["resume"])
    results = {r.input.path: r for r in review_bullets(resume_bullets(content))}
    changes: list[dict[str, Any]] = []
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
        section, entry, bullet = m.group(1), int(m.group(2)), int(m.group(3))
        content[section][entry]["highlights"][bullet] = text
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
    updated = await service.replace_resume(
        platform, user_id=cmd.user_id, resume_id=cmd.resume_id, resume=content
    )
    saved = await save_report(
        platform,
        user_id=cmd.user_id,
        resume_id=cmd.resume_id,
        version=updated["version"],
        kind="rewrite",
        body={"from_version": current["version"], "changes": changes},
    )
    saved.pop("_id", None)
    saved.pop("user_id", None)
    return {"resume": updated, "rewrite_report": saved}
