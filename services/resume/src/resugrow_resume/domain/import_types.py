"""What an import produces, and how it fails (shared by the JSON and RenderCV readers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ImportFailed(ValueError):
    """The upload cannot be read as the claimed format; ``errors`` say where in the upload."""

    def __init__(self, message: str, *, where: list[Any] | None = None, too_large: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_large = too_large
        self.errors = [{"where": where or [], "msg": message, "type": "import"}]


@dataclass
class ImportResult:
    resume: dict[str, Any]  # validated, canonical (see model.normalize)
    format: str
    title: str | None = None
    warnings: list[str] = field(default_factory=list)


def decode_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"the upload is not UTF-8 text (byte {exc.start})") from None
