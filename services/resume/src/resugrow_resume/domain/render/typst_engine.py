"""Typst compilation: one compiler per process, templates and data in a project directory of its own.

A ``typst.Compiler`` loads the font book once (about 75 ms) and then compiles a resume in a few
milliseconds; it is not thread-safe, so each render worker process owns exactly one. The data goes
in as a ``data.json`` file of that project rather than through ``sys.inputs`` so that Typst's
memoization survives a change of document (see ``_project``).
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
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


def compiler() -> typst.Compiler:
    """The process's compiler: our packaged fonts only, so no machine font changes a render."""
    return _compiler(os.getpid())


@lru_cache(maxsize=1)
def _compiler(pid: int) -> typst.Compiler:
    # Keyed by process: a forked child builds its own (and its own project directory).
    return typst.Compiler(root=str(_project(pid)), font_paths=list(font_dirs()), ignore_system_fonts=True)


def _standards(pdf_standard: str | None) -> list[Any]:
    if pdf_standard is None:
        return []
    if pdf_standard not in PDF_STANDARDS:
        raise InvalidRenderOptions("pdf_standard", f"expected one of {', '.join(PDF_STANDARDS)}")
    return [pdf_standard]


# The project's data module: the JSON comes as a file, not through sys.inputs.
_DATA_TYP = b'#let input = json("data.json")\n'
_TEMPLATES = ("resume.typ", "letter.typ", "lib.typ")


def _scratch_dir() -> str | None:
    """Memory-backed when the machine has it: rewriting ``data.json`` on a disk file system cost
    2-3 ms of wall time per render (the truncation goes through the journal), on tmpfs 0.07 ms.
    The project is a few tens of kilobytes."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


@lru_cache(maxsize=1)
def _project(pid: int) -> Path:
    """This process's Typst project on disk: the templates, a ``data.typ`` that reads
    ``data.json``, and ``data.json`` itself, rewritten before each compile.

    The data goes in as a file rather than through ``sys_inputs`` so that Typst's standard library
    (which holds sys.inputs) stays the same from one render to the next and Typst reuses its
    memoized evaluation and layout of everything that did not change (an edited resume re-lays
    out only the entries that changed). The project lives on disk rather than being handed over
    as a dict of bytes because Typst keeps a parsed file between compiles only while its path and
    bytes stay the same: an in-memory project had every template parsed again on every compile
    (about a tenth of a changed resume's compile). One directory per process: two processes never
    share a ``data.json``.
    """
    root = Path(tempfile.mkdtemp(prefix=f"resugrow-typst-{pid}-", dir=_scratch_dir()))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for name in _TEMPLATES:
        (root / name).write_bytes((TYPST_DIR / name).read_bytes())
    (root / "data.typ").write_bytes(_DATA_TYP)
    return root


def discard_project(pid: int) -> None:
    """Remove the project directory of a process that cannot do it itself (killed, or ended by
    a signal before its exit handlers ran)."""
    base = Path(_scratch_dir() or tempfile.gettempdir())
    for stale in base.glob(f"resugrow-typst-{pid}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _compile(source: Path, payload: dict[str, Any], **kwargs: Any) -> Any:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    root = _project(os.getpid())
    try:
        # The lock only matters if a caller shares one process between threads; workers never contend.
        with _lock:
            (root / "data.json").write_bytes(data)
            return compiler().compile(input=str(root / source.name), **kwargs)
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
