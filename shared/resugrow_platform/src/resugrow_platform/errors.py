"""RFC 9457 problem+json errors: one shape for every 4xx/5xx the platform returns."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure, ExecutionTimeout, PyMongoError, WTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from resugrow_domain import (
    Conflict as DomainConflict,
)
from resugrow_domain import (
    DomainError,
    Forbidden,
    InvalidInput,
    TooLarge,
    Unavailable,
    Unsupported,
)
from resugrow_domain import (
    NotFound as DomainNotFound,
)

PROBLEM_JSON = "application/problem+json"


class ProblemError(Exception):
    """Raise from any layer to answer with a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        type_: str = "about:blank",
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type_
        self.errors = errors
        self.headers = headers
        self.extra = extra

    def to_dict(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"type": self.type, "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = self.errors
        body.update(self.extra)
        return body


class PermanentError(Exception):
    """A message that can never succeed: dead-lettered at once, without retries."""


def problem_messages(
    status: int, title: str, detail: str, *, headers: list[tuple[bytes, bytes]] | None = None, **extra: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A problem+json answer as its two ASGI messages (start, body), for pure ASGI middleware that
    answers before any app runs (admission, rate limits). Built once and reused where the answer
    never changes, so a refusal costs two sends."""
    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    ).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
            *(headers or []),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


def NotFound(detail: str = "The resource does not exist.", **extra: Any) -> ProblemError:
    return ProblemError(404, "Not Found", detail, **extra)


def BadRequest(detail: str, **extra: Any) -> ProblemError:
    return ProblemError(400, "Bad Request", detail, **extra)


def Conflict(detail: str, **extra: Any) -> ProblemError:
    return ProblemError(409, "Conflict", detail, **extra)


def Unprocessable(detail: str, **extra: Any) -> ProblemError:
    return ProblemError(422, "Unprocessable Content", detail, **extra)


def PayloadTooLarge(detail: str, **extra: Any) -> ProblemError:
    return ProblemError(413, "Content Too Large", detail, **extra)


def UnsupportedMediaType(detail: str, **extra: Any) -> ProblemError:
    return ProblemError(415, "Unsupported Media Type", detail, **extra)


def Unauthorized(detail: str = "Missing or invalid bearer token.") -> ProblemError:
    return ProblemError(401, "Unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


# Most specific first: TooLarge and Unsupported are InvalidInput too.
_DOMAIN_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (DomainNotFound, 404),
    (DomainConflict, 409),
    (TooLarge, 413),
    (Unsupported, 415),
    (InvalidInput, 422),
    (Forbidden, 403),
    (Unavailable, 503),
)


def problem_from_domain(exc: DomainError) -> ProblemError:
    """The one translation of a use case's domain error into an HTTP problem."""
    status = next((code for kind, code in _DOMAIN_STATUS if isinstance(exc, kind)), 400)
    errors = [
        {
            "loc": e.path(),
            "msg": e.msg,
            "type": e.type,
            **({"field": e.field} if e.field else {}),
            **({"row": e.row} if e.row is not None else {}),
            **({"column": e.column} if e.column is not None else {}),
            **({"value": e.value[:120]} if e.value is not None else {}),
        }
        for e in exc.errors
    ]
    headers = {}
    if exc.retry_after_s is not None:
        headers["Retry-After"] = str(max(1, round(exc.retry_after_s)))
    return ProblemError(
        status, exc.title, exc.detail, errors=errors or None, headers=headers or None, **exc.extra
    )


def database_unavailable(exc: BaseException) -> bool:
    """The database is down, paused or electing: a 503 the client may retry, not a 500."""
    if isinstance(exc, ConnectionFailure | ExecutionTimeout | WTimeoutError):
        return True
    return isinstance(exc, PyMongoError) and (
        exc.timeout
        or exc.has_error_label("TransientTransactionError")
        or exc.has_error_label("RetryableWriteError")
    )


def is_permanent(exc: BaseException) -> bool:
    """Consumers dead-letter these at once: retrying cannot change the answer."""
    if isinstance(exc, PermanentError):
        return True
    return isinstance(exc, DomainError) and not isinstance(exc, Unavailable)


def problem_response(problem: ProblemError, request: Request | None = None) -> JSONResponse:
    instance = request.url.path if request is not None else None
    headers = dict(problem.headers or {})
    request_id = getattr(request.state, "request_id", None) if request is not None else None
    body = problem.to_dict(instance)
    if request_id:
        body["request_id"] = request_id
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for err in exc.errors():
        # Never echo the rejected input: it may be a password or a document.
        errors.append(
            {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        )
    return errors


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc, request)


async def _on_domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(problem_from_domain(exc), request)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = {404: "Not Found", 405: "Method Not Allowed", 401: "Unauthorized", 403: "Forbidden"}.get(
        exc.status_code, "HTTP Error"
    )
    detail = exc.detail if isinstance(exc.detail, str) else None
    headers = dict(exc.headers or {})
    return problem_response(ProblemError(exc.status_code, title, detail, headers=headers), request)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problem = ProblemError(
        422,
        "Unprocessable Content",
        "The request is invalid: see errors for each field.",
        errors=_validation_errors(exc),
    )
    return problem_response(problem, request)


async def _on_database(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PyMongoError)
    if not database_unavailable(exc):
        return await _on_unhandled(request, exc)
    import structlog

    structlog.get_logger("resugrow.errors").warning(
        "database_unavailable", path=request.url.path, exc_type=type(exc).__name__
    )
    problem = ProblemError(
        503,
        "Service Unavailable",
        "The service's database is not answering; nothing was changed. Try again shortly.",
        headers={"Retry-After": "2"},
    )
    return problem_response(problem, request)


async def _on_unhandled(request: Request, exc: Exception) -> JSONResponse:
    import structlog

    structlog.get_logger("resugrow.errors").exception("unhandled_error", path=request.url.path)
    # Starlette re-raises after this answer and uvicorn then drops the connection: say so, so
    # a keep-alive client (the gateway's pool) never sends the next caller's request on it.
    return problem_response(
        ProblemError(
            500,
            "Internal Server Error",
            "An unexpected error occurred.",
            headers={"Connection": "close"},
        ),
        request,
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(DomainError, _on_domain)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(PyMongoError, _on_database)
    app.add_exception_handler(Exception, _on_unhandled)
