"""resugrow_testing."""
