"""One deployable = one folder = one name: image, compose service, Helm alias, dashboard, contract."""

from __future__ import annotations

import json

import yaml


def test_every_service_folder_has_image_compose_entry_and_helm_alias(deploy):
    compose = yaml.safe_load((deploy.root / "docker-compose.yml").read_text())["services"]
    chart = yaml.safe_load((deploy.chart / "Chart.yaml").read_text())
    values = yaml.safe_load((deploy.chart / "values.yaml").read_text())
    aliases = {d["alias"]: d for d in chart["dependencies"]}
    prometheus = yaml.safe_load(
        (deploy.root / "deploy" / "observability" / "prometheus" / "prometheus.yml").read_text()
    )
    scraped = {
        name for job in prometheus["scrape_configs"] for sd in job["dns_sd_configs"] for name in sd["names"]
    }
    assert deploy.services, "no services found"
    assert (deploy.root / "Dockerfile").is_file(), "the one Dockerfile (ARG SERVICE)"
    for name in deploy.services:
        assert name in compose, f"{name}: docker-compose service"
        assert name in aliases, f"{name}: Helm alias in helm/resugrow/Chart.yaml"
        dep = aliases[name]
        assert dep["name"] == "service" and dep["repository"] == "file://charts/service", name
        assert dep["condition"] == f"{name}.enabled", name
        assert name in values, f"{name}: values in helm/resugrow/values.yaml"
        assert (
            deploy.root / "deploy" / "observability" / "grafana" / "dashboards" / f"{name}.json"
        ).is_file()
        assert (deploy.root / "deploy" / "asyncapi" / f"{name}.yaml").is_file()
        assert name in scraped, f"{name}: Prometheus scrape target"
    # ...and nothing deployed that has no folder.
    assert set(aliases) == set(deploy.services)
    schema_services = set(json.loads((deploy.chart / "values.schema.json").read_text())["properties"])
    assert set(deploy.services) <= schema_services
