"""HTTP API of the resume service: thin routers, one use case per route, stable operation ids.

To add a use case's route: put it in the router of its area (or a new module with its own
``router``) and list that router here.
"""

from __future__ import annotations

from fastapi import APIRouter

from resugrow_resume.api import cover_letters, renders, resumes, writing

ROUTERS: tuple[APIRouter, ...] = (resumes.router, renders.router, cover_letters.router, writing.router)
