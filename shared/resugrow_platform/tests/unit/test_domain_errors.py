"""Domain errors become problem+json once, in the platform; consumers learn which are permanent."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from resugrow_domain import Conflict, FieldError, InvalidInput, NotFound, TooLarge, Unavailable, Unsupported
from resugrow_platform.errors import PermanentError, install_problem_handlers, is_permanent


def _app(exc: Exception) -> httpx.AsyncClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/boom")
    async def boom() -> None:
        raise exc

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (NotFound("No such resume."), 404),
        (Conflict("Version moved on."), 409),
        (InvalidInput("Bad email.", field="basics.email"), 422),
        (TooLarge("Over 5 MB.", limit_bytes=5), 413),
        (Unsupported("Not a PDF."), 415),
        (Unavailable("Busy.", retry_after_s=2), 503),
    ],
)
async def test_domain_error_maps_to_one_problem_shape(exc: Exception, status: int) -> None:
    async with _app(exc) as client:
        resp = await client.get("/boom")
    assert resp.status_code == status
    assert resp.headers["content-type"] == "application/problem+json"
    body = resp.json()
    assert body["status"] == status and body["detail"] == str(exc)


async def test_field_errors_and_extra_and_retry_after() -> None:
    err = InvalidInput("Fix the rows.", errors=[FieldError(msg="unknown stage", row=4, column="Stage")])
    async with _app(err) as client:
        body = (await client.get("/boom")).json()
    assert body["errors"] == [
        {"loc": [4, "Stage"], "msg": "unknown stage", "type": "invalid", "row": 4, "column": "Stage"}
    ]
    async with _app(TooLarge("big", limit_bytes=10)) as client:
        assert (await client.get("/boom")).json()["limit_bytes"] == 10
    async with _app(Unavailable("busy", retry_after_s=2)) as client:
        assert (await client.get("/boom")).headers["retry-after"] == "2"


def test_consumers_retry_unavailable_and_dead_letter_the_rest() -> None:
    assert is_permanent(InvalidInput("x"))
    assert is_permanent(NotFound("x"))
    assert is_permanent(PermanentError("x"))
    assert not is_permanent(Unavailable("x"))
    assert not is_permanent(RuntimeError("x"))
