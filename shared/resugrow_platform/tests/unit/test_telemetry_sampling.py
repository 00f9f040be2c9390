"""Spans are recorded only when something receives them; trace ids exist either way."""

from __future__ import annotations

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from resugrow_platform.telemetry import _Provider


def test_without_a_processor_spans_keep_ids_and_the_callers_trace_but_record_nothing() -> None:
    provider = _Provider(Resource.create({"service.name": "t"}))
    tracer = provider.get_tracer("t")
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    parent = propagate.extract({"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"})
    with tracer.start_as_current_span("request", context=parent) as span:
        assert not span.is_recording()
        ctx = span.get_span_context()
        assert ctx.is_valid and format(ctx.trace_id, "032x") == trace_id
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        assert trace_id in carrier["traceparent"]  # what the outbox stores with an event
    with tracer.start_as_current_span("fresh") as fresh:
        assert fresh.get_span_context().is_valid  # a new trace when the caller sent none


def test_once_a_processor_is_added_spans_are_recorded_and_exported() -> None:
    provider = _Provider(Resource.create({"service.name": "t"}))
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with provider.get_tracer("t").start_as_current_span("request", kind=trace.SpanKind.SERVER) as span:
        assert span.is_recording()
    assert [s.name for s in exporter.get_finished_spans()] == ["request"]


async def test_while_nothing_records_requests_skip_the_instrumentation_but_keep_the_callers_trace() -> None:
    from resugrow_platform.telemetry import _RecordWhenExported, _TraceContextOnly

    seen: list[str] = []

    async def plain(scope: object, receive: object, send: object) -> None:
        ctx = trace.get_current_span().get_span_context()
        seen.append(format(ctx.trace_id, "032x") if ctx.is_valid else "none")

    async def instrumented(scope: object, receive: object, send: object) -> None:
        seen.append("instrumented")

    gate = _RecordWhenExported()
    middleware = _TraceContextOnly(instrumented, plain, gate)
    trace_id = "0af7651916cd43dd8448eb211c80319c"
    scope = {"type": "http", "headers": [(b"traceparent", f"00-{trace_id}-b7ad6b7169203331-01".encode())]}
    await middleware(scope, None, None)
    gate.receiving = True
    await middleware(scope, None, None)
    assert seen == [trace_id, "instrumented"]
