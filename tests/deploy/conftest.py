"""Shared helpers for the offline deployment checks (no Docker, no helm binary: decisions D11)."""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "resugrow"
RELEASE = "resugrow"
NAMESPACE = "resugrow"
# A secret long enough for HS256; the default values leave it empty on purpose.
TEST_SECRETS = {"secrets": {"jwtSecret": "test-only-jwt-secret-0123456789abcdef"}}


def service_names() -> list[str]:
    return sorted(p.name for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").is_file())


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def all_features_on() -> dict[str, Any]:
    """Every optional switch of the chart turned on at once."""
    per_service = {
        "replicas": 3,
        "autoscaling": {"enabled": True, "minReplicas": 2, "maxReplicas": 5},
        "workers": {"enabled": True, "replicas": 2, "env": {"RESUGROW_EXTRA_FLAG": "1"}},
        "keda": {"enabled": True, "minReplicas": 2, "maxReplicas": 6, "topics": ["resugrow.user.deleted.v1"]},
        "extraEnv": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
        "mongo": {"database": "resugrow_custom"},
        "serviceAccount": {"create": True, "annotations": {"example.com/role": "resugrow"}},
        "podAnnotations": {"example.com/team": "platform"},
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "tolerations": [
            {"key": "dedicated", "operator": "Equal", "value": "resugrow", "effect": "NoSchedule"}
        ],
        "affinity": {
            "podAntiAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": [
                    {
                        "weight": 50,
                        "podAffinityTerm": {
                            "topologyKey": "kubernetes.io/hostname",
                            "labelSelector": {"matchLabels": {"app.kubernetes.io/part-of": "resugrow"}},
                        },
                    }
                ]
            }
        },
        "networkPolicy": {"ingressFrom": [{"podSelector": {"matchLabels": {"role": "debug"}}}]},
    }
    values: dict[str, Any] = {
        "global": {
            "imagePullSecrets": [{"name": "registry-credentials"}],
            "otel": {
                "endpoint": "http://otel-collector.observability.svc:4318",
                "networkPeers": [
                    {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "observability"}}}
                ],
            },
            "networkPolicy": {"enabled": True},
            "serviceMonitor": {"enabled": True, "labels": {"release": "kube-prometheus-stack"}},
        },
        **TEST_SECRETS,
    }
    for name in service_names():
        values[name] = copy.deepcopy(per_service)
    values["gateway"]["ingress"] = {
        "enabled": True,
        "className": "nginx",
        "host": "api.resugrow.test",
        "tlsSecretName": "resugrow-api-tls",
        "annotations": {"nginx.ingress.kubernetes.io/proxy-buffering": "off"},
    }
    return values


def values_files() -> dict[str, dict[str, Any]]:
    """Every values configuration the chart must render: defaults, each values-*.yaml, all on."""
    configs: dict[str, dict[str, Any]] = {"default": copy.deepcopy(TEST_SECRETS)}
    for path in sorted(CHART.glob("values-*.yaml")):
        # No values file commits a signing key: the install supplies one (--set), as here.
        values = yaml.safe_load(path.read_text()) or {}
        if values.get("secrets", {}).get("create", True):
            values = deep_merge(values, copy.deepcopy(TEST_SECRETS))
        configs[path.name] = values
    configs["all-features-on"] = all_features_on()
    return configs


def render_chart(values: dict[str, Any]) -> list[dict[str, Any]]:
    import helm_python as helm

    with helm.Chart.load(str(CHART)) as chart:
        chart.validate_schema(values)
        rendered = chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    docs: list[dict[str, Any]] = []
    for path, text in sorted(rendered.items()):
        if not path.endswith((".yaml", ".yml")):
            continue
        for doc in yaml.safe_load_all(text):
            if doc:
                docs.append(doc)
    return docs


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {name: render_chart(values) for name, values in values_files().items()}


@pytest.fixture(scope="session")
def deploy() -> SimpleNamespace:
    """The helpers above, for test modules (importlib import mode cannot import conftest by name)."""
    return SimpleNamespace(
        root=ROOT,
        chart=CHART,
        release=RELEASE,
        services=service_names(),
        render=render_chart,
        values_files=values_files,
        all_features_on=all_features_on,
        deep_merge=deep_merge,
        test_secrets=TEST_SECRETS,
    )
