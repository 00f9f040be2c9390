"""The tracker's HTTP API (served through the gateway). Each route calls one use case."""

from __future__ import annotations

from fastapi import APIRouter

from resugrow_tracker.api import applications, children, overview, thank_you, transfer

router = APIRouter()
# Import, export and report before /v1/applications/{application_id}, which would match them.
router.include_router(transfer.router)
router.include_router(applications.router)
router.include_router(children.router)
router.include_router(overview.router)
router.include_router(thank_you.router)
