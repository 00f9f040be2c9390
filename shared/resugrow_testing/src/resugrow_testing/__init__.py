"""Resugrow test support: infrastructure endpoints, app/client fixtures, tokens (a pytest plugin)."""

from resugrow_testing.plugin import TEST_JWT_SECRET, RunningService, make_token, new_user_id, wait_until

__all__ = ["TEST_JWT_SECRET", "RunningService", "make_token", "new_user_id", "wait_until"]
