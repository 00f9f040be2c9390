"""LinkedIn review service settings (env prefix RESUGROW_LINKEDIN_, nested with "__")."""

from __future__ import annotations

from pydantic import Field

from resugrow_platform import ServiceSettings, service_settings_config


class LinkedinSettings(ServiceSettings):
    model_config = service_settings_config("linkedin")

    service_name: str = "linkedin"
    # An export ZIP or profile PDF; the gateway caps uploads at 10 MB too.
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_request_bytes: int = 11 * 1024 * 1024
    max_job_description_chars: int = Field(default=20_000, ge=100)
    list_limit_max: int = Field(default=100, ge=1, le=1000)
    # Reading one upload (parse + audit) is cut off after this long with a 422.
    parse_timeout_s: float = Field(default=20.0, gt=0, le=120)
