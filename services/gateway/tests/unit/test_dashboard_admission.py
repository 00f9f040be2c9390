"""Dashboard admission: past the page limit a prepared 503 answers before any other work."""

import asyncio
import json
import sys
from pathlib import Path

from pydantic import SecretStr

from resugrow_gateway.middleware import ADMITTED, DashboardAdmission, early_refusal
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.settings import GatewaySettings


def _runtime(limit, floor=4):
    settings = GatewaySettings(
        auth={"jwt_secret": SecretStr("k" * 40)},
        passwords={"time_cost": 1, "memory_kib": 1024, "parallelism": 1},
        dashboard={"max_pages_in_flight": limit, "min_pages_in_flight": floor},
    )
    return GatewayRuntime(settings, platform=None)  # type: ignore[arg-type]


class _SlowApp:
    """The rest of the stack: counts the requests that reached it, holds them until released."""

    def __init__(self):
        self.reached = []
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send):
        self.reached.append(scope["path"])
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


async def _call(app, path):
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    await app({"type": "http", "path": path, "method": "GET", "headers": []}, receive, send)
    return sent


async def test_pages_past_the_limit_are_refused_at_once_and_admitted_again_when_one_ends():
    inner = _SlowApp()
    rt = _runtime(2)
    app = DashboardAdmission(inner, runtime=rt)
    admitted = [asyncio.create_task(_call(app, "/v1/dashboard")) for _ in range(2)]
    await asyncio.sleep(0)
    refused = await asyncio.wait_for(_call(app, "/v1/dashboard"), 1)  # answered while two are held
    start, body = refused
    assert start["status"] == 503 and inner.reached == ["/v1/dashboard"] * 2
    headers = dict(start["headers"])
    assert headers[b"content-type"] == b"application/problem+json" and headers[b"retry-after"] == b"1"
    problem = json.loads(body["body"])
    assert problem["status"] == 503 and problem["title"] == "Service Unavailable"
    # other routes are never held back by the dashboard's limit
    other = asyncio.create_task(_call(app, "/v1/resumes"))
    await asyncio.sleep(0)
    assert inner.reached[-1] == "/v1/resumes"
    inner.release.set()
    for task in [*admitted, other]:
        assert (await task)[0]["status"] == 200
    assert rt.page_gate.in_flight == 0
    assert (await _call(app, "/v1/dashboard"))[0]["status"] == 200


async def test_a_limit_of_zero_admits_everything():
    inner = _SlowApp()
    inner.release.set()
    app = DashboardAdmission(inner, runtime=_runtime(0))
    results = await asyncio.gather(*(_call(app, "/v1/dashboard") for _ in range(50)))
    assert all(r[0]["status"] == 200 for r in results)


async def test_the_composed_app_refuses_dashboards_before_anything_else_runs():
    from resugrow_gateway.main import create_app

    settings = GatewaySettings(
        auth={"jwt_secret": SecretStr("k" * 40)},
        passwords={"time_cost": 1, "memory_kib": 1024, "parallelism": 1},
        dashboard={"max_pages_in_flight": 3},
    )
    app = create_app(settings)
    runtime = app.state.gateway
    runtime.page_gate.in_flight = 3  # three pages being served
    start, _ = await _call(app, "/v1/dashboard")
    # No token was sent: a 401 would mean the request got past admission.
    assert start["status"] == 503 and dict(start["headers"])[b"retry-after"] == b"1"
    assert runtime.page_gate.in_flight == 3


class _LateLoop:
    """The loop's lag as the gate sees it, set by the test (LoopLag's own tests are in the platform)."""

    def __init__(self, lag_s):
        self.lag_s = lag_s
        self.samples = 0

    def sample(self):
        return self.lag_s


async def test_while_the_loop_runs_late_pages_past_the_floor_are_refused_before_anything_else():
    inner = _SlowApp()
    rt = _runtime(32, floor=1)
    late = _LateLoop(0.08)
    rt.page_gate.lag = late
    app = DashboardAdmission(inner, runtime=rt)
    held = asyncio.create_task(_call(app, "/v1/dashboard"))  # under the floor: admitted, however late
    await asyncio.sleep(0)
    start, body = await asyncio.wait_for(_call(app, "/v1/dashboard"), 1)
    assert start["status"] == 503 and dict(start["headers"])[b"retry-after"] == b"1"
    assert json.loads(body["body"])["status"] == 503 and inner.reached == ["/v1/dashboard"]
    other = asyncio.create_task(_call(app, "/v1/resumes"))  # other routes are not held back
    await asyncio.sleep(0)
    assert inner.reached[-1] == "/v1/resumes"
    late.lag_s = 0.001  # the loop caught up: admitted again
    inner.release.set()
    assert (await _call(app, "/v1/dashboard"))[0]["status"] == 200
    assert (await held)[0]["status"] == 200 and (await other)[0]["status"] == 200
    assert rt.page_gate.in_flight == 0


def _app_with_fakes(**settings):
    sys.path.insert(0, str(Path(__file__).parent))
    from fakes import FakeDashboardReadModel

    from resugrow_gateway.adapters.downstream import SmallAnswer
    from resugrow_gateway.domain.dashboard import SUMMARY_PATHS
    from resugrow_gateway.main import create_app

    class Downstreams:
        async def get_json(self, service, path, *, authorization, request_id, timeout):
            if path == "/livez":  # the gateway's liveness probe, made while pages are served
                return SmallAnswer(200, b'{"status":"ok"}')
            assert path == SUMMARY_PATHS[service] and authorization.startswith("Bearer ")
            return SmallAnswer(200, json.dumps({"service": service}).encode())

    app = create_app(
        GatewaySettings(
            auth={"jwt_secret": SecretStr("k" * 40)},
            passwords={"time_cost": 1, "memory_kib": 1024, "parallelism": 1},
            **settings,
        )
    )
    runtime = app.state.gateway
    runtime.read_model = FakeDashboardReadModel()
    runtime.downstreams = Downstreams()
    return app, runtime


async def _get(app, headers):
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {
        "type": "http",
        "path": "/v1/dashboard",
        "method": "GET",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        "client": ("10.1.2.3", 5000),
        "query_string": b"",
        "scheme": "http",
        "server": ("gw", 80),
        "root_path": "",
        "app": app,
    }
    await app(scope, receive, send)
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


async def test_the_fast_lane_answers_the_page_with_the_stacks_headers_checks_and_errors():
    from resugrow_platform import issue_token

    app, runtime = _app_with_fakes(rate_limit={"per_user_rate_per_s": 0.01, "per_user_burst": 2})
    token = issue_token(runtime.settings.auth, "ann", ttl_seconds=600)
    status, headers, body = await _get(app, {"authorization": f"Bearer {token}", "x-request-id": "req-1"})
    assert status == 200 and headers[b"content-type"] == b"application/json"
    assert headers[b"x-request-id"] == b"req-1" and headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"content-security-policy"].startswith(b"default-src 'none'")
    page = json.loads(body)
    assert page["partial"] is False and page["sections"]["ats"]["data"] == {"service": "ats"}
    # no token: a 401 problem; past the user's rate limit: a 429 problem with Retry-After
    status, headers, body = await _get(app, {})
    assert status == 401 and headers[b"content-type"] == b"application/problem+json"
    assert json.loads(body)["status"] == 401 and len(headers[b"x-request-id"]) == 32
    await _get(app, {"authorization": f"Bearer {token}"})
    status, headers, _ = await _get(app, {"authorization": f"Bearer {token}"})
    assert status == 429 and b"retry-after" in headers
    assert runtime.page_gate.in_flight == 0


async def test_with_cors_configured_the_stack_serves_the_page():
    from resugrow_platform import issue_token

    app, runtime = _app_with_fakes(cors={"allow_origins": ["https://app.example.com"]})
    token = issue_token(runtime.settings.auth, "ann", ttl_seconds=600)
    status, headers, body = await _get(
        app, {"authorization": f"Bearer {token}", "origin": "https://app.example.com"}
    )
    assert status == 200 and headers[b"access-control-allow-origin"] == b"https://app.example.com"
    assert json.loads(body)["sections"]["resume"]["data"] == {"service": "resume"}


async def test_early_refusal_refuses_dashboards_past_the_limit_and_leaves_other_paths_alone():
    rt = _runtime(1, floor=0)
    decide = early_refusal(rt)
    first = {"type": "http", "path": "/v1/dashboard", "method": "GET", "headers": []}
    assert decide(first) is None and first[ADMITTED] is True  # admitted: counted once, here
    refused = decide({"type": "http", "path": "/v1/dashboard", "method": "GET", "headers": []})
    assert refused is not None and refused[0]["status"] == 503
    assert dict(refused[0]["headers"])[b"retry-after"] == b"1"
    other = {"type": "http", "path": "/v1/applications", "method": "GET", "headers": []}
    assert decide(other) is None and ADMITTED not in other


async def test_a_page_admitted_early_is_not_counted_twice_and_frees_its_slot_when_answered():
    inner = _SlowApp()
    rt = _runtime(1, floor=0)
    decide = early_refusal(rt)
    app = DashboardAdmission(inner, runtime=rt)
    scope = {"type": "http", "path": "/v1/dashboard", "method": "POST", "headers": []}
    assert decide(scope) is None

    async def receive():
        return {"type": "http.request", "body": b""}

    sent = []

    async def send(message):
        sent.append(message)

    served = asyncio.create_task(app(scope, receive, send))
    await asyncio.sleep(0)
    assert inner.reached == ["/v1/dashboard"] and rt.page_gate.in_flight == 1
    inner.release.set()
    await served
    assert sent[0]["status"] == 200 and rt.page_gate.in_flight == 0
    assert decide({"type": "http", "path": "/v1/dashboard", "method": "GET", "headers": []}) is None
