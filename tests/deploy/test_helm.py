"""The Helm chart, linted and rendered offline with helm-python-sdk (Helm v4's Go SDK via ctypes),
in every values configuration, and every manifest validated strictly against Kubernetes schemas."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest

from resugrow_events import TOPICS

KUBE_VERSION = "1.33"
CRD_SCHEMAS = Path(__file__).parent / "schemas"


def _by_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind]


def _containers(docs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [
        (d["metadata"]["name"], d["spec"]["template"]["spec"], c)
        for d in _by_kind(docs, "Deployment")
        for c in d["spec"]["template"]["spec"]["containers"]
    ]


def test_chart_lints_clean_in_every_configuration(deploy):
    import helm_python as helm

    for name, values in deploy.values_files().items():
        for path in (deploy.chart, deploy.chart / "charts" / "service"):
            chart_values = values if path == deploy.chart else {}
            report = helm.lint(
                str(path), chart_values, strict=True, namespace="resugrow", kube_version="v1.33.0"
            )
            problems = [m for m in report["messages"] if m["severity"] >= 2]
            assert not report["errors"] and not problems, f"{name} {path.name}: {report}"


def test_every_manifest_is_valid_against_kubernetes_schemas(rendered):
    for config, docs in rendered.items():
        assert docs, config
        for doc in docs:
            api_version, kind = doc["apiVersion"], doc["kind"]
            crd_schema = CRD_SCHEMAS / f"{api_version.replace('/', '_')}_{kind}.json"
            if crd_schema.exists():
                jsonschema.validate(doc, json.loads(crd_schema.read_text()))
                continue
            try:
                kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
            except kubernetes_validate.ValidationError as exc:
                pytest.fail(f"{config}: {kind} {doc['metadata']['name']}: {exc.message}")


def test_every_service_is_deployed_under_its_own_name(rendered, deploy):
    for config, docs in rendered.items():
        deployments = {d["metadata"]["name"] for d in _by_kind(docs, "Deployment")}
        services = {d["metadata"]["name"] for d in _by_kind(docs, "Service")}
        for name in deploy.services:
            assert f"{deploy.release}-{name}" in deployments, (config, name)
            assert f"{deploy.release}-{name}" in services, (config, name)
        names = [(d["kind"], d["metadata"]["name"]) for d in docs]
        assert not [n for n, count in Counter(names).items() if count > 1], f"{config}: duplicate objects"


def test_pods_are_hardened_and_probed(rendered):
    for config, docs in rendered.items():
        for name, pod, container in _containers(docs):
            where = f"{config}: {name}"
            psc, sc = pod["securityContext"], container["securityContext"]
            assert psc["runAsNonRoot"] is True and psc["seccompProfile"]["type"] == "RuntimeDefault", where
            assert sc["readOnlyRootFilesystem"] is True, where
            assert sc["allowPrivilegeEscalation"] is False, where
            assert sc["capabilities"]["drop"] == ["ALL"], where
            assert pod["automountServiceAccountToken"] is False, where
            assert pod["serviceAccountName"], where
            # Read-only root: /tmp is the one writable path, and TMPDIR points there in the image.
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], where
            assert container["startupProbe"]["httpGet"]["path"] == "/livez", where
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", where
            assert container["livenessProbe"]["httpGet"]["path"] == "/livez", where
            assert container["resources"]["requests"], where
            env = {e["name"]: e for e in container["env"]}
            assert "RESUGROW_KAFKA__BOOTSTRAP_SERVERS" in env, where
            assert "secretKeyRef" in env["RESUGROW_MONGO__URL"]["valueFrom"], where
            assert "secretKeyRef" in env["RESUGROW_AUTH__JWT_SECRET"]["valueFrom"], where
            assert env["RESUGROW_KAFKA__ENABLE_IDEMPOTENCE"]["value"] == "true", where


def test_roles_follow_the_worker_split(rendered, deploy):
    docs = rendered["all-features-on"]
    for name in deploy.services:
        api = next(
            d for d in _by_kind(docs, "Deployment") if d["metadata"]["name"] == f"{deploy.release}-{name}"
        )
        worker = next(
            d
            for d in _by_kind(docs, "Deployment")
            if d["metadata"]["name"] == f"{deploy.release}-{name}-worker"
        )
        role = f"RESUGROW_{name.upper()}_ROLE"
        api_env = {e["name"]: e.get("value") for e in api["spec"]["template"]["spec"]["containers"][0]["env"]}
        worker_env = {
            e["name"]: e.get("value") for e in worker["spec"]["template"]["spec"]["containers"][0]["env"]
        }
        assert api_env[role] == "api" and worker_env[role] == "worker"
        assert worker_env["RESUGROW_EXTRA_FLAG"] == "1"
    for docs in (rendered["default"],):
        for d in _by_kind(docs, "Deployment"):
            env = {e["name"]: e.get("value") for e in d["spec"]["template"]["spec"]["containers"][0]["env"]}
            assert env[f"RESUGROW_{d['metadata']['labels']['app.kubernetes.io/name'].upper()}_ROLE"] == "all"


def test_autoscaling_hpa_keda_and_pdb_rules(rendered, deploy):
    for config, docs in rendered.items():
        deployments = {d["metadata"]["name"]: d for d in _by_kind(docs, "Deployment")}
        hpa_targets = {h["spec"]["scaleTargetRef"]["name"] for h in _by_kind(docs, "HorizontalPodAutoscaler")}
        keda_targets = {s["spec"]["scaleTargetRef"]["name"] for s in _by_kind(docs, "ScaledObject")}
        # One autoscaler per Deployment at most; an autoscaled Deployment leaves replicas to it.
        assert not hpa_targets & keda_targets, config
        for name, dep in deployments.items():
            if name in hpa_targets | keda_targets:
                assert "replicas" not in dep["spec"], f"{config}: {name}"
            assert (hpa_targets | keda_targets | {name}) >= {name}
        for hpa in _by_kind(docs, "HorizontalPodAutoscaler"):
            metric = hpa["spec"]["metrics"][0]
            assert metric["resource"]["name"] == "cpu", config
            assert hpa["spec"]["scaleTargetRef"]["name"] in deployments
        for so in _by_kind(docs, "ScaledObject"):
            assert so["spec"]["scaleTargetRef"]["name"] in deployments, config
        # A PDB exactly for Deployments running two or more replicas.
        pdb_selectors = [p["spec"]["selector"]["matchLabels"] for p in _by_kind(docs, "PodDisruptionBudget")]
        for name, dep in deployments.items():
            hpa = next(
                (
                    h
                    for h in _by_kind(docs, "HorizontalPodAutoscaler")
                    if h["spec"]["scaleTargetRef"]["name"] == name
                ),
                None,
            )
            so = next(
                (s for s in _by_kind(docs, "ScaledObject") if s["spec"]["scaleTargetRef"]["name"] == name),
                None,
            )
            low = (
                hpa["spec"]["minReplicas"]
                if hpa
                else so["spec"]["minReplicaCount"]
                if so
                else dep["spec"]["replicas"]
            )
            has_pdb = dep["spec"]["selector"]["matchLabels"] in pdb_selectors
            assert has_pdb == (low >= 2), f"{config}: {name} runs >= {low} replicas, pdb={has_pdb}"


def test_dev_values_run_one_replica_without_pdb(rendered):
    docs = rendered["values-dev.yaml"]
    assert all(d["spec"]["replicas"] == 1 for d in _by_kind(docs, "Deployment"))
    assert not _by_kind(docs, "PodDisruptionBudget")
    assert not _by_kind(docs, "HorizontalPodAutoscaler")


def test_keda_topics_are_the_catalog_consumers_and_respect_partitions(deploy):
    import yaml

    values = yaml.safe_load((deploy.chart / "values.yaml").read_text())
    prod = yaml.safe_load((deploy.chart / "values-prod.yaml").read_text())
    for name in deploy.services:
        consumed = [spec for spec in TOPICS if name in spec.consumers]
        keda = values[name].get("keda", {})
        if name == "gateway":
            # Each gateway replica has its own live-stream group: lag-based scaling does not apply.
            assert not keda.get("topics")
            continue
        assert sorted(keda.get("topics", [])) == sorted(s.topic for s in consumed), name
        ceiling = min(s.partitions for s in consumed)
        for config in (values, prod):
            max_replicas = (
                deploy.deep_merge(values[name], config.get(name, {})).get("keda", {}).get("maxReplicas", 6)
            )
            assert max_replicas <= ceiling, f"{name}: KEDA maxReplicas {max_replicas} > {ceiling} partitions"


def test_network_policy_allows_only_gateway_to_service_and_infrastructure(rendered, deploy):
    docs = rendered["default"]
    policies = {p["metadata"]["name"]: p for p in _by_kind(docs, "NetworkPolicy")}
    assert set(policies) == {f"{deploy.release}-{n}" for n in deploy.services}
    for name in deploy.services:
        spec = policies[f"{deploy.release}-{name}"]["spec"]
        assert spec["policyTypes"] == ["Ingress", "Egress"]
        sources = [peer for rule in spec.get("ingress") or [] for peer in rule["from"]]
        pod_sources = [
            p["podSelector"]["matchLabels"]
            for p in sources
            if "podSelector" in p and "namespaceSelector" not in p
        ]
        if name == "gateway":
            assert pod_sources == []  # the gateway is called from the ingress controller namespace
        else:
            assert pod_sources == [
                {"app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": deploy.release}
            ]
        egress_ports = sorted({port["port"] for rule in spec["egress"] for port in rule["ports"]})
        to_services = any(
            peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/part-of") == "resugrow"
            for rule in spec["egress"]
            for peer in rule["to"]
        )
        assert to_services == (name == "gateway"), name
        expected = [53, 8000, 9092, 27017] if name == "gateway" else [53, 9092, 27017]
        assert egress_ports == expected, name


def test_service_monitor_and_keda_appear_only_when_switched_on(rendered, deploy):
    assert not _by_kind(rendered["default"], "ServiceMonitor")
    assert not _by_kind(rendered["default"], "ScaledObject")
    everything = rendered["all-features-on"]
    assert len(_by_kind(everything, "ServiceMonitor")) == len(deploy.services)
    assert {s["spec"]["scaleTargetRef"]["name"] for s in _by_kind(everything, "ScaledObject")} == {
        f"{deploy.release}-{n}-worker" for n in deploy.services
    }


def test_gateway_points_at_every_service_by_release_name(rendered, deploy):
    gateway = next(
        d
        for d in _by_kind(rendered["default"], "Deployment")
        if d["metadata"]["name"] == f"{deploy.release}-gateway"
    )
    env = {e["name"]: e.get("value") for e in gateway["spec"]["template"]["spec"]["containers"][0]["env"]}
    for name in deploy.services:
        if name != "gateway":
            assert env[f"RESUGROW_GATEWAY_SERVICES__{name.upper()}"] == f"http://{deploy.release}-{name}:8000"


def test_schema_rejects_bad_values(deploy):
    import helm_python as helm

    bad_values = [
        {"resume": {"role": "both"}},
        {"ats": {"replicsa": 2}},  # a typo must not be silently ignored
        {"secrets": {"jwtSecret": "too-short"}},
        {"tracker": {"securityContext": {"readOnlyRootFilesystem": False}}},
        {"global": {"kafka": {"bootstrapServers": ""}}},
        {"interview": {"probes": {"readiness": {"path": "readyz"}}}},
    ]
    with helm.Chart.load(str(deploy.chart)) as chart:
        for values in bad_values:
            with pytest.raises(helm.HelmValuesError):
                chart.validate_schema(deploy.deep_merge(deploy.test_secrets, values))


def test_secret_is_required_unless_managed_elsewhere(deploy):
    import helm_python as helm

    with helm.Chart.load(str(deploy.chart)) as chart, pytest.raises(helm.HelmError, match="jwtSecret"):
        chart.render({}, name=deploy.release, namespace="resugrow")
    external = deploy.render({"secrets": {"create": False}, "global": {"secrets": {"name": "managed"}}})
    assert not _by_kind(external, "Secret")
    refs = {
        e["valueFrom"]["secretKeyRef"]["name"]
        for _, _, c in _containers(external)
        for e in c["env"]
        if "valueFrom" in e and "secretKeyRef" in e["valueFrom"]
    }
    assert refs == {"managed"}


def test_a_service_nobody_may_call_gets_an_explicit_deny_all_ingress(deploy):
    values = deploy.deep_merge(
        deploy.test_secrets,
        {
            "global": {"networkPolicy": {"metricsFrom": []}},
            "tracker": {"networkPolicy": {"fromGateway": False}},
        },
    )
    docs = deploy.render(values)
    policy = next(
        d for d in _by_kind(docs, "NetworkPolicy") if d["metadata"]["name"] == f"{deploy.release}-tracker"
    )
    assert policy["spec"]["ingress"] == []
    kubernetes_validate.validate(policy, KUBE_VERSION, strict=True)


def test_only_the_gateway_is_exposed_by_ingress(rendered, deploy):
    assert not _by_kind(rendered["default"], "Ingress")
    for config in ("values-prod.yaml", "all-features-on"):
        ingresses = _by_kind(rendered[config], "Ingress")
        assert [i["metadata"]["name"] for i in ingresses] == [f"{deploy.release}-gateway"], config
        backend = ingresses[0]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
        assert backend == {"name": f"{deploy.release}-gateway", "port": {"name": "http"}}
        assert ingresses[0]["spec"]["tls"][0]["secretName"]
