"""Pure LinkedIn-review rules: ingestion parsers, the audit, targeting, rewrites, consistency, diffs.

Nothing here does I/O, reads the clock or imports a web/messaging framework: inputs are bytes
and plain values (``as_of`` is always passed in), outputs are pydantic models.
"""
