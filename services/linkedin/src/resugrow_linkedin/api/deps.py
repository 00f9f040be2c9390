"""Typed dependencies of the LinkedIn routes: the runtime and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from resugrow_linkedin.runtime import LinkedinRuntime
from resugrow_platform import CurrentUser


# `async def`: FastAPI runs a plain `def` dependency in its thread pool (a thread hop per request).
async def get_runtime(request: Request) -> LinkedinRuntime:
    runtime: LinkedinRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[LinkedinRuntime, Depends(get_runtime)]
UserDep = CurrentUser
