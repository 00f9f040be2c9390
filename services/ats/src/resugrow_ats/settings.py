"""ATS service settings (env prefix RESUGROW_ATS_, nested with "__")."""

from __future__ import annotations

from pydantic import Field

from resugrow_platform import ServiceSettings, service_settings_config


class AtsSettings(ServiceSettings):
    model_config = service_settings_config("ats")

    service_name: str = "ats"
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    max_request_bytes: int = 6 * 1024 * 1024
    max_pages: int = Field(default=10, ge=1, le=100)
    # Parsing runs off the event loop; past this the request is answered 422 and the work discarded.
    parse_timeout_seconds: float = Field(default=10.0, gt=0)
    max_job_description_chars: int = Field(default=20_000, ge=100)
