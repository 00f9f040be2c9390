"""Parsers turning what users bring (export ZIP, profile PDF, JSON) into a ``Profile``."""
