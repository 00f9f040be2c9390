"""resugrow_linkedin."""
