"""Route dependencies as `Annotated` aliases: the runtime built in `create_app`, the caller."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query, Request

from resugrow_platform import CurrentUser
from resugrow_tracker.runtime import TrackerRuntime


# `async def`: FastAPI runs a plain `def` dependency in its thread pool (a thread hop per request).
async def get_runtime(request: Request) -> TrackerRuntime:
    runtime: TrackerRuntime = request.app.state.tracker_runtime
    return runtime


RuntimeDep = Annotated[TrackerRuntime, Depends(get_runtime)]
UserDep = CurrentUser
StageQuery = Annotated[list[str] | None, Query(description="Stage(s), repeated or comma-separated")]
DateQuery = Annotated[datetime | None, Query()]
LimitQuery = Annotated[int | None, Query(ge=1, le=200, description="Page size (default 50)")]
CursorQuery = Annotated[str | None, Query(max_length=1024, description="next_cursor of the previous page")]
