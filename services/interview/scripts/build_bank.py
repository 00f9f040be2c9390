"""Compose the shipped question bank and SQL fixture from the hand-written parts in this folder.

Run: .venv/bin/python services/interview/scripts/build_bank.py
Writes src/resugrow_interview/domain/data/{questions.json, sql_fixture_base.sql, sql_fixture_variant.sql}.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from parts_behavioral import BEHAVIORAL  # noqa: E402
from parts_coding import CODING, COMMON_CODING_POINTS  # noqa: E402
from parts_design import DESIGN, DESIGN_POINTS  # noqa: E402
from parts_ml_product import ML, PRODUCT  # noqa: E402
from parts_roles import ROLES  # noqa: E402
from parts_sql import SQL  # noqa: E402
from sql_fixture import SCHEMA_DOC, datasets  # noqa: E402

BANK_VERSION = "2026.11.1"
DATA = HERE.parent / "src" / "resugrow_interview" / "domain" / "data"

TECH_ROLES = ["software", "data"]
SQL_ROLES = ["data", "software", "product", "marketing", "finance"]
PRODUCT_ROLES = ["product", "design", "marketing", "software"]
STAR_POINTS_BY_LEVEL = {"entry": [], "mid": [], "senior": ["impact beyond your own work"]}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def question(**kw: Any) -> dict[str, Any]:
    kw.setdefault("roles", [])
    return kw


def build_questions(fixtures: dict[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for comp, spec in BEHAVIORAL.items():
        for i, (level, text) in enumerate(spec["questions"], 1):  # type: ignore[arg-type]
            out.append(
                question(
                    id=f"beh-{slug(comp)}-{i:02d}",
                    type="behavioral",
                    text=text,
                    competency=comp,
                    level=level,
                    answer_shape="star",
                    talking_points=list(spec["points"]) + STAR_POINTS_BY_LEVEL[level],  # type: ignore[arg-type]
                    job_terms=list(spec["terms"]),  # type: ignore[arg-type]
                )
            )
    for topic, spec in CODING.items():
        for i, (level, text, extra) in enumerate(spec["questions"], 1):  # type: ignore[arg-type]
            out.append(
                question(
                    id=f"cod-{slug(topic)}-{i:02d}",
                    type="coding",
                    text=text,
                    competency=topic,
                    level=level,
                    answer_shape="explanation",
                    roles=TECH_ROLES,
                    talking_points=COMMON_CODING_POINTS + list(spec["points"]) + list(extra),  # type: ignore[arg-type]
                    job_terms=list(spec["terms"]),  # type: ignore[arg-type]
                )
            )
    counters: dict[str, int] = {}
    for comp, level, text, points, terms in DESIGN:
        counters[comp] = counters.get(comp, 0) + 1
        out.append(
            question(
                id=f"sd-{slug(comp)}-{counters[comp]:02d}",
                type="system_design",
                text=text,
                competency=comp,
                level=level,
                answer_shape="design_phases",
                roles=TECH_ROLES,
                talking_points=DESIGN_POINTS + points,
                job_terms=["system design", *terms],
            )
        )
    counters = {}
    for comp, level, text, points, terms in ML:
        counters[comp] = counters.get(comp, 0) + 1
        out.append(
            question(
                id=f"ml-{slug(comp)}-{counters[comp]:02d}",
                type="ml",
                text=text,
                competency=comp,
                level=level,
                answer_shape="explanation",
                roles=TECH_ROLES,
                talking_points=points,
                job_terms=terms,
            )
        )
    counters = {}
    for comp, level, text, points, terms in PRODUCT:
        counters[comp] = counters.get(comp, 0) + 1
        out.append(
            question(
                id=f"ps-{slug(comp)}-{counters[comp]:02d}",
                type="product_sense",
                text=text,
                competency=comp,
                level=level,
                answer_shape="explanation",
                roles=PRODUCT_ROLES,
                talking_points=points,
                job_terms=terms,
            )
        )
    for role, items in ROLES.items():
        counters = {}
        for comp, level, shape, text, points, terms in items:
            counters[comp] = counters.get(comp, 0) + 1
            out.append(
                question(
                    id=f"role-{role}-{slug(comp)}-{counters[comp]:02d}",
                    type="role_specific",
                    text=text,
                    competency=comp,
                    level=level,
                    answer_shape=shape,
                    roles=[role],
                    talking_points=points,
                    job_terms=terms,
                )
            )
    conns = {}
    for name, script in fixtures.items():
        conn = sqlite3.connect(":memory:")
        conn.executescript(script)
        conns[name] = conn
    counters = {}
    for comp, level, text, ref, ordered, points, terms in SQL:
        counters[comp] = counters.get(comp, 0) + 1
        expected = {}
        for name, conn in conns.items():
            rows = conn.execute(ref).fetchall()
            if not rows:
                raise SystemExit(f"reference query returns no rows on {name}: {text}")
            expected[name] = [[round(v, 6) if isinstance(v, float) else v for v in r] for r in rows]
        if expected["base"] == expected["variant"]:
            raise SystemExit(f"both datasets give the same result, the variant adds nothing: {text}")
        out.append(
            question(
                id=f"sql-{slug(comp)}-{counters[comp]:02d}",
                type="sql",
                text=text,
                competency=comp,
                level=level,
                answer_shape="query",
                roles=SQL_ROLES,
                talking_points=points,
                job_terms=terms,
                sql={"reference_query": ref, "ordered": ordered, "expected": expected},
            )
        )
    return out


def main() -> None:
    fixtures = datasets()
    DATA.mkdir(parents=True, exist_ok=True)
    for name, script in fixtures.items():
        (DATA / f"sql_fixture_{name}.sql").write_text(script, encoding="utf-8")
    (DATA / "sql_schema.txt").write_text(SCHEMA_DOC + "\n", encoding="utf-8")
    questions = build_questions(fixtures)
    doc = {"bank_version": BANK_VERSION, "questions": questions}
    (DATA / "questions.json").write_text(
        json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    by_type: dict[str, int] = {}
    for q in questions:
        by_type[q["type"]] = by_type.get(q["type"], 0) + 1
    print(len(questions), by_type)


if __name__ == "__main__":
    main()
