"""The tracker's domain errors are the shared ones (`resugrow_domain`); import rows keep their
row and column on each `FieldError`, so a client can point at the cell to fix."""

from __future__ import annotations

from resugrow_domain import FieldError, InvalidInput, NotFound, TooLarge, Unsupported


class InputTooLarge(TooLarge):
    """The upload is over a size or row limit."""


class UnsupportedFormat(Unsupported):
    """The upload is not a CSV or JSON document at all (e.g. an Excel workbook)."""


class Gone(NotFound):
    """The application was deleted: a later move or edit says so instead of a bare 404."""


__all__ = ["FieldError", "Gone", "InputTooLarge", "InvalidInput", "UnsupportedFormat"]
