"""Mongo repositories of the LinkedIn review service."""
