import pytest

from resugrow_gateway.domain.routing import (
    JSON_LIMIT,
    ROUTES,
    SERVICES,
    UPLOAD_LIMIT,
    BodyKind,
    RouteTable,
    forward_request_headers,
    forward_response_headers,
    path_pattern,
    public_location,
    resolve_service,
)


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/v1/resumes", "resume"),
        ("/v1/resumes/r1/renders", "resume"),
        ("/v1/renders/x/file", "resume"),
        ("/v1/templates", "resume"),
        ("/v1/cover-letters/c1", "resume"),
        ("/v1/ats/scans", "ats"),
        ("/v1/interview/questions", "interview"),
        ("/v1/interviews/s1/answers", "interview"),
        ("/v1/linkedin/reviews", "linkedin"),
        ("/v1/applications/a1/moves", "tracker"),
        ("/v1/reminders", "tracker"),
        ("/v1/analytics", "tracker"),
        ("/v1/board", "tracker"),
        ("/v1/jobs/clip", "tracker"),
        ("/v1/activity", "tracker"),
        ("/v1/tracker/summary", "tracker"),
    ],
)
def test_every_public_prefix_reaches_its_service(path, service):
    rule = resolve_service(path)
    assert rule is not None and rule.service == service


@pytest.mark.parametrize(
    "path", ["/v1/jobs/abc", "/v1/atsx", "/v1/resumesx/1", "/v1/me", "/v1/dashboard", "/v2/ats"]
)
def test_paths_owned_by_the_gateway_or_nobody_are_not_forwarded(path):
    assert resolve_service(path) is None


def test_route_catalog_is_consistent():
    ids = [r.operation_id for r in ROUTES]
    assert len(ids) == len(set(ids)), "operation ids must be unique"
    keys = [(r.method, r.path) for r in ROUTES]
    assert len(keys) == len(set(keys))
    assert {r.service for r in ROUTES} == set(SERVICES)
    for route in ROUTES:
        assert route.timeout > 0


def test_uploads_get_ten_megabytes_and_json_one():
    by_id = {r.operation_id: r for r in ROUTES}
    assert by_id["create_ats_scan"].body_limit == UPLOAD_LIMIT
    assert by_id["create_linkedin_review"].body_limit == UPLOAD_LIMIT
    assert by_id["create_application"].body_limit == JSON_LIMIT
    assert by_id["render_resume"].timeout == 60.0
    assert by_id["get_resume_version"].path_params == ["resume_id", "version"]
    assert by_id["get_resume"].body == BodyKind.NONE


def test_request_headers_drop_hop_by_hop_and_spoofable_ones():
    headers = [
        ("Authorization", "Bearer abc"),
        ("Connection", "keep-alive, X-Secret-Hop"),
        ("X-Secret-Hop", "1"),
        ("Host", "gateway"),
        ("X-Forwarded-For", "6.6.6.6"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Type", "application/json"),
        ("Cookie", "sid=1"),
    ]
    out = forward_request_headers(headers, client_ip="10.0.0.1", request_id="rid-1")
    names = {n.lower(): v for n, v in out}
    assert names["authorization"] == "Bearer abc"
    assert names["content-type"] == "application/json"
    assert names["x-forwarded-for"] == "10.0.0.1"
    assert names["x-request-id"] == "rid-1"
    assert not {"connection", "x-secret-hop", "host", "transfer-encoding", "cookie"} & set(names)


def test_response_headers_hide_internal_hosts():
    out = dict(
        forward_response_headers(
            [
                ("Location", "http://10.1.2.3:8001/v1/resumes/r1?x=1"),
                ("Server", "uvicorn"),
                ("X-Internal-Node", "pod-7"),
                ("Content-Type", "application/pdf"),
            ],
            internal_bases=["http://10.1.2.3:8001"],
        )
    )
    assert out == {"Location": "/v1/resumes/r1?x=1", "Content-Type": "application/pdf"}
    assert public_location("https://example.com/x", ["http://10.1.2.3:8001"]) == "https://example.com/x"
    assert public_location("/v1/a", ["http://h"]) == "/v1/a"


def test_route_table_finds_the_declared_route_and_its_limits():
    table = RouteTable()
    rule, route = table.match("POST", "/v1/ats/scans")
    assert rule.service == "ats" and route is not None and route.operation_id == "create_ats_scan"
    assert route.body_limit == UPLOAD_LIMIT
    assert table.match("GET", "/v1/resumes/summary")[1].operation_id == "resume_summary"
    assert table.match("GET", "/v1/resumes/abc")[1].operation_id == "get_resume"
    assert table.match("GET", "/v1/resumes/abc/versions/3")[1].operation_id == "get_resume_version"
    assert table.match("GET", "/v1/resumes/abc/")[1].operation_id == "get_resume"
    # an undeclared path under a prefix is still routed, with the prefix's rules
    rule, route = table.match("GET", "/v1/ats/brand-new")
    assert rule.service == "ats" and route is None
    assert table.match("GET", "/v1/jobs/123") is None
    assert table.match("GET", "/v1/resumes//versions/1")[1] is None  # empty segments never match


def test_path_patterns_match_whole_segments_only():
    pattern = path_pattern("/v1/resumes/{resume_id}/renders")
    assert pattern.match("/v1/resumes/r-1/renders")
    assert not pattern.match("/v1/resumes/r/1/renders")
    assert not pattern.match("/v1/resumes/r-1/renders/x")
