"""resugrow_gateway."""
