"""One-step tailoring through the gateway: the composition of three public APIs.

tracker (the application's job description, when an application id is given) -> resume (creates
the explained variant and returns the plain text of master and variant) -> ats (the match score
of both texts, concurrently). No service reads another's data. The variant exists once the resume
service answered; if the ATS is down the answer still carries the variant, with the scores marked
unavailable, never a 5xx for work that was done.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

import httpx

from resugrow_gateway.runtime import GatewayRuntime
from resugrow_platform import ProblemError

TAILOR_TIMEOUT_S = 20.0
ATS_TIMEOUT_S = 10.0


def _headers(authorization: str, request_id: str | None) -> dict[str, str]:
    headers = {"authorization": authorization, "accept": "application/json"}
    if request_id:
        headers["x-request-id"] = request_id
    return headers


def _relay_problem(response: httpx.Response, service: str) -> ProblemError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code >= 500 or not isinstance(body, dict):
        return ProblemError(
            502, "Bad Gateway", f"The {service} service failed; nothing was changed by the gateway."
        )
    extra = {k: v for k, v in body.items() if k not in ("type", "title", "status", "detail", "instance")}
    return ProblemError(
        response.status_code, str(body.get("title") or "Error"), str(body.get("detail") or ""), **extra
    )


async def _call(
    gw: GatewayRuntime,
    service: str,
    method: str,
    path: str,
    *,
    headers: dict[str, str],
    body: Any,
    timeout: float,
) -> httpx.Response:
    try:
        return await gw.downstreams.client(service).request(
            method,
            path,
            headers=headers,
            content=json.dumps(body) if body is not None else None,
            timeout=timeout,
        )
    except httpx.TimeoutException:
        raise ProblemError(504, "Gateway Timeout", f"The {service} service did not answer in time.") from None
    except httpx.InvalidURL:
        raise ProblemError(
            422, "Unprocessable Content", "The path holds characters no resource id has."
        ) from None
    except httpx.HTTPError:
        raise ProblemError(
            503, "Service Unavailable", f"The {service} service is unavailable.", headers={"Retry-After": "2"}
        ) from None


async def _job_from_application(
    gw: GatewayRuntime, application_id: str, headers: dict[str, str]
) -> dict[str, Any]:
    r = await _call(
        gw,
        "tracker",
        "GET",
        f"/v1/applications/{quote(application_id, safe='')}",
        headers=headers,
        body=None,
        timeout=5.0,
    )
    if r.status_code != 200:
        raise _relay_problem(r, "tracker")
    app = r.json()
    description = app.get("job_description")
    if not isinstance(description, str) or not description.strip():
        raise ProblemError(
            422,
            "Unprocessable Content",
            "That application has no job description; paste one as job_description.",
            errors=[{"loc": ["body", "application_id"], "msg": "no job description"}],
        )
    return {"job_description": description, "job_title": app.get("role"), "company": app.get("company")}


async def _match(gw: GatewayRuntime, text: str, job: str, headers: dict[str, str]) -> dict[str, Any] | None:
    try:
        r = await _call(
            gw,
            "ats",
            "POST",
            "/v1/ats/match",
            headers=headers,
            body={"text": text, "job_description": job},
            timeout=ATS_TIMEOUT_S,
        )
    except ProblemError:
        return None
    return r.json() if r.status_code == 200 else None


async def tailor(
    gw: GatewayRuntime, *, resume_id: str, body: dict[str, Any], authorization: str, request_id: str | None
) -> dict[str, Any]:
    headers = {**_headers(authorization, request_id), "content-type": "application/json"}
    request = dict(body)
    if not request.get("job_description") and isinstance(request.get("application_id"), str):
        job = await _job_from_application(gw, request["application_id"], headers)
        request = {
            **{k: v for k, v in job.items() if v},
            **{k: v for k, v in request.items() if v is not None},
        }
        request["job_description"] = job["job_description"]
    r = await _call(
        gw,
        "resume",
        "POST",
        f"/v1/resumes/{quote(resume_id, safe='')}/tailor",
        headers=headers,
        body=request,
        timeout=TAILOR_TIMEOUT_S,
    )
    if r.status_code != 201:
        raise _relay_problem(r, "resume")
    out: dict[str, Any] = r.json()
    texts = out.pop("text", {})
    jd = str(request.get("job_description") or "")
    before, after = await asyncio.gather(
        _match(gw, texts.get("before", ""), jd, headers), _match(gw, texts.get("after", ""), jd, headers)
    )
    confirmed = {str(k).casefold() for k in request.get("confirmed") or ()}
    still_missing = {m["keyword"] for m in (after or {}).get("match", {}).get("missing_keywords", [])}
    suggestions = [
        {
            "keyword": m["keyword"],
            "kind": m.get("kind"),
            "required": m.get("required"),
            "where": m.get("where"),
        }
        for m in (before or {}).get("match", {}).get("missing_keywords", [])
        if m.get("kind") == "hard"
        and m["keyword"].casefold() not in confirmed
        and m["keyword"] in still_missing
    ]
    out["match"] = {
        "before": before["score"] if before else None,
        "after": after["score"] if after else None,
        "algo_version": (after or before or {}).get("algo_version"),
        "status": "ok" if before and after else "unavailable",
    }
    # The ATS's own missing keywords are the authority; the resume service's guesses are the fallback.
    if before is not None:
        out["tailoring"]["suggestions"] = suggestions
    return out
