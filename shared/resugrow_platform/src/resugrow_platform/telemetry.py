"""OpenTelemetry tracing: on only when the standard OTEL_* variables configure an exporter."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider, sampling
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.trace import Link, SpanKind
from opentelemetry.trace.span import TraceState
from opentelemetry.util.types import Attributes

_provider: TracerProvider | None = None


class _RecordWhenExported(sampling.Sampler):
    """Spans are recorded only once something receives them (an exporter, a test's processor).

    Unrecorded spans still carry their trace and span ids, taken from the caller's traceparent
    when there is one, so log lines and Kafka headers keep their trace ids; what is skipped is
    the span's bookkeeping: its attributes, events and end, about 0.1-0.2 ms of CPU per span and
    several spans per request (issue 16: the per-request cost of every hop)."""

    def __init__(self) -> None:
        self.receiving = False
        # OTEL_TRACES_SAMPLER / _ARG when set, else parent-based always-on (the SDK's default).
        self._when_receiving = sampling._get_from_env_or_default()

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> sampling.SamplingResult:
        if not self.receiving:
            parent = trace.get_current_span(parent_context).get_span_context()
            return sampling.SamplingResult(
                sampling.Decision.DROP, None, parent.trace_state if parent.is_valid else None
            )
        return self._when_receiving.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        return f"RecordWhenExported{{{self._when_receiving.get_description()}}}"


class _Provider(TracerProvider):
    def __init__(self, resource: Resource) -> None:
        self._gate = _RecordWhenExported()
        super().__init__(resource=resource, sampler=self._gate)

    def add_span_processor(self, span_processor: SpanProcessor) -> None:
        super().add_span_processor(span_processor)
        self._gate.receiving = True


def tracing_requested() -> bool:
    exporter = os.environ.get("OTEL_TRACES_EXPORTER", "")
    if exporter == "none":
        return False
    return bool(
        exporter
        or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def configure_tracing(service: str, *, enabled: bool | None = None, console: bool = False) -> TracerProvider:
    """Install one TracerProvider per process.

    Trace ids always reach log lines and Kafka headers, even when no collector is configured;
    spans are recorded and exported only when OTEL_* asks for it (or a processor is added).
    """
    global _provider
    if _provider is not None:
        return _provider
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", service)})
    provider = _Provider(resource)
    export = tracing_requested() if enabled is None else enabled
    if export:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    if console or os.environ.get("OTEL_TRACES_EXPORTER") == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)
    _provider = provider
    _instrument_libraries()
    return provider


def _instrument_libraries() -> None:
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor

    HTTPXClientInstrumentor().instrument()
    PymongoInstrumentor().instrument()


def _span_details(scope: Any) -> tuple[str, dict[str, str]]:
    """The server span's name before routing: the method alone. The instrumentation's own
    version matches the path against every route to name the span, a second routing that cost
    0.3-2 ms of CPU per request (more than a cached render's whole route); the span is renamed
    after its route template once the app has routed it (`http.RequestContextMiddleware`)."""
    return str(scope.get("method") or "HTTP"), {}


class _TraceContextOnly:
    """The server span's stand-in while no span is recorded: the caller's trace context (or a
    new trace) made current, so log lines and stored events keep their trace ids. The
    instrumentation's middleware collects the request's attributes for a span even when the
    span records nothing: 0.3-0.4 ms of CPU per request on each hop (issue 16, profiled)."""

    def __init__(self, traced: Any, plain: Any, gate: _RecordWhenExported) -> None:
        self.app = traced
        self.plain = plain
        self.gate = gate
        self.tracer = trace.get_tracer("resugrow.http")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.gate.receiving or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        carrier = {
            key.decode("latin-1"): value.decode("latin-1")
            for key, value in scope.get("headers", ())
            if key in _TRACE_HEADERS
        }
        parent = propagate.extract(carrier) if carrier else None
        span = self.tracer.start_span("request", context=parent, kind=SpanKind.SERVER)
        token = otel_context.attach(trace.set_span_in_context(span, parent))
        try:
            await self.plain(scope, receive, send)
        finally:
            otel_context.detach(token)


_TRACE_HEADERS = frozenset({b"traceparent", b"tracestate", b"baggage"})


def instrument_app(app: Any) -> None:
    from opentelemetry.instrumentation import fastapi as otel_fastapi
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    otel_fastapi._get_default_span_details = _span_details
    # One server span per request; the per-message "http send"/"http receive" child spans (two
    # or three more spans on every request) cost about 0.2 ms of CPU each request and say
    # nothing the server span does not.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="livez,readyz,metrics", exclude_spans=["receive", "send"]
    )
    provider = trace.get_tracer_provider()
    if not isinstance(provider, _Provider):
        return  # someone else's provider: its spans, its cost
    instrumented = app.build_middleware_stack

    def build_middleware_stack() -> Any:
        # The instrumentation builds ServerErrorMiddleware(OpenTelemetryMiddleware(the app's
        # stack)); its middleware runs only while spans are recorded.
        outer = instrumented()
        otel = getattr(outer, "app", None)
        if isinstance(otel, OpenTelemetryMiddleware):
            outer.app = _TraceContextOnly(otel, otel.app, provider._gate)
        return outer

    app.build_middleware_stack = build_middleware_stack


def current_traceparent() -> dict[str, str]:
    """The W3C trace context of the current span, to store with an outbox document."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def tracer(name: str = "resugrow") -> trace.Tracer:
    return trace.get_tracer(name)


def shutdown_tracing() -> None:
    if _provider is not None:
        _provider.force_flush(2000)
