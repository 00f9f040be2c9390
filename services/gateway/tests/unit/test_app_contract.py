"""The app's public contract without infrastructure: settings validation and the API document."""

import pytest
from pydantic import SecretStr, ValidationError

from resugrow_gateway.domain.routing import ROUTES
from resugrow_gateway.main import create_app
from resugrow_gateway.settings import GatewaySettings

SECRET = SecretStr("k" * 40)


def test_the_gateway_refuses_to_start_without_a_strong_signing_key():
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        GatewaySettings(auth={"jwt_secret": SecretStr("short")})
    GatewaySettings(auth={"jwt_secret": SECRET})  # ok


def test_each_replica_gets_its_own_consumer_group_starting_at_the_end():
    one, two = GatewaySettings(auth={"jwt_secret": SECRET}), GatewaySettings(auth={"jwt_secret": SECRET})
    assert one.group_id != two.group_id and one.group_id.startswith("gateway-")
    assert one.kafka.auto_offset_reset == "latest"
    pinned = GatewaySettings(auth={"jwt_secret": SECRET}, kafka={"group_suffix": "-pod-7"})
    assert pinned.group_id == "gateway-pod-7"


def test_section_deadline_never_exceeds_the_overall_deadline():
    s = GatewaySettings(
        auth={"jwt_secret": SECRET}, dashboard={"overall_deadline_s": 0.2, "section_deadline_s": 0.5}
    )
    assert s.dashboard.section_deadline_s == 0.2


def test_openapi_document_lists_every_route_with_stable_ids_and_problem_errors():
    doc = create_app(GatewaySettings(auth={"jwt_secret": SECRET})).openapi()
    ops = {op["operationId"]: op for item in doc["paths"].values() for op in item.values()}
    assert {r.operation_id for r in ROUTES} <= set(ops)
    own = {
        "register",
        "create_token",
        "refresh_token",
        "logout",
        "get_me",
        "delete_me",
        "get_dashboard",
        "get_job",
        "stream_events",
        "verify_email",
        "request_email_verification",
        "request_password_reset",
        "reset_password",
        "change_password",
        "list_sessions",
        "revoke_session",
    }
    assert own <= set(ops)
    assert len(ops) == len(ROUTES) + len(own)
    assert "Problem" in doc["components"]["schemas"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for op in ops.values():
        for code, response in op["responses"].items():
            if code.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], (op["operationId"], code)
    scan_upload = ops["create_ats_scan"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert scan_upload["properties"]["file"]["format"] == "binary"
    assert "example" in ops["create_application"]["requestBody"]["content"]["application/json"]
    assert doc["paths"]["/v1/resumes/{resume_id}"]["get"]["parameters"][0]["name"] == "resume_id"
