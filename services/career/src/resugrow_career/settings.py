"""Career service settings (env prefix RESUGROW_CAREER_)."""

from __future__ import annotations

from pydantic import Field

from resugrow_platform import ServiceSettings, service_settings_config


class CareerSettings(ServiceSettings):
    model_config = service_settings_config("career")
    service_name: str = "career"
    max_request_bytes: int = Field(default=256 * 1024, ge=1024)
    search_limit_max: int = Field(default=20, ge=1, le=100)
