"""Request bodies that are either a multipart upload (one file plus form fields) or a JSON object.

Several services accept "a file, or JSON": the size cap, the malformed-body answers and the
field-path validation errors are the same everywhere, so they live here once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from resugrow_domain.safeparse import loads as policy_loads
from resugrow_platform.errors import BadRequest, PayloadTooLarge, Unprocessable, UnsupportedMediaType

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class UploadBody(Generic[M]):
    data: bytes | None
    filename: str | None
    fields: M


def validate_fields(model: type[M], fields: dict[str, Any]) -> M:
    """Validate body fields into `model`; a failure is a 422 listing each bad field's path."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise Unprocessable(
            "The request is invalid.",
            errors=[{"loc": ["body", *e["loc"]], "msg": e["msg"]} for e in exc.errors(include_url=False)],
        ) from exc


async def read_upload_or_json(
    request: Request,
    model: type[M],
    *,
    max_bytes: int,
    file_field: str = "file",
    json_fields: Iterable[str] = (),
) -> UploadBody[M]:
    """The uploaded file (read at most `max_bytes`, else 413) and the other fields, from either a
    multipart/form-data or an application/json body. `json_fields` are form fields that carry JSON."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        try:
            form = await request.form(max_files=1, max_fields=20)
        except Exception as exc:  # a malformed multipart body is the client's error
            raise BadRequest(f"The multipart body could not be read: {exc}") from exc
        upload = form.get(file_field)
        data: bytes | None = None
        filename: str | None = None
        if isinstance(upload, UploadFile):
            # One byte past the cap tells "exactly the limit" from "too large" without reading more.
            data = await upload.read(max_bytes + 1)
            filename = upload.filename
            if len(data) > max_bytes:
                raise PayloadTooLarge(f"The file is larger than {max_bytes} bytes.", code="file_too_large")
        fields: dict[str, Any] = {
            k: v for k, v in form.items() if k != file_field and isinstance(v, str) and v != ""
        }
        for name in json_fields:
            if name in fields:
                try:
                    fields[name] = policy_loads(fields[name])
                except json.JSONDecodeError as exc:
                    raise Unprocessable(
                        f"{name} must be JSON.", errors=[{"loc": ["body", name], "msg": str(exc)}]
                    ) from exc
        return UploadBody(data, filename, validate_fields(model, fields))
    if ctype in ("application/json", ""):
        try:
            body = policy_loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadRequest("The body is not valid JSON.") from exc
        if not isinstance(body, dict):
            raise Unprocessable("The body must be a JSON object.")
        return UploadBody(None, None, validate_fields(model, body))
    raise UnsupportedMediaType(f"Send multipart/form-data with a {file_field!r} file, or application/json.")
