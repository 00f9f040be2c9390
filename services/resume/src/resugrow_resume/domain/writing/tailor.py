"""One-step tailoring: a variant's content plus the operations that made it, each with its reason
and the job-description span behind it.

Tailoring only reorders what the user wrote and adds what the user confirmed: skills by the
job's emphasis, bullets by the job's terms, the summary's best-matching sentence first, entries
the job does not touch moved down (never deleted). Missing keywords come back as suggestions;
only the ones the user confirmed are added, to the skills section.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from resugrow_resume.domain.writing.bullets import Span
from resugrow_resume.domain.writing.job import JobText
from resugrow_text import JOB_AD_WORDS, STOPWORDS, split_sentences, stem, tokens_of

TAILOR_RULES = "tailor-1"
MAX_SUGGESTIONS = 15
_SKIP = STOPWORDS | JOB_AD_WORDS
_ENTRY_SECTIONS = ("work", "projects", "volunteer")
# A token that reads as a named tool or technology: "AWS", "PostgreSQL", "C++", "Node.js", "S3".
_TOOLISH = re.compile(r"^(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|\w*[+#]+|\w+\.(?:js|net|io)|[A-Za-z]+\d+\w*)$")


@dataclass
class TailorResult:
    content: dict[str, Any]
    operations: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": TAILOR_RULES,
            "operations": self.operations,
            "suggestions": self.suggestions,
            "added": self.added,
        }


def _stems(text: str) -> set[str]:
    return {stem(t.lower) for t in tokens_of(text) if t.lower not in _SKIP and not t.lower.isdigit()}


def _relevance(text: str, job: JobText) -> tuple[float, list[str]]:
    """Sum of the job's emphasis (mentions, capped at 3) over the distinct terms a text shares with it."""
    shared = sorted(_stems(text) & job.stem_counts.keys(), key=lambda s: (-job.stem_counts[s], s))
    return float(sum(min(job.stem_counts[s], 3) for s in shared)), shared


def _span_json(span: Span | None) -> dict[str, Any] | None:
    return span.to_json() if span else None


def _entry_text(entry: dict[str, Any]) -> str:
    parts = [str(entry.get(k) or "") for k in ("position", "name", "summary", "description", "organization")]
    parts += [str(h) for h in entry.get("highlights") or ()]
    parts += [str(k) for k in entry.get("keywords") or ()]
    return " ".join(parts)


def _terms_in(terms: list[str]) -> str:
    return ", ".join(f"“{w}”" for w in terms)


def tailor(
    document: dict[str, Any],
    job: JobText,
    *,
    confirmed: list[str] | None = None,
    missing: list[str] | None = None,
) -> TailorResult:
    """Tailor a resume document to a job. ``missing`` are keywords the ATS found missing (when the
    caller has them); ``confirmed`` are the ones the user says they have."""
    doc = copy.deepcopy(document)
    result = TailorResult(doc)
    ops = result.operations
    _reorder_skills(doc, job, ops)
    _reorder_bullets(doc, job, ops)
    _lead_summary(doc, job, ops)
    _move_down(doc, job, ops)
    result.suggestions = _suggestions(doc, job, missing)
    for keyword in confirmed or ():
        _add_confirmed(doc, job, keyword.strip(), result)
    return result


def _reorder_skills(doc: dict[str, Any], job: JobText, ops: list[dict[str, Any]]) -> None:
    skills = doc.get("skills")
    if not isinstance(skills, list) or not skills:
        return
    for i, group in enumerate(skills):
        keywords = group.get("keywords") if isinstance(group, dict) else None
        if not isinstance(keywords, list) or len(keywords) < 2:
            continue
        found = [job.find(str(k)) for k in keywords]
        order = sorted(range(len(keywords)), key=lambda k: (-found[k][0], k))
        if order != list(range(len(keywords))):
            group["keywords"] = [keywords[k] for k in order]
            top = [keywords[k] for k in order if found[k][0]][:3]
            ops.append(
                {
                    "op": "reorder",
                    "kind": "skills",
                    "path": f"skills[{i}].keywords",
                    "order": order,
                    "reason": f"the job names {_terms_in(top)} most, so they come first",
                    "jobSpan": _span_json(found[order[0]][1]),
                }
            )
    weights = []
    for group in skills:
        names = [str(group.get("name") or "")] + [str(k) for k in group.get("keywords") or ()]
        weights.append(sum(job.find(n)[0] for n in names if n))
    order = sorted(range(len(skills)), key=lambda k: (-weights[k], k))
    if order != list(range(len(skills))) and weights[order[0]] > 0:
        doc["skills"] = [skills[k] for k in order]
        lead = skills[order[0]]
        lead_names = [str(lead.get("name") or "")] + [str(k) for k in lead.get("keywords") or ()]
        span = next((job.find(n)[1] for n in lead_names if n and job.find(n)[0]), None)
        ops.append(
            {
                "op": "reorder",
                "kind": "skill_groups",
                "path": "skills",
                "order": order,
                "reason": f"“{lead.get('name') or 'this group'}” holds {weights[order[0]]} of the job's mentions",
                "jobSpan": _span_json(span),
            }
        )


def _reorder_bullets(doc: dict[str, Any], job: JobText, ops: list[dict[str, Any]]) -> None:
    for section in _ENTRY_SECTIONS:
        for i, entry in enumerate(doc.get(section) or ()):
            bullets = entry.get("highlights") if isinstance(entry, dict) else None
            if not isinstance(bullets, list) or len(bullets) < 2:
                continue
            scored = [_relevance(str(b), job) for b in bullets]
            order = sorted(range(len(bullets)), key=lambda k: (-scored[k][0], k))
            if order == list(range(len(bullets))):
                continue
            entry["highlights"] = [bullets[k] for k in order]
            top = scored[order[0]][1]
            ops.append(
                {
                    "op": "reorder",
                    "kind": "bullets",
                    "path": f"{section}[{i}].highlights",
                    "order": order,
                    "reason": f"the first bullet now names {_terms_in(_surface(job, top[:3]))}, which the job asks for",
                    "jobSpan": _span_json(job.span_of_stem(top[0]) if top else None),
                }
            )


def _surface(job: JobText, stems: list[str]) -> list[str]:
    out = []
    for s in stems:
        span = job.span_of_stem(s)
        out.append(span.text if span else s)
    return out


def _lead_summary(doc: dict[str, Any], job: JobText, ops: list[dict[str, Any]]) -> None:
    basics = doc.get("basics")
    summary = basics.get("summary") if isinstance(basics, dict) else None
    if not isinstance(summary, str) or not summary.strip():
        return
    sentences = [s for _, s in split_sentences(summary)]
    if len(sentences) < 2:
        return
    scored = [_relevance(s, job) for s in sentences]
    best = max(range(len(sentences)), key=lambda k: (scored[k][0], -k))
    if best == 0 or scored[best][0] <= scored[0][0]:
        return
    reordered = [sentences[best]] + [s for k, s in enumerate(sentences) if k != best]
    assert isinstance(basics, dict)
    basics["summary"] = " ".join(reordered)
    top = scored[best][1]
    ops.append(
        {
            "op": "reorder",
            "kind": "summary",
            "path": "basics.summary",
            "order": [best] + [k for k in range(len(sentences)) if k != best],
            "reason": f"your sentence naming {_terms_in(_surface(job, top[:3]))} now opens the summary",
            "jobSpan": _span_json(job.span_of_stem(top[0]) if top else None),
        }
    )


def _move_down(doc: dict[str, Any], job: JobText, ops: list[dict[str, Any]]) -> None:
    for section in _ENTRY_SECTIONS:
        entries = doc.get(section)
        if not isinstance(entries, list) or len(entries) < 2:
            continue
        relevant = [_relevance(_entry_text(e), job)[0] > 0 if isinstance(e, dict) else True for e in entries]
        if all(relevant) or not any(relevant):
            continue
        order = [k for k in range(len(entries)) if relevant[k]] + [
            k for k in range(len(entries)) if not relevant[k]
        ]
        if order == list(range(len(entries))):
            continue
        doc[section] = [entries[k] for k in order]
        for k in range(len(entries)):
            if not relevant[k]:
                name = (
                    entries[k].get("name")
                    or entries[k].get("position")
                    or entries[k].get("organization")
                    or ""
                )
                ops.append(
                    {
                        "op": "move_down",
                        "kind": section,
                        "path": f"{section}[{k}]",
                        "to": order.index(k),
                        "reason": f"nothing in “{name}” matches a term of the job; it stays, lower down",
                        "jobSpan": None,
                    }
                )


def _resume_stems(doc: dict[str, Any]) -> set[str]:
    import json

    return _stems(json.dumps(doc, ensure_ascii=False))


def _suggestions(doc: dict[str, Any], job: JobText, missing: list[str] | None) -> list[dict[str, Any]]:
    """Keywords the job names and the resume lacks: the ATS's list when given, else the job's
    tool-like terms. The user confirms each ("I have this"); none is added unconfirmed."""
    have = _resume_stems(doc)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    if missing is not None:
        terms = [m for m in missing if m.strip()]
    else:
        terms = [t.text for t in tokens_of(job.text) if _TOOLISH.match(t.text) and t.lower not in _SKIP]
    for term in terms:
        key = " ".join(stem(w) for w in term.lower().split())
        if key in seen or (key and all(s in have for s in key.split())):
            continue
        if job.company and term.lower() in job.company.lower():
            continue
        seen.add(key)
        count, span = job.find(term)
        out.append({"keyword": term, "mentions": count, "jobSpan": _span_json(span), "section": "skills"})
    out.sort(key=lambda s: -int(s["mentions"]))
    return out[:MAX_SUGGESTIONS]


def _add_confirmed(doc: dict[str, Any], job: JobText, keyword: str, result: TailorResult) -> None:
    if not keyword or keyword.lower() in {k.lower() for k in result.added}:
        return
    if _stems(keyword) and _stems(keyword) <= _resume_stems(doc):
        return  # already on the resume
    skills = doc.setdefault("skills", [])
    # The group whose keywords the job mentions on the same lines as this keyword, else the first.
    _, span = job.find(keyword)
    best = 0
    if span is not None and skills:
        line_start = job.text.rfind("\n", 0, span.start) + 1
        line_end = job.text.find("\n", span.end)
        line = job.text[line_start : line_end if line_end >= 0 else len(job.text)]
        line_stems = _stems(line)
        scores = [len(_stems(" ".join(map(str, g.get("keywords") or ()))) & line_stems) for g in skills]
        best = max(range(len(skills)), key=lambda k: (scores[k], -k))
    if not skills:
        skills.append({"keywords": []})
    group = skills[best]
    group.setdefault("keywords", []).append(keyword)
    result.added.append(keyword)
    result.operations.append(
        {
            "op": "add",
            "kind": "confirmed_keyword",
            "path": f"skills[{best}].keywords",
            "value": keyword,
            "reason": f"you confirmed you have “{keyword}”, which the job asks for",
            "jobSpan": _span_json(span),
        }
    )
