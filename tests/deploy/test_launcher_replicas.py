"""`launcher.py run --replicas resume=2,ats=2`: which processes start, on which ports."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _launcher() -> Any:
    spec = importlib.util.spec_from_file_location("launcher", ROOT / "deploy/local/launcher.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extra_replicas_get_their_own_names_and_ports_and_the_gateway_still_starts_last():
    launcher = _launcher()
    ports = {"ats": 8002, "resume": 8001, "tracker": 8005, "gateway": 8000}
    plan = launcher.plan_instances(ports, launcher.parse_replicas("resume=2, ats=3"))
    assert plan == {
        "ats": ("ats", 8002),
        "ats-2": ("ats", 8102),
        "ats-3": ("ats", 8202),
        "resume": ("resume", 8001),
        "resume-2": ("resume", 8101),
        "tracker": ("tracker", 8005),
        "gateway": ("gateway", 8000),
    }
    assert list(plan)[-1] == "gateway"
    assert launcher.plan_instances(ports, launcher.parse_replicas("")) == {
        name: (name, port) for name, port in ports.items()
    }


@pytest.mark.parametrize("text", ["resume", "resume=0", "resume=x", "=2", "resume=10"])
def test_malformed_replica_counts_are_refused(text):
    with pytest.raises(argparse.ArgumentTypeError):
        _launcher().parse_replicas(text)


def test_replicas_of_an_unknown_service_are_refused():
    launcher = _launcher()
    with pytest.raises(SystemExit, match="resumes"):
        launcher.plan_instances({"resume": 8001}, {"resumes": 2})


def test_the_local_broker_gets_one_partition_a_topic_or_one_per_replica(monkeypatch):
    launcher = _launcher()
    monkeypatch.delenv("RESUGROW_KAFKA__MAX_PARTITIONS", raising=False)
    assert launcher.local_partitions({}) == 1
    assert launcher.local_partitions({"resume": 2, "ats": 3}) == 3
    monkeypatch.setenv("RESUGROW_KAFKA__MAX_PARTITIONS", "0")
    assert launcher.local_partitions({"resume": 2}) == 0  # the catalog's counts
    monkeypatch.setenv("RESUGROW_KAFKA__MAX_PARTITIONS", "2")
    assert launcher.local_partitions({}) == 2
    assert launcher.local_partitions({"ats": 4}) == 4  # never fewer than a group's members
