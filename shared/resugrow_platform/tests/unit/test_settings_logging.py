"""Settings fallbacks and PII-safe logging."""

from __future__ import annotations

import json
import logging

import structlog

from resugrow_platform.logging import configure_logging
from resugrow_platform.settings import ServiceSettings, service_settings_config


class DemoSettings(ServiceSettings):
    model_config = service_settings_config("demo")
    service_name: str = "demo"


def test_per_service_variables_win_over_shared_ones(monkeypatch):
    monkeypatch.setenv("RESUGROW_KAFKA__BOOTSTRAP_SERVERS", "shared:9092")
    monkeypatch.setenv("RESUGROW_MONGO__URL", "mongodb://shared")
    monkeypatch.setenv("RESUGROW_DEMO_MONGO__URL", "mongodb://mine")
    monkeypatch.setenv("RESUGROW_DEMO_KAFKA__ENABLE_IDEMPOTENCE", "true")
    s = DemoSettings()
    assert s.kafka.bootstrap_servers == "shared:9092"
    assert s.kafka.enable_idempotence is True
    assert s.mongo.url.get_secret_value() == "mongodb://mine"
    assert s.mongo.database == "resugrow_demo"
    assert "mongodb://mine" not in repr(s)  # secrets never print


def test_role_selects_api_and_consumers(monkeypatch):
    monkeypatch.setenv("RESUGROW_DEMO_ROLE", "worker")
    s = DemoSettings()
    assert s.runs_consumers and not s.runs_api


def test_log_lines_are_json_without_secrets_or_documents(capsys):
    configure_logging("demo")
    capsys.readouterr()
    log = structlog.get_logger("t")
    log.info("login", password="hunter2", user_id="u1", resume_text="Jane Doe, 10 years of Python")
    log.info("auth failed for Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl jane@example.com")
    logging.getLogger("uvicorn.error").warning("stdlib line")
    log.debug("below the level")
    raw = capsys.readouterr().out
    lines = [json.loads(x) for x in raw.splitlines()]
    assert len(lines) == 3
    assert all("message" in x and "event" not in x for x in lines)
    assert "hunter2" not in raw and "Jane Doe" not in raw and "eyJzdWIi" not in raw
    assert "jane@example.com" not in raw
    assert lines[0]["user_id"] == "u1"
    assert [x["logger"] for x in lines] == ["t", "t", "uvicorn.error"]
    assert [x["level"] for x in lines] == ["info", "info", "warning"]
    assert all(x["service"] == "demo" for x in lines)


def test_a_logger_used_before_reconfiguring_follows_the_new_service(capsys):
    # Loggers are cached on first use; the service name and processors still follow configure_logging.
    configure_logging("first")
    log = structlog.get_logger("t2")
    log.info("one")
    configure_logging("second")
    log.info("two")
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["message"], x["service"]) for x in lines][-2:] == [("one", "first"), ("two", "second")]
