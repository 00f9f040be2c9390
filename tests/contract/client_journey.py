"""A whole journey written against the client generated from deploy/openapi/gateway.json.

Not a test module: tests/contract/test_generated_client.py generates the client into a temporary
directory, type-checks this file against it with mypy --strict, then runs `journey` against the
real services. It uses the generated request models and narrows every answer from
`Model | Problem | None`, the way a frontend developer would.
"""

from __future__ import annotations

import asyncio
from typing import Any, Protocol, TypeVar

from resugrow_client import AuthenticatedClient, Client
from resugrow_client.api.accounts import create_token, get_me, list_sessions, register
from resugrow_client.api.ats import create_ats_scan
from resugrow_client.api.dashboard import get_dashboard
from resugrow_client.api.resume import create_resume, render_resume
from resugrow_client.api.tracker import create_application, move_application
from resugrow_client.models import (
    ApplicationIn,
    BodyCreateToken,
    CreateAtsScanJsonScanRequest,
    MoveIn,
    Problem,
    RegisterIn,
    RenderSpec,
    ResumeInput,
    ResumeInputResume,
)


class Document(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


T = TypeVar("T")


def ok(answer: T | Problem | None, step: str) -> T:
    if answer is None or isinstance(answer, Problem):
        detail = answer.to_dict() if isinstance(answer, Problem) else "no answer"
        raise AssertionError(f"{step}: {detail}")
    return answer


def id_of(document: Document) -> str:
    return str(document.to_dict()["id"])


RESUME: dict[str, Any] = {
    "basics": {"name": "Ann Lee", "label": "Backend engineer", "email": "ann.lee@example.com"},
    "work": [
        {"name": "Acme", "position": "Engineer", "startDate": "2022-01", "highlights": ["Cut p99 by 40%"]}
    ],
    "skills": [{"name": "Python"}, {"name": "Kubernetes"}],
}


async def journey(base_url: str, email: str, password: str) -> dict[str, Any]:
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    account = ok(
        await register.asyncio(client=anonymous, body=RegisterIn(email=email, password=password)), "register"
    )
    tokens = ok(
        await create_token.asyncio(client=anonymous, body=BodyCreateToken(username=email, password=password)),
        "sign in",
    )
    client = AuthenticatedClient(base_url=base_url, token=tokens.access_token, timeout=None)
    me = ok(await get_me.asyncio(client=client), "me")
    assert me.id == account.id

    resume = ok(
        await create_resume.asyncio(
            client=client,
            body=ResumeInput(title="Backend engineer", resume=ResumeInputResume.from_dict(RESUME)),
        ),
        "create resume",
    )
    resume_id = id_of(resume)
    # Several formats: a render job (202) rather than the file itself.
    render = await render_resume.asyncio_detailed(
        resume_id, client=client, body=RenderSpec(formats=["pdf", "docx"])
    )
    assert render.status_code == 202, (render.status_code, render.content[:300])

    scan_request = CreateAtsScanJsonScanRequest(
        resume_id=resume_id,
        version=int(resume.to_dict().get("version", 1)),
        job_description="Backend engineer: Python, Kubernetes, SQL, APIs.",
    )
    # The ATS service learns of the new resume through an event: a 404 means "not yet".
    for _ in range(120):
        scan_answer = await create_ats_scan.asyncio(client=client, body=scan_request)
        if not (isinstance(scan_answer, Problem) and scan_answer.status == 404):
            break
        await asyncio.sleep(0.25)
    scan = ok(scan_answer, "ATS scan")

    application = ok(
        await create_application.asyncio(
            client=client, body=ApplicationIn(company="Acme", role="Backend engineer", resume_id=resume_id)
        ),
        "create application",
    )
    moved = ok(
        await move_application.asyncio(id_of(application), client=client, body=MoveIn(to="applied")),
        "move application",
    )
    sessions = ok(await list_sessions.asyncio(client=client), "sessions")
    board = ok(await get_dashboard.asyncio(client=client), "dashboard")
    return {
        "user_id": me.id,
        "scan": scan.to_dict(),
        "moved": moved.to_dict(),
        "sessions": len(sessions.items),
        "dashboard_sections": sorted(board.sections.to_dict()),
    }
