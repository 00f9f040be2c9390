import pytest

from resugrow_gateway.domain.breaker import BreakerState, CircuitBreaker


def test_a_dead_service_trips_the_breaker_after_min_calls():
    b = CircuitBreaker("ats", min_calls=3, reset_after_s=5)
    b.record_failure(now=0)
    b.record_failure(now=0)
    assert b.state == BreakerState.CLOSED and b.allow(now=0)
    b.record_failure(now=1)
    assert b.state == BreakerState.OPEN
    assert not b.allow(now=5.9)
    assert b.retry_in(now=3) == pytest.approx(3)


def test_a_few_slow_answers_under_load_do_not_cut_a_healthy_service_off():
    b = CircuitBreaker("ats", min_calls=10, failure_ratio=0.5, window_s=10)
    for i in range(1000):
        if i % 10 == 0:
            b.record_failure(now=i / 100)  # 10% failures, several in a row at times
            b.record_failure(now=i / 100)
        else:
            b.record_success(now=i / 100)
    assert b.state == BreakerState.CLOSED


def test_failures_age_out_of_the_window():
    b = CircuitBreaker("ats", min_calls=3, failure_ratio=0.5, window_s=10)
    b.record_failure(now=0)
    b.record_failure(now=1)
    b.record_success(now=20)  # the two failures are older than the window now
    b.record_failure(now=21)
    assert b.state == BreakerState.CLOSED and b.recent_failures == 1


def test_half_open_admits_exactly_one_probe():
    b = CircuitBreaker("ats", min_calls=1, reset_after_s=5)
    b.record_failure(now=0)
    assert b.allow(now=6)  # the probe
    assert b.state == BreakerState.HALF_OPEN
    assert not b.allow(now=6) and not b.allow(now=7)
    b.record_success(now=7)
    assert b.state == BreakerState.CLOSED and b.allow(now=7)


def test_failed_probe_reopens_for_another_period():
    b = CircuitBreaker("ats", min_calls=2, reset_after_s=5)
    b.record_failure(now=0)
    b.record_failure(now=0)
    assert b.allow(now=5)
    b.record_failure(now=5)
    assert b.state == BreakerState.OPEN
    assert not b.allow(now=9)
    assert b.allow(now=10.1)


def test_a_silent_probe_is_replaced_after_the_reset_period():
    b = CircuitBreaker("ats", min_calls=1, reset_after_s=5)
    b.record_failure(now=0)
    assert b.allow(now=5)  # probe cancelled and never reported
    assert not b.allow(now=9)
    assert b.allow(now=10.5)


@pytest.mark.parametrize(
    "kwargs",
    [{"min_calls": 0}, {"failure_ratio": 0}, {"failure_ratio": 1.5}, {"window_s": 0}, {"reset_after_s": 0}],
)
def test_bad_configuration_is_refused(kwargs):
    with pytest.raises(ValueError):
        CircuitBreaker("x", **kwargs)
