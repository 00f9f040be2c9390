import pytest

from resugrow_gateway.domain.ratelimit import BucketTable, Limit, RateLimiter


def test_burst_then_refuse_with_retry_after_then_refill():
    table = BucketTable(Limit(rate_per_s=2, burst=3))
    assert [table.take("k", now=0.0).allowed for _ in range(3)] == [True, True, True]
    refused = table.take("k", now=0.0)
    assert not refused.allowed and refused.retry_after_s == 1 and refused.remaining == 0
    assert table.take("k", now=0.5).allowed  # one token back after 1/rate seconds
    assert not table.take("k", now=0.5).allowed


def test_keys_are_independent_and_table_is_bounded():
    table = BucketTable(Limit(rate_per_s=1, burst=1), max_keys=2)
    assert table.take("a", now=0).allowed
    assert table.take("b", now=0).allowed
    assert not table.take("a", now=0).allowed
    table.take("c", now=0)
    assert len(table) == 2


def test_clock_going_backwards_mints_nothing():
    table = BucketTable(Limit(rate_per_s=1, burst=1))
    assert table.take("k", now=100).allowed
    assert not table.take("k", now=50).allowed


def test_slow_rate_gives_a_longer_retry_after():
    table = BucketTable(Limit(rate_per_s=0.1, burst=1))
    table.take("k", now=0)
    assert table.take("k", now=0).retry_after_s == 10


def test_user_limit_applies_across_ips_and_refunds_the_ip_bucket():
    limiter = RateLimiter(per_user=Limit(1, 2), per_ip=Limit(1, 3))
    assert limiter.check(ip="1.1.1.1", user_id="u", now=0).allowed
    assert limiter.check(ip="2.2.2.2", user_id="u", now=0).allowed
    refused = limiter.check(ip="1.1.1.1", user_id="u", now=0)
    assert not refused.allowed
    # the refused request did not spend 1.1.1.1's tokens: another user there still has 2
    assert limiter.check(ip="1.1.1.1", user_id="v", now=0).allowed
    assert limiter.check(ip="1.1.1.1", user_id="w", now=0).allowed
    assert not limiter.check(ip="1.1.1.1", user_id="x", now=0).allowed


def test_invalid_limits_are_configuration_errors():
    with pytest.raises(ValueError):
        Limit(0, 1)
    with pytest.raises(ValueError):
        Limit(1, 0)
