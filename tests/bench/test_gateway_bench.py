"""bench/gateway.py's load generator must not pause itself mid-phase (bench/README.md, gateway.py,
"Session 7: the second-16 spike"): its cyclic collector is off while a phase sends."""

from __future__ import annotations

import gc
import importlib.util
import sys
import weakref
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


class _Node:
    """A cycle only the cyclic collector can free."""

    def __init__(self) -> None:
        self.me = self


def test_no_collection_while_a_phase_sends_and_the_leftovers_are_collected_after(bench: ModuleType) -> None:
    # Watched through gc.callbacks and weak references, not gc.get_count(): that count also
    # drops when other tracked objects are freed, which made an earlier form of this test flaky.
    started: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    assert gc.isenabled()
    with bench.collector_paused():
        assert not gc.isenabled()
        # What existed before the phase is frozen: a full collection would not walk it again.
        assert gc.get_freeze_count() > 0
        gc.callbacks.append(watch)
        try:
            # garbage in cycles, several generation-0 thresholds (700) of it
            refs = [weakref.ref(_Node()) for _ in range(5000)]
        finally:
            gc.callbacks.remove(watch)
        assert started == []  # nothing collected mid-phase
        assert all(ref() is not None for ref in refs)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert all(ref() is None for ref in refs)  # the phase's leftovers are collected after it


def test_the_old_behaviour_on_request(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUGROW_BENCH_GC_PAUSE", "0")
    with bench.collector_paused():
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0


def _fake_phase(
    bench: ModuleType, served_up_to: float, slow_from: float = float("inf")
) -> tuple[list[float], object]:
    """A phase stand-in: rates above `served_up_to` get refusals, rates from `slow_from` a 150 ms tail."""
    asked: list[float] = []

    def phase(name: str, users: list[dict[str, str]], rate: float, seconds: float) -> object:
        asked.append(rate)
        run = bench.Run()
        n = int(rate * seconds)
        run.latencies_ms = [150.0 if rate >= slow_from else 3.0] * n
        if rate > served_up_to:
            run.errors = 5
            run.by_status = {503: [4.0] * 5}
        return run

    return asked, phase


def test_the_sustainable_rate_is_the_last_rate_served_and_the_search_stops_at_the_first_miss(
    bench: ModuleType,
) -> None:
    asked, phase = _fake_phase(bench, served_up_to=500)
    assert bench.sustainable_rate(phase, [], 200) == 500
    assert asked == [200, 300, 400, 500, 600]  # nothing past the first rate that was not served
    asked, phase = _fake_phase(bench, served_up_to=10_000, slow_from=700)  # a p99 over 100 ms also ends it
    assert bench.sustainable_rate(phase, [], 200) == 600
    assert asked[-1] == 700


def test_when_not_even_the_base_rate_is_served_the_overload_is_offered_against_the_base_rate(
    bench: ModuleType,
) -> None:
    asked, phase = _fake_phase(bench, served_up_to=100)
    assert bench.sustainable_rate(phase, [], 200) == 200
    assert asked == [200]


def test_more_than_one_section_in_a_hundred_not_ok_ends_the_search(bench: ModuleType) -> None:
    def phase(name: str, users: list[dict[str, str]], rate: float, seconds: float) -> object:
        run = bench.Run()
        run.latencies_ms = [3.0] * int(rate * seconds)
        run.sources = {"read_model": 6 * len(run.latencies_ms)}
        run.bad_sections = int(run.sources["read_model"] * (0.02 if rate >= 400 else 0.005))
        return run

    assert bench.sustainable_rate(phase, [], 200) == 300
