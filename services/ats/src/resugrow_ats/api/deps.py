"""Typed dependencies of the ATS routes: the runtime and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from resugrow_ats.runtime import AtsRuntime
from resugrow_platform import CurrentUser


# `async def`: FastAPI runs a plain `def` dependency in its thread pool (a thread hop per request).
async def get_runtime(request: Request) -> AtsRuntime:
    runtime: AtsRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[AtsRuntime, Depends(get_runtime)]
UserDep = CurrentUser
