"""Interview rules: pure functions, no I/O."""
