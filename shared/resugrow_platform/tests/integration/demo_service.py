"""A minimal service built exactly like a real one, used to prove the platform's guarantees."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from resugrow_events import Envelope, EventPayload
from resugrow_platform import (
    CurrentUser,
    PermanentError,
    PlatformDep,
    ServicePlatform,
    ServiceSettings,
    UnitOfWork,
    service_settings_config,
)


class DemoSettings(ServiceSettings):
    model_config = service_settings_config("demo")
    service_name: str = "demo"


class NotedV1(EventPayload):
    event_type = "resugrow.demo.noted.v1"
    aggregate = "note"
    note_id: str
    text_length: int
    poison: bool = False


class NoteIn(BaseModel):
    note_id: str
    text: str
    poison: bool = False


router = APIRouter()


@router.post("/v1/notes", status_code=201, operation_id="create_note")
async def create_note(body: NoteIn, user: CurrentUser, platform: PlatformDep) -> dict[str, Any]:
    async with platform.unit_of_work() as uow:
        await uow.db.notes.insert_one({"_id": body.note_id, "user_id": user.user_id}, session=uow.session)
        env = uow.publish(
            NotedV1(note_id=body.note_id, text_length=len(body.text), poison=body.poison),
            subject=body.note_id,
            user_id=user.user_id,
        )
    return {"id": body.note_id, "event_id": env.id}


async def on_noted(uow: UnitOfWork, event: Envelope[NotedV1]) -> None:
    if event.data.poison:
        raise PermanentError("poison note")
    if event.data.note_id.startswith("flaky") and not await uow.db.flags.find_one({"_id": "healthy"}):
        raise RuntimeError("downstream unavailable")
    if event.data.note_id.startswith("conflict"):
        # Counted outside the transaction, which the conflict aborts.
        seen = await uow.db.conflicts.find_one_and_update(
            {"_id": event.data.note_id}, {"$inc": {"n": 1}}, upsert=True, return_document=True
        )
        if seen["n"] <= event.data.text_length:
            from pymongo.errors import OperationFailure

            conflict = OperationFailure("WriteConflict", code=112)
            conflict._add_error_label("TransientTransactionError")
            raise conflict
    await uow.db.effects.update_one(
        {"_id": event.data.note_id},
        {"$inc": {"count": 1}, "$push": {"events": event.id}},
        upsert=True,
        session=uow.session,
    )
    import structlog

    structlog.get_logger("demo").info("note_effect_applied", event_id=event.id)


def create_app(settings: DemoSettings | None = None) -> Any:
    settings = settings or DemoSettings()
    platform = ServicePlatform(settings, title="demo")
    platform.include_router(router)
    platform.publishes(NotedV1)
    platform.consume(NotedV1, on_noted)
    platform.erase_user_data(collections=("notes",))
    return platform.app
