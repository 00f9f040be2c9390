"""What the use cases need besides the platform: the question bank and the SQL fixtures.

Built once in create_app (pure data, no network) and kept on app.state.
"""

from __future__ import annotations

from dataclasses import dataclass

from resugrow_interview.adapters.bank_files import fixture_databases, load_bank, sql_schema_text
from resugrow_interview.domain.bank import QuestionBank
from resugrow_interview.domain.sqlcheck import FixtureDatabases
from resugrow_interview.settings import InterviewSettings


@dataclass(frozen=True)
class InterviewRuntime:
    bank: QuestionBank
    databases: FixtureDatabases
    schema_text: str
    long_pause_seconds: float
    max_sessions_listed: int

    @classmethod
    def from_settings(cls, settings: InterviewSettings) -> InterviewRuntime:
        databases = fixture_databases()
        return cls(
            bank=load_bank(settings.question_bank_paths, databases=databases),
            databases=databases,
            schema_text=sql_schema_text(),
            long_pause_seconds=settings.long_pause_seconds,
            max_sessions_listed=settings.max_sessions_listed,
        )
