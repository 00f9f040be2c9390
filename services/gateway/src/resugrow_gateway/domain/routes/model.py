"""The route model: which service owns a path prefix, and one declared proxied route."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MB = 1024 * 1024
JSON_LIMIT = 1 * MB
UPLOAD_LIMIT = 10 * MB
DEFAULT_TIMEOUT_S = 10.0
SERVICES = ("resume", "ats", "interview", "linkedin", "tracker", "career")


class BodyKind(StrEnum):
    NONE = "none"
    JSON = "json"
    UPLOAD = "upload"  # multipart/form-data with a `file` part
    JSON_OR_UPLOAD = "json_or_upload"
    DOCUMENT = "document"  # a JSON, YAML or multipart import


@dataclass(frozen=True)
class ServiceRule:
    prefix: str
    service: str
    max_body_bytes: int = JSON_LIMIT
    timeout_s: float = DEFAULT_TIMEOUT_S


# Longest prefix first so `/v1/jobs/clip` wins over any shorter rule.
PREFIXES: tuple[ServiceRule, ...] = tuple(
    sorted(
        (
            ServiceRule("/v1/resumes", "resume", 2 * MB),
            ServiceRule("/v1/renders", "resume", timeout_s=60.0),
            ServiceRule("/v1/templates", "resume"),
            ServiceRule("/v1/cover-letters", "resume"),
            ServiceRule("/v1/writing", "resume"),
            ServiceRule("/v1/ats", "ats", UPLOAD_LIMIT, 30.0),
            ServiceRule("/v1/interview", "interview"),
            ServiceRule("/v1/interviews", "interview"),
            ServiceRule("/v1/linkedin", "linkedin", UPLOAD_LIMIT, 30.0),
            ServiceRule("/v1/applications", "tracker", 5 * MB),
            ServiceRule("/v1/reminders", "tracker"),
            ServiceRule("/v1/analytics", "tracker"),
            ServiceRule("/v1/board", "tracker"),
            ServiceRule("/v1/jobs/clip", "tracker"),
            ServiceRule("/v1/activity", "tracker"),
            ServiceRule("/v1/tracker", "tracker"),
            ServiceRule("/v1/career", "career"),
            ServiceRule("/v1/glossary", "career"),
        ),
        key=lambda rule: len(rule.prefix),
        reverse=True,
    )
)


def resolve_service(path: str) -> ServiceRule | None:
    """The rule owning `path`, matching whole segments (`/v1/atsx` is nobody's)."""
    for rule in PREFIXES:
        if path == rule.prefix or path.startswith(rule.prefix + "/"):
            return rule
    return None


@dataclass(frozen=True)
class ProxyRoute:
    method: str
    path: str
    operation_id: str
    summary: str
    body: BodyKind = BodyKind.NONE
    timeout_s: float | None = None
    max_body_bytes: int | None = None
    status_code: int = 200
    # The answer may be a file (PDF, DOCX, PNG, ZIP, CSV) rather than JSON.
    binary: bool = False
    query: tuple[str, ...] = ()
    # Served without a token (e.g. template thumbnails, which an <img> tag fetches).
    public: bool = False
    # Answered by the gateway itself, which composes several services (its own router serves it).
    composed: bool = False

    @property
    def rule(self) -> ServiceRule:
        rule = resolve_service(self.path)
        if rule is None:
            raise LookupError(f"no service owns {self.path}")
        return rule

    @property
    def service(self) -> str:
        return self.rule.service

    @property
    def timeout(self) -> float:
        return self.timeout_s if self.timeout_s is not None else self.rule.timeout_s

    @property
    def body_limit(self) -> int:
        if self.max_body_bytes is not None:
            return self.max_body_bytes
        if self.body in (BodyKind.UPLOAD, BodyKind.JSON_OR_UPLOAD):
            return UPLOAD_LIMIT
        if self.body == BodyKind.DOCUMENT:
            return self.rule.max_body_bytes
        return JSON_LIMIT

    @property
    def path_params(self) -> list[str]:
        return [part[1:-1] for part in self.path.split("/") if part.startswith("{") and part.endswith("}")]
