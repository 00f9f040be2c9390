"""Adapters: the tracker's Mongo collections."""
