"""Tracker service settings (env prefix RESUGROW_TRACKER_, nested with "__")."""

from __future__ import annotations

from pydantic import Field

from resugrow_platform import ServiceSettings, service_settings_config


class TrackerSettings(ServiceSettings):
    model_config = service_settings_config("tracker")

    service_name: str = "tracker"
    port: int = 8005
    # Imports are capped at 5 MB by the domain; leave room for multipart framing.
    max_request_bytes: int = 6 * 1024 * 1024
    # How often the reminder scheduler looks for due reminders, and how many it fires per pass.
    reminder_poll_s: float = Field(default=5.0, gt=0, le=300)
    reminder_batch: int = Field(default=100, ge=1, le=1000)
    reminder_scheduler: bool = True
    # A follow-up reminder this many days after a move to 'applied' (0 turns it off).
    follow_up_days: int = Field(default=7, ge=0, le=90)
    list_limit_max: int = Field(default=200, ge=1, le=1000)
    board_cards_per_column: int = Field(default=50, ge=1, le=500)
