"""Admission by a measured signal: the loop's lag (sampled only while requests arrive) and a bound
on requests in flight. A fake clock and a fake `call_soon` stand in for the event loop."""

from __future__ import annotations

from collections.abc import Callable

from resugrow_platform.admission import LoadGate, LoopLag


class FakeLoop:
    """`call_soon` keeps the callbacks; `run_ready()` runs them, as the loop's next pass would."""

    def __init__(self) -> None:
        self.now = 100.0
        self.ready: list[tuple[Callable[[float], None], float]] = []

    def clock(self) -> float:
        return self.now

    def call_soon(self, callback: Callable[[float], None], arg: float) -> None:
        self.ready.append((callback, arg))

    def run_ready(self, *, after_s: float) -> None:
        self.now += after_s
        ready, self.ready = self.ready, []
        for callback, arg in ready:
            callback(arg)


def _gate(
    max_in_flight: int = 0, max_lag_s: float = 0.02, lag_floor: int = 0, max_per_pass: int = 0
) -> tuple[LoadGate, FakeLoop]:
    loop = FakeLoop()
    lag = LoopLag(clock=loop.clock, call_soon=loop.call_soon, fresh_s=0.5)
    gate = LoadGate(
        max_in_flight=max_in_flight,
        max_lag_s=max_lag_s,
        lag_floor=lag_floor,
        max_per_pass=max_per_pass,
        lag=lag,
    )
    return gate, loop


def test_requests_are_refused_while_the_loop_runs_late_and_admitted_again_once_it_catches_up() -> None:
    gate, loop = _gate()
    assert gate.enter()
    loop.run_ready(after_s=0.08)  # the sample waited 80 ms: one long pass is not yet a queue
    assert gate.enter()
    loop.run_ready(after_s=0.07)  # two late passes in a row: the loop is that far behind
    assert [gate.enter() for _ in range(5)] == [False] * 5
    loop.run_ready(after_s=0.002)  # load dropped: the next pass comes 2 ms later
    assert gate.enter()
    assert gate.in_flight == 3


def test_one_sample_is_outstanding_at_a_time_and_its_wait_counts_while_it_waits() -> None:
    gate, loop = _gate()
    assert gate.enter() and len(loop.ready) == 1
    loop.now += 0.01
    assert gate.enter() and len(loop.ready) == 1  # no second sample while one waits
    loop.now += 0.03  # the outstanding sample has now waited 40 ms: the loop is at least that late
    assert not gate.enter()
    assert gate.in_flight == 2


def test_a_sample_from_before_a_quiet_spell_does_not_refuse_the_next_request() -> None:
    gate, loop = _gate()
    gate.enter()
    loop.run_ready(after_s=0.3)  # long pauses measured...
    gate.enter()
    loop.run_ready(after_s=0.3)
    assert gate.lag.lag_s > 0.2 and loop.ready == []
    loop.now += 5.0  # ...then nothing for five seconds
    assert gate.enter()


def test_the_in_flight_bound_holds_whatever_the_lag_and_frees_on_leave() -> None:
    gate, _ = _gate(max_in_flight=2)
    assert gate.enter() and gate.enter()
    assert not gate.enter()
    gate.leave()
    assert gate.enter()
    assert gate.in_flight == 2


def test_zero_bounds_admit_everything_and_sample_nothing() -> None:
    gate, loop = _gate(max_in_flight=0, max_lag_s=0)
    loop.now += 1.0
    assert all(gate.enter() for _ in range(100))
    assert loop.ready == []  # no lag sampling when the lag bound is off


def test_below_the_floor_a_late_loop_refuses_nothing_and_above_it_refuses_the_rest() -> None:
    gate, loop = _gate(max_lag_s=0.01, lag_floor=2)
    assert gate.enter()
    loop.run_ready(after_s=0.05)
    gate.lag.sample()
    loop.run_ready(after_s=0.05)  # the loop is 50 ms late with one request held
    assert gate.enter()  # still under the floor: admitted
    assert [gate.enter() for _ in range(3)] == [False] * 3  # two held: the lag is theirs to shed
    gate.leave()
    assert gate.enter()  # back under the floor


def test_a_surge_within_one_pass_is_admitted_only_up_to_the_per_pass_bound() -> None:
    gate, loop = _gate(max_per_pass=3, lag_floor=1)
    # a hundred requests read in one pass of the loop: three admitted, the rest refused
    assert sum(gate.enter() for _ in range(100)) == 3
    loop.run_ready(after_s=0.001)  # the next pass, on time: three more
    assert sum(gate.enter() for _ in range(100)) == 3
    assert gate.in_flight == 6
