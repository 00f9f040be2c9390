"""Use cases: one module per thing the user does; each function takes a unit of work and a command."""
