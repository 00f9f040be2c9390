"""FastAPI dependencies of the resume API, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from resugrow_platform import CurrentUser
from resugrow_resume.commands import PageQuery
from resugrow_resume.runtime import ResumeRuntime


# Both are `async def` on purpose: FastAPI runs a plain `def` dependency in its thread pool, a
# thread hop (wake-up, GIL hand-over) on every request for what is an attribute read.
async def get_runtime(request: Request) -> ResumeRuntime:
    runtime: ResumeRuntime = request.app.state.runtime
    return runtime


async def page_query(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[
        str | None, Query(max_length=1024, description="next_cursor of the previous page")
    ] = None,
) -> PageQuery:
    return PageQuery(limit=limit, cursor=cursor)


RuntimeDep = Annotated[ResumeRuntime, Depends(get_runtime)]
UserDep = CurrentUser
PageDep = Annotated[PageQuery, Depends(page_query)]
Limit = Annotated[int, Query(ge=1, le=100)]
