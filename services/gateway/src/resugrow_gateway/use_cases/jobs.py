"""`GET /v1/jobs/{id}`: ask every service that runs jobs, answer with the one that knows the id."""

from __future__ import annotations

import asyncio
import re
from typing import Any, Protocol

from resugrow_domain import NotFound, Unavailable
from resugrow_gateway.adapters.downstream import DownstreamFailed, SmallAnswer, problem_or_json
from resugrow_gateway.domain.jobs import JOB_SOURCES, job_view
from resugrow_gateway.use_cases.dashboard_context import Fetcher

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class JobsContext(Protocol):
    @property
    def downstreams(self) -> Fetcher: ...


async def get_job(
    gw: JobsContext, *, job_id: str, authorization: str, request_id: str | None
) -> dict[str, Any]:
    if not _SAFE_ID.match(job_id):
        raise NotFound("No job has this id.")

    async def ask(service: str, path: str) -> SmallAnswer | None:
        try:
            return await gw.downstreams.get_json(
                service, path, authorization=authorization, request_id=request_id, timeout=5.0
            )
        except DownstreamFailed:
            return None

    answers = await asyncio.gather(*(ask(s.service, s.path(job_id)) for s in JOB_SOURCES))
    unsure = False
    for source, answer in zip(JOB_SOURCES, answers, strict=True):
        if answer is None or answer.status_code >= 500:
            unsure = True
            continue
        if answer.status_code == 200:
            body = problem_or_json(answer)
            if isinstance(body, dict):
                return job_view(source, job_id, body)
            unsure = True
        elif answer.status_code not in (404, 405, 422):
            unsure = True
    if unsure:
        raise Unavailable("Not every service that runs jobs answered; try again shortly.", retry_after_s=2)
    raise NotFound("No job has this id.")
