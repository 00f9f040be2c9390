"""resugrow_ats."""
