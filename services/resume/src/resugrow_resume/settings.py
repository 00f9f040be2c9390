"""Resume service settings (env prefix RESUGROW_RESUME_, nested with "__")."""

from __future__ import annotations

from pydantic import Field

from resugrow_platform import ServiceSettings, service_settings_config


class ResumeSettings(ServiceSettings):
    model_config = service_settings_config("resume")

    service_name: str = "resume"
    # Render worker processes; 0 = one per core (Typst holds the GIL, so scale with processes);
    # -1 renders in a thread of this process instead (tools and tests that must not spawn).
    render_processes: int = Field(default=0, ge=-1, le=64)
    # A render that takes longer is killed and answered with 503 (sync) or a failed job (async).
    render_timeout_s: float = Field(default=20.0, gt=0, le=300)
    # How long a render worker may take to start and warm up. Generous: on a saturated machine a
    # warm-up took over a minute, and a worker that misses it stops the whole service start.
    render_worker_start_timeout_s: float = Field(default=300.0, gt=0, le=1800)
    # Scheduling priority (nice value) of the render workers. A render answers a user who waits;
    # the event consumers of every service (resume.updated's projections, timelines, dashboard
    # invalidation) run right after the same edit and need no answer within milliseconds, so on
    # shared cores the render goes first. Below 0 needs CAP_SYS_NICE (or root): without it the
    # workers keep the default priority and say so once in the log. 0 = leave as is.
    render_worker_nice: int = Field(default=-5, ge=-20, le=19)
    # Several formats in one request become a job unless the caller asks for sync.
    max_formats_per_job: int = Field(default=6, ge=1, le=12)
    list_limit_max: int = Field(default=100, ge=1, le=1000)
    # The GridFS bucket holding rendered artifacts, keyed by content hash.
    artifact_bucket: str = "artifacts"
    # Rendered files kept in this process's memory for repeats (a PDF is about 40 KB); 0 = none.
    artifact_cache_mib: int = Field(default=32, ge=0, le=4096)
    # A direct render's file is stored (GridFS, three writes) this long after the render, and
    # not at all when a newer version of the same resume and options is rendered meanwhile (an
    # editor's preview renders every edit; only the last one is likely to be asked for again).
    # Repeats meanwhile are served from memory. 0 = store at once.
    artifact_store_delay_s: float = Field(default=2.0, ge=0, le=60)
