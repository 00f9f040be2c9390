"""resugrow_platform."""
