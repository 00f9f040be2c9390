"""resugrow_resume."""
