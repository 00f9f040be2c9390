"""The gateway's route table, one module per service (concatenated in domain/routing.py)."""
