"""Export with full stage history (CSV, JSON) and the printable proof-of-applications report."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment

from resugrow_tracker.domain.history import Move, ordered
from resugrow_tracker.domain.stages import FUNNEL_RANK, PROVES_APPLIED, STAGES, Stage

CSV_COLUMNS = (
    "id", "company", "role", "location", "remote", "salary_min", "salary_max", "salary_currency",
    "salary_period", "source", "job_url", "resume", "cover_letter", "priority", "deadline", "stage",
    "created_at", "applied_at", *(f"{s.value}_at" for s in STAGES), "last_move_at", "moves", "history",
)  # fmt: skip


def _iso(dt: Any) -> str:
    return dt.isoformat().replace("+00:00", "Z") if isinstance(dt, datetime) else ""


def moves_of(app: Mapping[str, Any]) -> list[Move]:
    return ordered(Move.from_doc(m) for m in app.get("moves") or [])


def applied_at(moves: list[Move]) -> datetime | None:
    for m in moves:
        rank = FUNNEL_RANK[m.to]
        if (rank is not None and rank >= 1) or m.to in PROVES_APPLIED:
            return m.at
    return None


def application_date(app: Mapping[str, Any]) -> datetime | None:
    """The date an export range filters on: when it was sent, else when it was first recorded."""
    moves = moves_of(app)
    return applied_at(moves) or (moves[0].at if moves else app.get("created_at"))


def select(
    apps: Iterable[Mapping[str, Any]],
    *,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    stages: set[Stage] | None = None,
    applied_only: bool = False,
) -> list[Mapping[str, Any]]:
    out = []
    for app in apps:
        if stages and Stage(app["stage"]) not in stages:
            continue
        moves = moves_of(app)
        sent = applied_at(moves)
        if applied_only and sent is None:
            continue
        when = sent or (moves[0].at if moves else app.get("created_at"))
        if date_from and (when is None or when < date_from):
            continue
        if date_to and (when is None or when > date_to):
            continue
        out.append(app)
    out.sort(key=lambda a: (application_date(a) or datetime.min.replace(tzinfo=UTC), str(a["_id"])))
    return out


def history_text(moves: list[Move]) -> str:
    return "; ".join(f"{m.to.value}@{_iso(m.at)}({m.source.value})" for m in moves)


def csv_row(app: Mapping[str, Any]) -> dict[str, Any]:
    moves = moves_of(app)
    first: dict[Stage, datetime] = {}
    for m in moves:
        first.setdefault(m.to, m.at)
    salary = app.get("salary") or {}
    row: dict[str, Any] = {
        "id": app["_id"],
        "company": app.get("company"),
        "role": app.get("role"),
        "location": app.get("location") or "",
        "remote": app.get("remote") or "",
        "salary_min": salary.get("min") if salary.get("min") is not None else "",
        "salary_max": salary.get("max") if salary.get("max") is not None else "",
        "salary_currency": salary.get("currency") or "",
        "salary_period": salary.get("period") or "",
        "source": app.get("source") or "",
        "job_url": app.get("job_url") or "",
        "resume": app.get("resume_label") or "",
        "cover_letter": app.get("cover_letter") or "",
        "priority": app.get("priority") if app.get("priority") is not None else "",
        "deadline": _iso(app.get("deadline")),
        "stage": app["stage"],
        "created_at": _iso(app.get("created_at")),
        "applied_at": _iso(applied_at(moves)),
        "last_move_at": _iso(moves[-1].at) if moves else "",
        "moves": len(moves),
        "history": history_text(moves),
    }
    for s in STAGES:
        row[f"{s.value}_at"] = _iso(first.get(s))
    return row


def _csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ runs as a formula in spreadsheet apps: defuse it.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(apps: Iterable[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for app in apps:
        writer.writerow({k: _csv_safe(v) for k, v in csv_row(app).items()})
    return buf.getvalue()


def to_json_obj(app: Mapping[str, Any]) -> dict[str, Any]:
    moves = moves_of(app)
    keep = (
        "company", "role", "location", "remote", "salary", "source", "job_url", "job_description", "resume_id",
        "resume_version", "resume_label", "cover_letter", "priority", "deadline", "custom_fields", "stage",
        "column_id", "created_at", "updated_at", "interviews", "ats_match",
    )  # fmt: skip
    out: dict[str, Any] = {"id": app["_id"]}
    out.update({k: app.get(k) for k in keep})
    out["applied_at"] = applied_at(moves)
    out["history"] = [
        {
            "from": m.from_stage.value if m.from_stage else None,
            "to": m.to.value,
            "at": m.at,
            "source": m.source.value,
        }
        for m in moves
    ]
    return out


_REPORT = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Proof of job applications{% if owner %} - {{ owner }}{% endif %}</title>
<style>
  @page { size: A4; margin: 14mm 12mm 16mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
  body { font: 10pt/1.35 "Helvetica Neue", Arial, sans-serif; color: #111; margin: 0 auto; max-width: 1100px; }
  h1 { font-size: 16pt; margin: 0 0 4pt; }
  .meta { color: #444; margin-bottom: 10pt; }
  .summary span { display: inline-block; margin-right: 14pt; }
  table { width: 100%; border-collapse: collapse; margin-top: 8pt; }
  th, td { border: 0.6pt solid #999; padding: 3pt 4pt; vertical-align: top; text-align: left; }
  th { background: #eee; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  td.n { text-align: right; white-space: nowrap; }
  .hist { color: #555; font-size: 8pt; }
  a { color: inherit; word-break: break-all; }
  footer { margin-top: 10pt; color: #555; font-size: 8pt; }
  @media print { .noprint { display: none; } a { text-decoration: none; } }
</style></head>
<body>
<h1>Proof of job applications</h1>
<div class="meta">
{% if owner %}Applicant: <strong>{{ owner }}</strong> &middot; {% endif %}
Period: {{ period_from or "start" }} to {{ period_to or "today" }} &middot; Records as of {{ as_of }}
</div>
<div class="summary"><span><strong>{{ rows|length }}</strong> applications sent</span>
{% for stage, n in by_stage %}<span>{{ stage }}: {{ n }}</span>{% endfor %}</div>
<table>
<thead><tr><th>#</th><th>Date applied</th><th>Company</th><th>Position</th><th>Location</th><th>Source / posting</th>
<th>Contact</th><th>Status (since)</th></tr></thead>
<tbody>
{% for r in rows %}
<tr><td class="n">{{ loop.index }}</td><td class="n">{{ r.applied }}</td><td>{{ r.company }}</td><td>{{ r.role }}</td>
<td>{{ r.location }}</td><td>{{ r.source }}{% if r.url %}<br><a href="{{ r.url }}">{{ r.url }}</a>{% endif %}</td>
<td>{{ r.contact }}</td><td>{{ r.stage }} ({{ r.stage_since }})<div class="hist">{{ r.history }}</div></td></tr>
{% else %}
<tr><td colspan="8">No applications were sent in this period.</td></tr>
{% endfor %}
</tbody></table>
<footer>Generated by Resugrow from the applicant's own tracker records. Each status change is recorded with the
date it happened and whether it was entered by the user, imported, or set automatically.</footer>
</body></html>
"""
)


def report_html(
    apps: Iterable[Mapping[str, Any]],
    *,
    as_of: datetime,
    contacts: Mapping[str, str] | None = None,
    owner: str | None = None,
    period_from: datetime | None = None,
    period_to: datetime | None = None,
) -> str:
    """The printable report: one row per application sent, oldest first, with its status history."""
    rows = []
    counts: Counter[str] = Counter()
    for app in apps:
        moves = [m for m in moves_of(app) if m.at <= as_of]
        sent = applied_at(moves)
        if sent is None or not moves:
            continue
        counts[moves[-1].to.value] += 1
        rows.append(
            {
                "applied": f"{sent:%Y-%m-%d}",
                "company": app.get("company"),
                "role": app.get("role"),
                "location": app.get("location") or "",
                "source": (app.get("source") or "").replace("_", " "),
                "url": app.get("job_url")
                if str(app.get("job_url") or "").startswith(("http://", "https://"))
                else None,
                "contact": (contacts or {}).get(str(app["_id"]), ""),
                "stage": moves[-1].to.value,
                "stage_since": f"{moves[-1].at:%Y-%m-%d}",
                "history": " → ".join(f"{m.to.value} {m.at:%Y-%m-%d}" for m in moves),
            }
        )
    rows.sort(key=lambda r: (r["applied"], r["company"] or ""))
    return _REPORT.render(
        rows=rows,
        by_stage=[(s.value, counts[s.value]) for s in STAGES if counts.get(s.value)],
        owner=owner,
        as_of=f"{as_of:%Y-%m-%d %H:%M} UTC",
        period_from=f"{period_from:%Y-%m-%d}" if period_from else None,
        period_to=f"{period_to:%Y-%m-%d}" if period_to else None,
    )
