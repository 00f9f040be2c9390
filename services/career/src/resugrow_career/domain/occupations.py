"""O*NET occupations as the service holds them (built from O*NET 29.3 by scripts/build_data.py)."""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern
from typing import Any

ONET_RELEASE = "O*NET 29.3 (May 2025)"
ONET_ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "O*NET is a trademark of USDOL/ETA."
)
JOB_ZONES = {
    1: "Little or no preparation needed",
    2: "Some preparation needed",
    3: "Medium preparation needed",
    4: "Considerable preparation needed",
    5: "Extensive preparation needed",
}


@dataclass(frozen=True, slots=True)
class Rated:
    name: str
    importance: float  # O*NET IM scale, 1-5
    level: float  # O*NET LV scale, 0-7


@dataclass(frozen=True, slots=True)
class Technology:
    example: str
    category: str
    hot: bool
    in_demand: bool


@dataclass(frozen=True, slots=True)
class Related:
    code: str
    tier: str  # Primary-Short | Primary-Long | Supplemental
    index: int


@dataclass(frozen=True, slots=True)
class Education:
    category: int  # O*NET RL category 1-12
    label: str
    percent: float


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    title: str
    description: str
    soc: str
    job_zone: int | None
    education: tuple[Education, ...]
    skills: tuple[Rated, ...]
    knowledge: tuple[Rated, ...]
    technology: tuple[Technology, ...]
    related: tuple[Related, ...]
    tasks: tuple[str, ...]

    @property
    def typical_education(self) -> Education | None:
        return self.education[0] if self.education else None

    def hot_technologies(self, limit: int = 10) -> list[str]:
        return [t.example for t in self.technology if t.hot][:limit]

    def top_skills(self, limit: int = 10) -> list[Rated]:
        return list(self.skills[:limit])

    def top_knowledge(self, limit: int = 10) -> list[Rated]:
        return list(self.knowledge[:limit])


_FLOATS: dict[float, float] = {}


def _shared(value: float) -> float:
    return _FLOATS.setdefault(value, value)


def occupation_from_record(code: str, rec: dict[str, object]) -> Occupation:
    # Names and ratings repeat across the 1,016 occupations: one shared object each, not 1,016.
    def rated(items: object) -> tuple[Rated, ...]:
        return tuple(Rated(intern(str(n)), _shared(float(i)), _shared(float(lv))) for n, i, lv in items)  # type: ignore[attr-defined]

    edu = tuple(Education(int(c), intern(str(lbl)), float(p)) for c, lbl, p in rec["education"])  # type: ignore[attr-defined]
    tech_rows: Any = rec["technology"]
    tech = tuple(Technology(intern(str(e)), intern(str(c)), bool(h), bool(d)) for e, c, h, d in tech_rows)
    related = tuple(Related(intern(str(c)), intern(str(t)), int(i)) for c, t, i in rec["related"])  # type: ignore[attr-defined]
    zone = rec.get("job_zone")
    return Occupation(
        code=code,
        title=str(rec["title"]),
        description=str(rec["description"]),
        soc=str(rec["soc"]),
        job_zone=int(zone) if isinstance(zone, int) else None,
        education=edu,
        skills=rated(rec["skills"]),
        knowledge=rated(rec["knowledge"]),
        technology=tech,
        related=related,
        tasks=tuple(str(t) for t in rec["tasks"]),  # type: ignore[attr-defined]
    )
