"""resugrow_interview."""
