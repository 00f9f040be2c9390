"""The envelope, the topic catalog and the schema compatibility gate."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from resugrow_events import TOPICS, Envelope, UserDeletedV1, all_topics, dlq_topic
from resugrow_events.schemas import breaking_changes, check, current_schemas, default_directory, render


def test_envelope_carries_cloudevents_attributes_and_round_trips():
    payload = UserDeletedV1(user_id="u1", deleted_at=datetime(2026, 1, 2, tzinfo=UTC))
    env = Envelope.wrap(payload, source="/services/gateway", subject="u1", userid="u1")
    doc = json.loads(env.model_dump_json())
    assert set(doc) >= {
        "id",
        "type",
        "source",
        "subject",
        "time",
        "specversion",
        "datacontenttype",
        "userid",
        "correlationid",
        "causationid",
        "data",
    }
    assert doc["type"] == "resugrow.user.deleted.v1"
    assert doc["id"][14] == "7"  # UUIDv7: time-ordered ids
    assert doc["correlationid"] == doc["id"]  # a new chain starts with its own id
    back = Envelope[UserDeletedV1].model_validate_json(env.model_dump_json())
    assert back.data == payload


def test_event_ids_sort_by_creation_time():
    ids = [
        Envelope.wrap(UserDeletedV1(user_id="u", deleted_at=datetime.now(UTC)), source="/s", subject="u").id
        for _ in range(50)
    ]
    assert ids == sorted(ids)


def test_envelope_rejects_wrong_payload_shape():
    raw = json.dumps(
        {
            "id": "x",
            "type": "resugrow.user.deleted.v1",
            "source": "/s",
            "subject": "u",
            "time": "2026-01-01T00:00:00Z",
            "data": {"user": "missing fields"},
        }
    )
    with pytest.raises(ValidationError):
        Envelope[UserDeletedV1].model_validate_json(raw)


def test_catalog_topics_are_versioned_event_types_with_partitions():
    pattern = re.compile(r"^resugrow\.[a-z]+(\.[a-z_]+)+\.v\d+$")
    for spec in TOPICS:
        assert pattern.match(spec.topic), spec.topic
        assert spec.partitions >= 3
    assert dlq_topic("ats") == "resugrow.dlq.ats"
    assert "resugrow.dlq.tracker" in all_topics()
    assert len({s.topic for s in TOPICS}) == len(TOPICS)


def test_committed_schema_snapshots_are_compatible_and_current():
    breaking, stale = check(default_directory())
    assert breaking == []
    assert stale == [], "run `make schemas` after an additive payload change"


@pytest.fixture
def schema():
    return copy.deepcopy(current_schemas()["resugrow.tracker.application.created.v1"])


def test_removed_field_is_breaking(schema):
    new = copy.deepcopy(schema)
    del new["properties"]["company"]
    assert any("removed" in p for p in breaking_changes(schema, new))


def test_new_required_field_is_breaking(schema):
    new = copy.deepcopy(schema)
    new["properties"]["salary"] = {"type": "integer"}
    new["required"].append("salary")
    assert breaking_changes(schema, new) == ["field 'salary' is newly required"]


def test_changed_type_is_breaking(schema):
    new = copy.deepcopy(schema)
    new["properties"]["company"] = {"type": "integer"}
    assert breaking_changes(schema, new) == ["field 'company' changed type"]


def test_optional_new_field_is_additive(schema):
    new = copy.deepcopy(schema)
    new["properties"]["salary"] = {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None}
    assert breaking_changes(schema, new) == []


def test_nested_additive_field_is_allowed_but_nested_removal_is_not():
    old = copy.deepcopy(current_schemas()["resugrow.resume.rendered.v1"])
    new = copy.deepcopy(old)
    artifact = new["$defs"]["RenderedArtifact"]
    artifact["properties"]["dpi"] = {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None}
    assert breaking_changes(old, new) == []
    del artifact["properties"]["sha256"]
    assert breaking_changes(old, new) == ["field 'artifacts[].sha256' was removed or renamed"]


def test_check_flags_a_breaking_snapshot_unless_version_is_bumped(tmp_path):
    schemas = current_schemas()
    for name, s in schemas.items():
        (tmp_path / f"{name}.json").write_text(render(s))
    # Pretend the committed v1 had a field that the code no longer has.
    old = copy.deepcopy(schemas["resugrow.user.deleted.v1"])
    old["properties"]["reason"] = {"type": "string"}
    (tmp_path / "resugrow.user.deleted.v1.json").write_text(render(old))
    breaking, _ = check(tmp_path)
    assert breaking and "reason" in breaking[0]
