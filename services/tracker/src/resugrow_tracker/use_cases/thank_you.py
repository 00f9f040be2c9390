"""The thank-you note draft for one interview of an application (a draft to edit; never sent)."""

from __future__ import annotations

from resugrow_domain import NotFound
from resugrow_tracker.domain.thank_you import draft_thank_you
from resugrow_tracker.use_cases.applications import get_application
from resugrow_tracker.use_cases.ports import Doc, TrackerUoW


async def thank_you_draft(uow: TrackerUoW, *, user_id: str, app_id: str, interview_id: str) -> Doc:
    app = await get_application(uow, user_id=user_id, app_id=app_id)
    interview = next((i for i in app.get("interviews") or () if i.get("id") == interview_id), None)
    if interview is None:
        raise NotFound("No such interview on this application.")
    draft = draft_thank_you(
        role=app.get("role"),
        company=app.get("company"),
        interviewers=list(interview.get("interviewers") or ()),
        notes=interview.get("notes"),
    )
    return {"application_id": app_id, "interview_id": interview_id, **draft.to_json()}
