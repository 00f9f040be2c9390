"""structlog JSON logs on every line, with trace ids, PII redaction, stdlib and uvicorn routed through.

structlog's `event` key is renamed to `message` so it never collides with domain events.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import MutableMapping
from typing import Any

import structlog
from opentelemetry import trace

# Keys whose values never reach a log line: credentials, tokens and document contents.
_SENSITIVE_KEY = re.compile(
    r"(pass(word|wd)?|secret|token|authorization|cookie|api[_-]?key|jwt|credential|"
    r"content|document|body|text|answer|resume_text|file_bytes|description)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ALLOWED = {
    "message",
    "level",
    "logger",
    "timestamp",
    "trace_id",
    "span_id",
    "service",
    "request_id",
    "event_type",
    "event_id",
    "topic",
    "path",
    "method",
    "status",
    "duration_ms",
    "user_id",
    "correlation_id",
    "outcome",
    "attempt",
    "reason",
    "exc_type",
    "partition",
    "offset",
    "group",
    "count",
    "route",
    "client",
}
REDACTED = "[redacted]"


# What any of the three patterns below needs: one search instead of three substitutions on every
# string of every log line (most hold none of it: a method, a route template, an id).
_MAYBE_SECRET = re.compile(r"(?i)bearer|eyJ|@")


def _scrub(value: str) -> str:
    if _MAYBE_SECRET.search(value) is None:
        return value
    value = _BEARER.sub("Bearer " + REDACTED, value)
    value = _JWT.sub(REDACTED, value)
    return _EMAIL.sub("[email]", value)


def redact_sensitive(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        if key in _ALLOWED and key != "message":
            if isinstance(event_dict[key], str):
                event_dict[key] = _scrub(event_dict[key])
            continue
        if _SENSITIVE_KEY.search(key):
            event_dict[key] = REDACTED
        elif isinstance(event_dict[key], str):
            event_dict[key] = _scrub(event_dict[key])
    return event_dict


def add_trace_ids(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    ctx = trace.get_current_span().get_span_context()
    if ctx.is_valid:
        event_dict.setdefault("trace_id", format(ctx.trace_id, "032x"))
        event_dict.setdefault("span_id", format(ctx.span_id, "016x"))
    return event_dict


# The service the lines are about: read at each line, so loggers cached on first use (below) follow
# a later configure_logging (tests build many apps in one process; a deployment configures once).
_SERVICE = {"name": "resugrow"}


def _add_service(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    event_dict.setdefault("service", _SERVICE["name"])
    return event_dict


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_service,
        add_trace_ids,
        structlog.processors.EventRenamer("message"),
        redact_sensitive,
    ]


class _Stdout:
    """Whatever `sys.stdout` is when a line is written (pytest's capture, a redirected file)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


_OUT = _Stdout()
_LOCK = threading.Lock()


class _LineLogger:
    """Writes each rendered line whole, and flushes it (a crash loses no line already logged).

    Our own lines take this path instead of the standard library's: a LogRecord built, handed
    to a handler, then re-processed by a formatter cost ~175 us of CPU per access-log line
    against ~66 us here (session 6, measured per line), and every request logs one in the
    gateway and one in the service it calls."""

    def __init__(self, name: str) -> None:
        self.name = name

    def msg(self, message: str) -> None:
        with _LOCK:
            _OUT.write(message + "\n")
            _OUT.flush()

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


def _line_logger(*args: Any) -> _LineLogger:
    return _LineLogger(str(args[0]) if args else "resugrow")


def configure_logging(service: str, level: str = "INFO", json_output: bool = True) -> None:
    """Idempotent: safe to call once per app (tests build many apps in one process; the processors
    and the service name follow each call, the level of a logger already used stays as it was).

    structlog lines are rendered and written directly; the standard library's loggers (uvicorn,
    FastStream, aiokafka, pymongo) go through one handler that renders them the same way."""
    _SERVICE["name"] = service
    renderer: Any = (
        structlog.processors.JSONRenderer() if json_output else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            *_shared_processors(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        logger_factory=_line_logger,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *_shared_processors()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(_OUT)
    handler.setFormatter(formatter)
    handler.set_name("resugrow")
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if h.get_name() != "resugrow"]
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn and FastStream install their own handlers; route them through ours instead.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "faststream", "aiokafka"):
        lg = logging.getLogger(name)
        lg.handlers = []
        lg.propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)  # our middleware logs requests
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    logging.getLogger("pymongo").setLevel(logging.WARNING)


def get_logger(name: str = "resugrow") -> Any:
    return structlog.get_logger(name)
