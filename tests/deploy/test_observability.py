"""Dashboards and alerts: current, complete, and every alert points at a runbook section."""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import yaml

KNOWN_METRICS = {
    "up",
    "http_requests_total",
    "http_request_duration_seconds_bucket",
    "resugrow_outbox_backlog",
    "resugrow_consumer_lag",
    "resugrow_handler_total",
    "resugrow_handler_duration_seconds_bucket",
    "resugrow_dlq_writes_total",
    "resugrow_breaker_state",
}
PROMQL_WORDS = {
    "sum",
    "by",
    "rate",
    "increase",
    "max",
    "count",
    "histogram_quantile",
    "clamp_min",
    "or",
    "and",
    "le",
}


def _metrics_in(expr: str) -> set[str]:
    names = set(re.findall(r"\b([a-z_][a-z0-9_]*)\s*(?:\{|\[)", expr))
    return names - PROMQL_WORDS


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", heading.lower()).strip().replace(" ", "-")


def test_dashboards_are_current(deploy):
    path = deploy.root / "deploy" / "observability" / "dashboards.py"
    spec = importlib.util.spec_from_file_location("resugrow_dashboards", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    assert module.stale() == [], "run: python deploy/observability/dashboards.py"


def test_each_dashboard_shows_the_golden_signals(deploy):
    required = ["http_requests_total", "status=~\"5..\"", "http_request_duration_seconds_bucket",
                "resugrow_consumer_lag", "resugrow_outbox_backlog", "resugrow_dlq_writes_total"]  # fmt: skip
    for name in deploy.services:
        board = json.loads(
            (deploy.root / "deploy/observability/grafana/dashboards" / f"{name}.json").read_text()
        )
        assert board["uid"] == f"resugrow-{name}"
        exprs = " ".join(t["expr"] for p in board["panels"] for t in p.get("targets", []))
        for needle in required:
            assert needle in exprs, f"{name}: {needle}"
        assert f'service="{name}"' in exprs
        assert ("resugrow_breaker_state" in exprs) == (name == "gateway")
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                assert _metrics_in(target["expr"]) <= KNOWN_METRICS, target["expr"]


def test_alerts_use_known_metrics_and_link_to_existing_runbook_sections(deploy):
    rules = yaml.safe_load((deploy.root / "deploy/observability/prometheus/alerts.yml").read_text())
    runbook = (deploy.root / "docs" / "operations.md").read_text()
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", runbook, flags=re.M)}
    alerts = [r for g in rules["groups"] for r in g["rules"]]
    assert len(alerts) >= 6
    for rule in alerts:
        assert _metrics_in(rule["expr"]) <= KNOWN_METRICS, rule["alert"]
        url = rule["annotations"]["runbook_url"]
        assert "docs/operations.md#" in url, rule["alert"]
        assert url.split("#", 1)[1] in anchors, (
            f"{rule['alert']}: no section #{url.split('#', 1)[1]} in docs/operations.md"
        )
        assert rule["labels"]["severity"] in {"page", "ticket"}


def test_runbook_covers_the_operations_ops_asked_for(deploy):
    runbook = (deploy.root / "docs" / "operations.md").read_text().lower()
    for topic in ("scaling a service", "partitions", "python -m resugrow_platform.dlq replay --group",
                  "rotating the jwt", "backup", "restore"):  # fmt: skip
        assert topic in runbook, topic
