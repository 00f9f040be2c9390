"""The memory and time bounds of SQL evaluation (sqlcheck.py): SQLite's own limits, the heap, the
size of a result and of what is kept of it, so one answer can neither bloat the process nor the
stored evaluation."""

from __future__ import annotations

import sqlite3
from typing import Any

# Wall-clock backstop for the same budget, should an instruction ever be slow (a huge sort).
TIME_LIMIT_S = 2.0
# The longest string or blob any expression may build: printf('%.*c', 20000000, 'x') fails
# at once instead of allocating 20 MB per row. Fixture answers need a few hundred bytes.
MAX_VALUE_BYTES = 100_000
# Everything one result may hold (sum of its cells), and SQLite's heap in the whole process.
MAX_RESULT_BYTES = 1_000_000
HEAP_LIMIT_BYTES = 128 * 1024 * 1024
PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 200
MAX_COLUMN_NAME_CHARS = 100
SQLITE_LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: MAX_VALUE_BYTES,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 32_000,  # 4x the 8,000-character query limit (bytes, UTF-8)
    sqlite3.SQLITE_LIMIT_COLUMN: 64,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 20,
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 16,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 1_000,
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 0,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 1,
    sqlite3.SQLITE_LIMIT_WORKER_THREADS: 0,
}


def cell_bytes(value: Any) -> int:
    if isinstance(value, str | bytes):
        return len(value) + 8
    return 8


def preview_cell(value: Any) -> Any:
    if isinstance(value, str) and len(value) > PREVIEW_CELL_CHARS:
        return value[:PREVIEW_CELL_CHARS] + "…"
    if isinstance(value, bytes):
        return value[:PREVIEW_CELL_CHARS]
    return value
