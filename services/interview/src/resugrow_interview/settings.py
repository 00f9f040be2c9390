"""Interview service settings (env prefix RESUGROW_INTERVIEW_)."""

from __future__ import annotations

from pydantic import Field

from resugrow_platform import ServiceSettings, service_settings_config


class InterviewSettings(ServiceSettings):
    model_config = service_settings_config("interview")
    service_name: str = "interview"
    # Operator question banks (JSON or YAML), merged over the shipped bank in order; a question
    # with an existing id replaces it. Env: RESUGROW_INTERVIEW_QUESTION_BANK_PATHS='["/etc/bank.yaml"]'.
    question_bank_paths: list[str] = Field(default_factory=list)
    long_pause_seconds: float = Field(default=2.0, gt=0, le=60)
    max_sessions_listed: int = Field(default=100, ge=1, le=1000)
