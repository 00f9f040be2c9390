"""One dependency alias for the runtime; routes never look into app.state themselves."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from resugrow_career.runtime import CareerRuntime
from resugrow_platform import CurrentUser


# `async def`: FastAPI runs a plain `def` dependency in its thread pool (a thread hop per request).
async def _runtime(request: Request) -> CareerRuntime:
    rt: CareerRuntime = request.app.state.career
    return rt


RuntimeDep = Annotated[CareerRuntime, Depends(_runtime)]
UserDep = CurrentUser
Json = dict[str, Any]
