"""Published contracts: generated files are current, examples are valid, services match the catalog."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from types import ModuleType
from urllib.parse import unquote

import pytest
import yaml

from resugrow_events import TOPICS, Envelope, all_topics

# Drift between a service's real broker and the catalog that the lead has been told about.
# Each entry must disappear once the catalog (shared/resugrow_events/catalog.py) is fixed:
# the test fails when an entry no longer matches reality, so the list cannot go stale.
KNOWN_DRIFT: set[tuple[str, str, str]] = {}


@pytest.fixture(scope="module")
def contracts(deploy) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "resugrow_deploy_contracts", deploy.root / "deploy" / "contracts.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def test_generated_contracts_are_current(contracts, capsys):
    # The same entry point CI and `make contracts` use; on failure the diff is in stderr.
    status = contracts.main(["--check"])
    assert status == 0, (
        "stale generated files (run `python deploy/contracts.py`):\n" + capsys.readouterr().err[-4000:]
    )


def test_check_mode_exits_nonzero_when_a_file_is_stale(contracts, tmp_path, monkeypatch):
    script = tmp_path / "topics.sh"
    script.write_text("#!/bin/sh\necho stale\n")
    monkeypatch.setattr(
        contracts, "outputs", lambda: [contracts.Output(script, contracts.render_topics_script)]
    )
    assert contracts.main(["--check"]) == 1
    script.write_text(contracts.render_topics_script())
    assert contracts.main(["--check"]) == 0


def test_every_service_has_an_asyncapi_document_covering_its_topics(contracts, deploy):
    for name in deploy.services:
        doc = yaml.safe_load((deploy.root / "deploy" / "asyncapi" / f"{name}.yaml").read_text())
        assert doc["asyncapi"].startswith("3."), name
        addresses = {c["address"] for c in doc["channels"].values()}
        published = {s.topic for s in TOPICS if s.publisher == name}
        assert published <= addresses, name
        for key, message in doc["components"]["messages"].items():
            assert message["bindings"]["kafka"]["key"]["type"] == "string", key
            ref = message["payload"]["$ref"].split("/")[-1]
            if "dlq" not in key:
                assert "Envelope" in ref, f"{name}: {key} documents no envelope schema"


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_every_reference_in_the_asyncapi_documents_resolves(deploy):
    for name in deploy.services:
        doc = yaml.safe_load((deploy.root / "deploy" / "asyncapi" / f"{name}.yaml").read_text())
        for ref in _refs(doc):
            assert ref.startswith("#/"), f"{name}: external reference {ref}"
            node = doc
            for part in ref[2:].split("/"):
                key = unquote(part).replace("~1", "/").replace("~0", "~")
                assert isinstance(node, dict) and key in node, f"{name}: {ref} does not resolve"
                node = node[key]


def test_topic_script_creates_every_catalog_topic_with_its_partitions(deploy):
    script = (deploy.root / "deploy" / "compose" / "topics.sh").read_text()
    created = {
        line.split()[1]: int(line.split()[2]) for line in script.splitlines() if line.startswith("create ")
    }
    assert set(created) == set(all_topics())
    for spec in TOPICS:
        assert created[spec.topic] == spec.partitions


def test_topic_script_is_valid_posix_shell(deploy):
    result = subprocess.run(
        ["sh", "-n", "deploy/compose/topics.sh"], cwd=deploy.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_catalog_page_examples_are_valid_events(contracts):
    page = contracts.render_catalog_page()
    for spec in TOPICS:
        assert f"### {spec.topic}" in page
        example = contracts.example_envelope(spec)
        parsed = Envelope[spec.payload].model_validate(example)
        assert parsed.type == spec.topic and parsed.data.event_type == spec.topic
        assert example["subject"], spec.topic
    for heading in ("## Retention and compaction advice", "## Versioning rules", "## Topics"):
        assert heading in page


def test_services_declare_exactly_the_catalog_topics(contracts, deploy):
    """A service's real broker (its create_app) must publish and consume what the catalog says:
    the catalog feeds topic creation, the analytics page and the Helm KEDA triggers."""
    if not contracts.platform_ready():
        pytest.skip("the platform is not READY yet")
    drift: set[tuple[str, str, str]] = set()
    checked = 0
    for name in deploy.services:
        if not contracts.has_composition_root(name):
            continue
        checked += 1
        platform = contracts.service_platform(name)
        consumed = {sub.topic for sub in platform.subscriptions}
        published = {t.removeprefix(platform.settings.kafka.topic_prefix) for t in platform._published_topics}
        catalog_consumed = {s.topic for s in TOPICS if name in s.consumers}
        catalog_published = {s.topic for s in TOPICS if s.publisher == name}
        drift |= {(name, "consumes", t) for t in consumed - catalog_consumed}
        drift |= {(name, "does not consume", t) for t in catalog_consumed - consumed}
        drift |= {(name, "publishes", t) for t in published - catalog_published}
        drift |= {(name, "does not publish", t) for t in catalog_published - published}
    if checked == 0:
        pytest.skip("no service has a create_app yet")
    known = {
        d for d in KNOWN_DRIFT if d[0] in {n for n in deploy.services if contracts.has_composition_root(n)}
    }
    assert drift - known == set(), f"services and the topic catalog disagree: {sorted(drift - known)}"
    assert known - drift == set(), f"fixed drift still listed in KNOWN_DRIFT: {sorted(known - drift)}"
