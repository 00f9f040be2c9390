"""Typst compilation: one compiler per process, templates and data handed over as an in-memory project.

A ``typst.Compiler`` loads the font book once (about 75 ms) and then compiles a resume in a few
milliseconds; it is not thread-safe, so each render worker process owns exactly one. The data goes
in as a ``data.json`` file of that project rather than through ``sys.inputs`` so that Typst's
memoization survives a change of document (see ``_files``).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from .errors import InvalidRenderOptions, RenderError
from .fonts import font_dirs

TYPST_DIR = Path(__file__).resolve().parent / "typst"
RESUME_TYP = TYPST_DIR / "resume.typ"
LETTER_TYP = TYPST_DIR / "letter.typ"

# Fixed creation date (2000-01-01T00:00:00Z) so the same input always gives the same bytes.
FIXED_TIMESTAMP = 946684800
PDF_STANDARDS = ("a-2b", "ua-1")
PAPER = {"letter": "us-letter", "a4": "a4"}
PNG_PPI = 110

_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")
_lock = threading.Lock()


@dataclass(frozen=True)
class Layout:
    size: float  # body text, pt
    spacing: float  # gap between entries and sections, em
    leading: float  # line spacing, em
    margin: float  # page margin, mm

    def as_dict(self) -> dict[str, float]:
        return {"size": self.size, "spacing": self.spacing, "leading": self.leading, "margin": self.margin}


@lru_cache(maxsize=1)
def compiler() -> typst.Compiler:
    """The process's compiler: our packaged fonts only, so no machine font changes a render."""
    return typst.Compiler(root=str(TYPST_DIR), font_paths=list(font_dirs()), ignore_system_fonts=True)


def _standards(pdf_standard: str | None) -> list[Any]:
    if pdf_standard is None:
        return []
    if pdf_standard not in PDF_STANDARDS:
        raise InvalidRenderOptions("pdf_standard", f"expected one of {', '.join(PDF_STANDARDS)}")
    return [pdf_standard]


# The in-memory project's data module: the JSON comes as a file, not through sys.inputs.
_DATA_TYP = b'#let input = json("data.json")\n'


@lru_cache(maxsize=8)
def _template_bytes(path: Path) -> bytes:
    return path.read_bytes()


def _files(source: Path, payload: dict[str, Any]) -> dict[str, bytes]:
    """The project handed to Typst in memory: the template as main file, the shared library, and
    the data as ``data.json`` read by an in-memory ``data.typ``.

    Passing the data as a file rather than through ``sys_inputs`` keeps Typst's standard library
    (which holds sys.inputs) the same from one render to the next, so Typst reuses its memoized
    evaluation and layout of everything that did not change (an edited resume re-lays out only
    the entries that changed; a wholly different one still reuses the theme's styles). The compiler's sys_inputs are left as they are (rebuilding the library costs
    about a millisecond) and this project never reads them.
    """
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return {
        "main.typ": _template_bytes(source),
        "lib.typ": _template_bytes(TYPST_DIR / "lib.typ"),
        "data.typ": _DATA_TYP,
        "data.json": data,
    }


def _compile(source: Path, payload: dict[str, Any], **kwargs: Any) -> Any:
    files = _files(source, payload)
    try:
        # The lock only matters if a caller shares one process between threads; workers never contend.
        with _lock:
            return compiler().compile(input=files, **kwargs)
    except typst.TypstError as exc:
        detail = " ".join(str(exc).split())[:300]
        raise RenderError(f"typst could not compile the document: {detail}") from exc


def compile_pdf(source: Path, payload: dict[str, Any], pdf_standard: str | None = None) -> bytes:
    pdf = _compile(
        source,
        payload,
        format="pdf",
        timestamp=FIXED_TIMESTAMP,
        pdf_standards=_standards(pdf_standard),
        pdf_tags=True,
    )
    assert isinstance(pdf, bytes)
    return pdf


def compile_png(source: Path, payload: dict[str, Any], ppi: float = PNG_PPI) -> list[bytes]:
    images = _compile(source, payload, format="png", ppi=ppi)
    # typst returns bare bytes for a one-page document and a list otherwise
    return [images] if isinstance(images, bytes) else list(images or [])


def pdf_page_count(pdf: bytes) -> int:
    match = _PAGE_COUNT.search(pdf)
    if match:
        return int(match.group(1))
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(pdf))
