import pytest
from resugrow_gateway.domain.breaker import BreakerState, CircuitBreaker


def test_opens_after_threshold_consecutive_failures():
    b = CircuitBreaker("ats", failure_threshold=3, reset_after_s=5)
    for _ in range(2):
        b.record_failure(now=0)
    assert b.state == BreakerState.CLOSED and b.allow(now=0)
    b.record_success(now=0)  # a success resets the count
    for _ in range(3):
        b.record_failure(now=1)
    assert b.state == BreakerState.OPEN
    assert not b.allow(now=5.9)
    assert b.retry_in(now=3) == pytest.approx(3)


def test_half_open_admits_exactly_one_probe():
    b = CircuitBreaker("ats", failure_threshold=1, reset_after_s=5)
    b.record_failure(now=0)
    assert b.allow(now=6)  # the probe
    assert b.state == BreakerState.HALF_OPEN
    assert not b.allow(now=6) and not b.allow(now=7)
    b.record_success(now=7)
    assert b.state == BreakerState.CLOSED and b.allow(now=7)


def test_failed_probe_reopens_for_another_period():
    b = CircuitBreaker("ats", failure_threshold=2, reset_after_s=5)
    b.record_failure(now=0)
    b.record_failure(now=0)
    assert b.allow(now=5)
    b.record_failure(now=5)
    assert b.state == BreakerState.OPEN
    assert not b.allow(now=9)
    assert b.allow(now=10.1)


def test_a_silent_probe_is_replaced_after_the_reset_period():
    b = CircuitBreaker("ats", failure_threshold=1, reset_after_s=5)
    b.record_failure(now=0)
    assert b.allow(now=5)  # probe cancelled and never reported
    assert not b.allow(now=9)
    assert b.allow(now=10.5)


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError):
        CircuitBreaker("x", failure_threshold=0)
