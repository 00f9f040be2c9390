"""Plan career paths from a title, an occupation, a resume or the user's last resume."""

from __future__ import annotations

from typing import Any

from resugrow_career.commands import PathsCmd
from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.path_results import build_paths
from resugrow_career.domain.paths import Start
from resugrow_career.use_cases.occupations import resolve_occupation
from resugrow_career.use_cases.ports import ReadRepos


async def plan_paths(repos: ReadRepos, cmd: PathsCmd, *, catalog: Catalog, user_id: str) -> dict[str, Any]:
    profile = await repos.profiles.get(user_id)
    occ = resolve_occupation(
        catalog, code=cmd.occupation, title=cmd.title, resume=cmd.resume, profile=profile
    )
    skills = list(cmd.skills) + (list(cmd.resume.skills) if cmd.resume else [])
    if not skills and profile and not (cmd.title or cmd.occupation or cmd.resume):
        skills = list(profile.get("skills", []))
    area = catalog.area(cmd.location)
    return build_paths(catalog, Start(occ, tuple(skills), area), list(cmd.goals), limit=cmd.limit)
