"""Request and response models of the gateway's own routes, with the examples shown in /docs."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """RFC 9457 problem details: the body of every error."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not Found",
                    "status": 404,
                    "detail": "The resource does not exist.",
                    "instance": "/v1/jobs/x",
                    "request_id": "5f0c2a9e8b7d4c1f",
                }
            ]
        },
    )
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[dict[str, Any]] | None = None


class AccountOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0192f1d2-7c1a-7b3e-9f00-3c5d2e1a4b6c",
                    "email": "ann.lee@example.com",
                    "created_at": "2026-01-05T12:00:00Z",
                    "email_verified": True,
                }
            ]
        }
    )
    id: str
    email: str
    created_at: datetime
    email_verified: bool = False


class TokenOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
                    "token_type": "bearer",
                    "expires_in": 900,
                    "refresh_token": "q3Zk1v...",
                    "refresh_expires_in": 2592000,
                }
            ]
        }
    )
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str = Field(description="Single use: each refresh returns a new one.")
    refresh_expires_in: int


class SessionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0192f1d2-7c1a-7b3e-9f00-3c5d2e1a4b6c",
                    "created_at": "2026-01-05T12:00:00Z",
                    "last_used_at": "2026-01-06T08:30:00Z",
                    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                    "ip": "203.0.113.7",
                    "current": True,
                }
            ]
        }
    )
    id: str
    created_at: datetime
    last_used_at: datetime
    user_agent: str | None = None
    ip: str | None = None
    current: bool = Field(description="True for the session the calling access token belongs to.")


class SessionPage(BaseModel):
    items: list[SessionOut]
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page.")


class Accepted(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"detail": "If this address has an account, a link is on its way."}]}
    )
    detail: str


class SectionOut(BaseModel):
    status: Literal["ok", "degraded", "unavailable"]
    stale: bool = Field(
        description="True when `data` may be behind: with status `ok`, a stored copy that a change "
        "made out of date, shown while it is fetched again in the background; with `degraded`, the "
        "last good copy shown because the service failed. `age_s` says how old it is."
    )
    data: dict[str, Any] | None = Field(description="The service's own summary for you.")
    reason: (
        Literal["timeout", "circuit_open", "unreachable", "error", "rejected", "not_supported", "busy"] | None
    ) = None
    source: Literal["read_model", "live"] = Field(
        description="`read_model`: the stored copy (current unless `stale`); `live`: fetched from the "
        "service for this page, or tried and failed."
    )
    as_of: datetime | None = Field(
        default=None, description="When `data` was fetched from its service (absent when there is no data)."
    )
    age_s: float | None = Field(
        default=None, description="How old `data` is, in seconds (0 for a live answer; absent without data)."
    )


class DashboardSections(BaseModel):
    resume: SectionOut
    ats: SectionOut
    interview: SectionOut
    linkedin: SectionOut
    tracker: SectionOut
    career: SectionOut


class DashboardOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "generated_at": "2026-01-05T12:00:00+00:00",
                    "partial": True,
                    "sections": {
                        "resume": {
                            "status": "ok",
                            "stale": False,
                            "data": {"items": [], "total": 2},
                            "source": "read_model",
                            "as_of": "2026-01-05T11:58:30+00:00",
                            "age_s": 90.0,
                        },
                        "ats": {
                            "status": "ok",
                            "stale": False,
                            "data": {"latest_score": 81},
                            "source": "live",
                            "as_of": "2026-01-05T12:00:00+00:00",
                            "age_s": 0.0,
                        },
                        "interview": {
                            "status": "degraded",
                            "stale": True,
                            "data": {"sessions": 4},
                            "source": "read_model",
                            "reason": "timeout",
                            "as_of": "2026-01-05T11:59:18+00:00",
                            "age_s": 42.0,
                        },
                        "linkedin": {
                            "status": "unavailable",
                            "stale": False,
                            "data": None,
                            "source": "live",
                            "reason": "unreachable",
                        },
                        "tracker": {
                            "status": "ok",
                            "stale": False,
                            "data": {"pipeline": {"applied": 5}},
                            "source": "read_model",
                            "as_of": "2026-01-05T11:59:58+00:00",
                            "age_s": 2.0,
                        },
                    },
                }
            ]
        }
    )
    generated_at: datetime
    partial: bool = Field(description="True when any section is not `ok`.")
    sections: DashboardSections


class JobOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0192f1d2-7c1a-7b3e-9f00-3c5d2e1a4b6c",
                    "kind": "render",
                    "status": "succeeded",
                    "done": True,
                    "href": "/v1/renders/0192f1d2-7c1a-7b3e-9f00-3c5d2e1a4b6c",
                    "result": {"status": "succeeded", "artifacts": [{"format": "pdf"}]},
                }
            ]
        }
    )
    id: str
    kind: Literal["render", "scan"]
    status: Literal["queued", "running", "succeeded", "failed"]
    done: bool
    href: str = Field(description="The owning service's own resource for this job.")
    result: dict[str, Any]
