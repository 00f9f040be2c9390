"""Score the ATS parser on the generator matrix: per file, then per generator and per hard case.

``python corpus/score_ats.py`` prints the tables the ATS README quotes (tuned and untuned parts
apart); ``--misses`` lists what went wrong on the tuned part only, so tuning never sees the
untuned personas.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
AS_OF = date(2026, 11, 1)
CONTACT = ("name", "email", "phone", "location")


def _n(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def manifest() -> dict[str, Any]:
    return json.loads((HERE / "manifest.json").read_text())


def _pairs(pred: list[Any], truth: list[Any]) -> list[tuple[Any, Any]]:
    remaining = list(truth)
    out = []
    for p in pred:
        if p in remaining:
            remaining.remove(p)
            out.append((p, p))
    return out


def score_file(row: dict[str, Any]) -> dict[str, Any]:
    from resugrow_ats.domain.analyze import scan_bytes

    truth = json.loads((HERE / row["truth"]).read_text())
    _, report = scan_bytes((HERE / row["file"]).read_bytes(), as_of=AS_OF)
    parsed = report.to_dict()["parsed"]
    basics = parsed["basics"]
    got = {
        "name": basics.get("name"),
        "email": basics.get("email"),
        "phone": basics.get("phone"),
        "location": (basics.get("location") or {}).get("address"),
    }
    contact = {k: _n(got[k]) == _n(v) for k, v in truth["contact"].items()}
    pred_work = [(_n(w.get("position")), _n(w.get("name"))) for w in parsed["work"]]
    want_work = [(_n(w["title"]), _n(w["company"])) for w in truth["work"]]
    matched = _pairs(pred_work, want_work)
    dates_ok = dates_n = 0
    want_dates = {(_n(w["title"]), _n(w["company"])): (w["start"], w["end"]) for w in truth["work"]}
    for w in parsed["work"]:
        key = (_n(w.get("position")), _n(w.get("name")))
        if key in want_dates:
            dates_n += 1
            dates_ok += (w.get("startDate"), w.get("endDate")) == want_dates[key]
    pred_skills = {_n(k) for g in parsed["skills"] for k in g["keywords"]}
    want_skills = {_n(s) for s in truth["skills"]}
    leaks = sorted(pred_skills & {_n(x) for x in truth["not_skills"]})
    return {
        "contact": contact,
        "work": (len(matched), len(pred_work), len(want_work)),
        "dates": (dates_ok, dates_n),
        "skills": (len(pred_skills & want_skills), len(pred_skills), len(want_skills)),
        "leaks": leaks,
        "misses": {
            "contact": {k: (got[k], truth["contact"][k]) for k, ok in contact.items() if not ok},
            "work_extra": [p for p in pred_work if p not in want_work],
            "work_missing": [w for w in want_work if w not in pred_work],
            "skills_extra": sorted(pred_skills - want_skills),
            "skills_missing": sorted(want_skills - pred_skills),
        },
    }


def f1(tp: int, npred: int, ntrue: int) -> float:
    if npred + ntrue == 0:
        return 1.0
    return 2 * tp / (npred + ntrue)


class Tally:
    def __init__(self) -> None:
        self.files = 0
        self.contact = [0, 0]
        self.work = [0, 0, 0]
        self.dates = [0, 0]
        self.skills = [0, 0, 0]
        self.leaks = 0

    def add(self, r: dict[str, Any]) -> None:
        self.files += 1
        self.contact[0] += sum(r["contact"].values())
        self.contact[1] += len(r["contact"])
        for i in range(3):
            self.work[i] += r["work"][i]
            self.skills[i] += r["skills"][i]
        self.dates[0] += r["dates"][0]
        self.dates[1] += r["dates"][1]
        self.leaks += len(r["leaks"])

    def figures(self) -> dict[str, float]:
        return {
            "contact": self.contact[0] / max(1, self.contact[1]),
            "work_f1": f1(*self.work),
            "dates": self.dates[0] / max(1, self.dates[1]),
            "skills_f1": f1(*self.skills),
            "leaks": float(self.leaks),
        }


def run(rows: list[dict[str, Any]]) -> dict[str, dict[str, Tally]]:
    """Tallies keyed by part ("tuned" / "untuned" / "all") then by generator or "case:<name>"."""
    out: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for row in rows:
        r = score_file(row)
        row["_result"] = r
        part = "untuned" if row["untuned"] else "tuned"
        keys = [row["generator"], "ALL"] + [f"case:{c}" for c in row["cases"]]
        for p in (part, "all"):
            for k in keys:
                out[p][k].add(r)
    return out


def table(tallies: dict[str, Tally]) -> str:
    lines = ["| generator / case | files | contact exact | work F1 | dates | skills F1 | non-skill leaks |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    for key in sorted(tallies, key=lambda k: (k.startswith("case:"), k == "ALL", k)):
        t = tallies[key]
        fig = t.figures()
        lines.append(
            f"| {key} | {t.files} | {fig['contact']:.3f} | {fig['work_f1']:.3f} | {fig['dates']:.3f} "
            f"| {fig['skills_f1']:.3f} | {int(fig['leaks'])} |"
        )
    return "\n".join(lines)


def main() -> None:
    rows = manifest()["files"]
    tallies = run(rows)
    for part in ("tuned", "untuned"):
        print(f"\n### {part} personas\n")
        print(table(tallies[part]))
    if "--misses" in sys.argv:
        for row in rows:
            r = row["_result"]
            if row["untuned"]:
                continue
            m = {k: v for k, v in r["misses"].items() if v}
            if m or r["leaks"]:
                print(row["file"], row["cases"], json.dumps(m, ensure_ascii=False), r["leaks"])


if __name__ == "__main__":
    main()
