"""Generate one Grafana dashboard per service into deploy/observability/grafana/dashboards/.

    python deploy/observability/dashboards.py           # write
    python deploy/observability/dashboards.py --check   # exit 1 when a committed dashboard is stale

Every dashboard has the same rows (HTTP, events, reliability) so an on-call engineer reads any
service the same way; the gateway adds its circuit breakers. Queries use only the metric names
`resugrow_platform.metrics` exports.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "deploy" / "observability" / "grafana" / "dashboards"
RUNBOOK = "https://github.com/resugrow/resugrow/blob/main/docs/operations.md"
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}
SCHEMA_VERSION = 39


def service_names() -> list[str]:
    return sorted(p.name for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").is_file())


def _target(expr: str, legend: str, ref: str) -> dict[str, Any]:
    return {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend, "refId": ref}


def _panel(
    pid: int,
    title: str,
    targets: list[tuple[str, str]],
    *,
    grid: tuple[int, int, int, int],
    unit: str = "short",
    description: str = "",
    kind: str = "timeseries",
    thresholds: list[tuple[float, str]] | None = None,
    mappings: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    x, y, w, h = grid
    steps: list[dict[str, Any]] = [{"color": "green", "value": None}]
    steps += [{"color": color, "value": value} for value, color in thresholds or []]
    return {
        "id": pid,
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "fieldConfig": {
            "defaults": {
                "unit": unit,
                "thresholds": {"mode": "absolute", "steps": steps},
                "mappings": mappings or [],
            },
            "overrides": [],
        },
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True}},
        "targets": [_target(expr, legend, chr(ord("A") + i)) for i, (expr, legend) in enumerate(targets)],
    }


def _row(pid: int, title: str, y: int) -> dict[str, Any]:
    return {
        "id": pid,
        "type": "row",
        "title": title,
        "collapsed": False,
        "gridPos": {"x": 0, "y": y, "w": 24, "h": 1},
        "panels": [],
    }


def dashboard(service: str) -> dict[str, Any]:
    s = f'service="{service}"'
    rate = "$__rate_interval"
    panels: list[dict[str, Any]] = [
        _row(1, "HTTP", 0),
        _panel(
            2,
            "Request rate by route",
            [(f"sum by (route) (rate(http_requests_total{{{s}}}[{rate}]))", "{{route}}")],
            grid=(0, 1, 8, 8),
            unit="reqps",
        ),
        _panel(
            3,
            "Errors (5xx ratio, 4xx rate)",
            [
                (
                    f'sum(rate(http_requests_total{{{s},status=~"5.."}}[{rate}])) / clamp_min(sum(rate(http_requests_total{{{s}}}[{rate}])), 1e-9)',
                    "5xx ratio",
                ),
                (f'sum(rate(http_requests_total{{{s},status=~"4.."}}[{rate}]))', "4xx per second"),
            ],
            grid=(8, 1, 8, 8),
            unit="percentunit",
            description=f"5xx should be zero: every bad input is a 4xx problem. Runbook: {RUNBOOK}#high-error-rate",
            thresholds=[(0.01, "red")],
        ),
        _panel(
            4,
            "Latency p50 / p95 / p99",
            [
                (
                    f"histogram_quantile({q}, sum by (le) (rate(http_request_duration_seconds_bucket{{{s}}}[{rate}])))",
                    f"p{round(q * 100)}",
                )
                for q in (0.5, 0.95, 0.99)
            ],
            grid=(16, 1, 8, 8),
            unit="s",
        ),
        _row(5, "Events", 9),
        _panel(
            6,
            "Consumer lag by topic",
            [(f"sum by (topic) (resugrow_consumer_lag{{{s}}})", "{{topic}}")],
            grid=(0, 10, 8, 8),
            description=(
                "Messages not yet processed by this service's consumer group. Scale workers up to the "
                f"topic's partition count. Runbook: {RUNBOOK}#consumer-lag"
            ),
            thresholds=[(1000, "orange"), (10000, "red")],
        ),
        _panel(
            7,
            "Handled events by outcome",
            [
                (
                    f"sum by (topic, outcome) (rate(resugrow_handler_total{{{s}}}[{rate}]))",
                    "{{topic}} {{outcome}}",
                )
            ],
            grid=(8, 10, 8, 8),
            unit="ops",
        ),
        _panel(
            8,
            "Handler duration p95",
            [
                (
                    f"histogram_quantile(0.95, sum by (le, topic) (rate(resugrow_handler_duration_seconds_bucket{{{s}}}[{rate}])))",
                    "{{topic}}",
                )
            ],
            grid=(16, 10, 8, 8),
            unit="s",
        ),
        _row(9, "Reliability", 18),
        _panel(
            10,
            "Outbox backlog",
            [(f"max(resugrow_outbox_backlog{{{s}}})", "pending outbox documents")],
            grid=(0, 19, 8, 8),
            description=f"Committed events not yet on Kafka. Runbook: {RUNBOOK}#outbox-backlog",
            thresholds=[(100, "orange"), (1000, "red")],
        ),
        _panel(
            11,
            "Dead-letter writes",
            [(f"sum by (topic) (increase(resugrow_dlq_writes_total{{{s}}}[$__range]))", "{{topic}}")],
            grid=(8, 19, 8, 8),
            description=f"Events parked in resugrow.dlq.{service}. Runbook: {RUNBOOK}#dead-letters",
            thresholds=[(1, "red")],
        ),
        _panel(
            12,
            "Instances up",
            [(f'count(up{{app="{service}"}} == 1) or count(up{{job=~".*{service}.*"}} == 1)', "up")],
            grid=(16, 19, 8, 8),
            kind="stat",
        ),
    ]
    if service == "gateway":
        panels.append(
            _panel(
                13,
                "Circuit breaker state by downstream",
                [(f"max by (downstream) (resugrow_breaker_state{{{s}}})", "{{downstream}}")],
                grid=(0, 27, 24, 8),
                description=f"0 closed, 1 half-open, 2 open. Runbook: {RUNBOOK}#circuit-breaker-open",
                thresholds=[(1, "orange"), (2, "red")],
                mappings=[
                    {
                        "type": "value",
                        "options": {
                            "0": {"text": "closed", "color": "green"},
                            "1": {"text": "half-open", "color": "orange"},
                            "2": {"text": "open", "color": "red"},
                        },
                    }
                ],
            )
        )
    return {
        "uid": f"resugrow-{service}",
        "title": f"Resugrow / {service}",
        "description": f"Requests, events and reliability of the {service} service. Generated by deploy/observability/dashboards.py.",
        "tags": ["resugrow", service],
        "timezone": "utc",
        "editable": False,
        "schemaVersion": SCHEMA_VERSION,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-3h", "to": "now"},
        "templating": {"list": []},
        "annotations": {"list": []},
        "links": [{"title": "Runbook", "type": "link", "url": RUNBOOK, "targetBlank": True}],
        "panels": panels,
    }


def render(service: str) -> str:
    return json.dumps(dashboard(service), indent=2, sort_keys=False) + "\n"


def stale() -> list[Path]:
    out: list[Path] = []
    for name in service_names():
        path = OUT_DIR / f"{name}.json"
        if not path.exists() or path.read_text(encoding="utf-8") != render(name):
            out.append(path)
    out += [p for p in OUT_DIR.glob("*.json") if p.stem not in service_names()]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate Resugrow Grafana dashboards")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        paths = stale()
        for path in paths:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if paths else 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name in service_names():
        (OUT_DIR / f"{name}.json").write_text(render(name), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
