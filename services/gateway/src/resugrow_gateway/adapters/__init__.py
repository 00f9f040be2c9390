"""Outbound ports: Mongo repositories, password hashing, token signing, downstream HTTP."""
