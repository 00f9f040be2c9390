"""What the use cases read besides the database: the question bank and the SQL fixtures."""

from __future__ import annotations

from dataclasses import dataclass

from resugrow_interview.domain.bank import QuestionBank
from resugrow_interview.domain.sqlcheck import FixtureDatabases


@dataclass(frozen=True)
class QuestionLibrary:
    bank: QuestionBank
    databases: FixtureDatabases
    schema_text: str
    long_pause_seconds: float
    max_sessions_listed: int
