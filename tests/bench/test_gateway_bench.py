"""bench/gateway.py's load generator must not pause itself mid-phase (bench/README.md, gateway.py,
"Session 7: the second-16 spike"): its cyclic collector is off while a phase sends."""

from __future__ import annotations

import gc
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_gateway", BENCH / "gateway.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def test_no_collection_while_a_phase_sends_and_the_leftovers_are_collected_after(bench: ModuleType) -> None:
    assert gc.isenabled()
    with bench.collector_paused():
        assert not gc.isenabled()
        # What existed before the phase is frozen: a full collection would not walk it again.
        assert gc.get_freeze_count() > 0
        before = gc.get_count()[0]
        cycles = []
        for _ in range(5000):  # garbage in cycles, more than one generation-0 threshold (700)
            node: list[object] = []
            node.append(node)
            cycles.append(node)
        assert gc.get_count()[0] >= before + 5000  # nothing collected mid-phase
        cycles.clear()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_count()[0] < 700


def test_the_old_behaviour_on_request(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUGROW_BENCH_GC_PAUSE", "0")
    with bench.collector_paused():
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
