"""Assembling the public document from services' documents: names, references, parameters."""

from resugrow_gateway.api.openapi_doc import assemble, merge_services
from resugrow_gateway.domain.routing import ProxyRoute


def _doc(path, op, schemas):
    return {"paths": {path: {"post": op}}, "components": {"schemas": schemas}}


def test_service_shapes_are_taken_with_gateway_path_names_and_clashing_schemas_are_prefixed():
    routes = [
        ProxyRoute("POST", "/v1/resumes/{resume_id}/renders", "render_resume", "Render"),
        ProxyRoute("POST", "/v1/applications", "create_application", "Add"),
    ]
    resume = _doc(
        "/v1/resumes/{id}/renders",
        {
            "operationId": "render_resume",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Spec"}}}
            },
            "responses": {"200": {"description": "ok"}, "422": {"description": "bad"}},
        },
        {
            "Spec": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Inner"}}},
            "Inner": {"type": "string"},
        },
    )
    tracker = _doc(
        "/v1/applications",
        {
            "operationId": "create_application",
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Spec"}}}
            },
            "responses": {"201": {"description": "ok"}},
        },
        {
            "Spec": {
                "type": "object",
                "$defs": {"Nested": {"type": "integer"}},
                "properties": {"n": {"$ref": "#/$defs/Nested"}},
            }
        },
    )
    out = assemble(routes, {"resume": resume, "tracker": tracker}, taken={"Problem"})
    render = out["operations"]["render_resume"]
    assert render["parameters"][0]["name"] == "resume_id"
    assert list(render["responses"]) == ["200"]  # errors are the gateway's problem documents
    assert set(out["schemas"]) == {"Spec", "Inner", "TrackerSpec", "Nested"}
    assert out["operations"]["create_application"]["requestBody"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/TrackerSpec"}
    assert out["schemas"]["TrackerSpec"]["properties"]["n"] == {"$ref": "#/components/schemas/Nested"}


def test_merging_keeps_the_gateways_example_and_limit_and_replaces_its_placeholders():
    schema = {
        "paths": {
            "/v1/applications": {
                "post": {
                    "operationId": "create_application",
                    "parameters": [],
                    "requestBody": {
                        "description": "At most 1024 KiB.",
                        "content": {
                            "application/json": {"schema": {"type": "object"}, "example": {"company": "Acme"}}
                        },
                    },
                    "responses": {
                        "201": {"description": "Add", "content": {"application/json": {"schema": {}}}}
                    },
                }
            }
        }
    }
    fragments = {
        "operations": {
            "create_application": {
                "parameters": [{"name": "dry_run", "in": "query"}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}},
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}},
                    }
                },
            }
        },
        "schemas": {"In": {"type": "object"}, "Out": {"type": "object"}},
    }
    merge_services(schema, fragments)
    op = schema["paths"]["/v1/applications"]["post"]
    body = op["requestBody"]
    assert body["description"] == "At most 1024 KiB." and body["required"] is True
    assert body["content"]["application/json"] == {
        "schema": {"$ref": "#/components/schemas/In"},
        "example": {"company": "Acme"},
    }
    assert op["parameters"] == [{"name": "dry_run", "in": "query"}]
    assert op["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Out"
    }
    assert set(schema["components"]["schemas"]) == {"In", "Out"}
