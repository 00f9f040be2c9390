"""Cheap, linear checks on a document's container before any parser opens it.

A PDF's content streams and a ZIP's members are compressed: 88 KB can inflate to 60 MB of text
operators, 2 MB of ZIP to 135 MB of CSV. These checks decide from the container alone, with
bounded memory (streams are inflated in chunks and counted, never kept), whether a document is
worth parsing; the parse itself still runs in the sandbox, under its time and memory budget.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO


class DocumentRefused(ValueError):
    """The document exceeds a limit; ``code`` is stable, ``status`` the HTTP status to answer."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class PdfLimits:
    # Everything the streams of one PDF may inflate to (fonts and images included).
    max_inflated_bytes: int = 48 * 1024 * 1024
    # Text-operator budget summed over every stream: a 10-page resume uses a few thousand.
    max_operators: int = 400_000
    max_objects: int = 20_000


_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"
# Text showing/positioning and path operators, the ones a content-stream bomb repeats.
_COUNTED = (b"Tj", b"TJ", b"Td", b"TD", b"Tm", b"T*", b"BT", b" re", b" l\n", b" m\n", b" c\n", b" Do")
_NOT_CONTENT = (b"/Length1", b"/Length2", b"/Length3", b"/Subtype", b"/ObjStm", b"/XRef", b"/Type")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_CHUNK = 256 * 1024


def check_pdf(data: bytes, limits: PdfLimits | None = None) -> None:
    """Raise DocumentRefused when the PDF's streams inflate or hold more than the limits allow.

    Flate streams are inflated incrementally with a cap, so the check itself stays within a few
    hundred KB of memory and linear time; other filters (images) count at their stored size."""
    limits = limits or PdfLimits()
    if len(_OBJ.findall(data, 0, len(data))) > limits.max_objects:
        raise DocumentRefused("pdf_too_complex", f"The PDF has more than {limits.max_objects} objects.")
    tally = _Tally(limits)
    for head, raw in _streams(data):
        if b"/FlateDecode" not in head and b"/Fl " not in head and b"/Fl]" not in head:
            tally.add(len(raw))
            continue
        # Only page content counts operators; fonts, images, object and xref streams are binary.
        is_content = not any(key in head for key in _NOT_CONTENT)
        try:
            _inflate(raw, tally, is_content)
        except zlib.error:
            continue  # a damaged stream: the parser decides what it makes of it


def _streams(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(dictionary before the stream, raw stream bytes) for every stream in the file."""
    pos = 0
    while True:
        match = _STREAM.search(data, pos)
        if match is None:
            return
        start = match.end()
        end = data.find(_ENDSTREAM, start)
        if end < 0:
            end = len(data)
        window = max(0, match.start() - 1024)
        opened = data.rfind(b"obj", window, match.start())
        yield data[opened if opened >= 0 else window : match.start()], data[start:end]
        pos = end + len(_ENDSTREAM)


class _Tally:
    """What the streams inflated to so far, refusing the document past the limits."""

    def __init__(self, limits: PdfLimits) -> None:
        self.limits = limits
        self.inflated = 0
        self.operators = 0

    def add(self, size: int, operators: int = 0) -> None:
        self.inflated += size
        self.operators += operators
        if self.inflated > self.limits.max_inflated_bytes:
            raise DocumentRefused(
                "pdf_too_large_inflated",
                "The PDF's content inflates to more than "
                f"{self.limits.max_inflated_bytes // (1024 * 1024)} MB; export it again or simplify it.",
            )
        if self.operators > self.limits.max_operators:
            raise DocumentRefused(
                "pdf_too_complex",
                f"The PDF draws more than {self.limits.max_operators} operations; is it a resume?",
            )


def _inflate(raw: bytes, tally: _Tally, is_content: bool) -> None:
    decompressor = zlib.decompressobj()
    tail = b""
    for i in range(0, len(raw), _CHUNK):
        chunk = decompressor.decompress(raw[i : i + _CHUNK], _CHUNK * 4)
        while True:
            tally.add(len(chunk), _count_operators(tail + chunk) if is_content else 0)
            tail = chunk[-8:]
            if not decompressor.unconsumed_tail:
                break
            chunk = decompressor.decompress(decompressor.unconsumed_tail, _CHUNK * 4)


def _count_operators(chunk: bytes) -> int:
    # bytes.count runs in C: a close, cheap count of what makes a page slow to lay out.
    return sum(chunk.count(op) for op in _COUNTED)


def check_zip(data: bytes, *, max_total: int, max_members: int = 2_000, max_ratio: int = 200) -> None:
    """Raise DocumentRefused unless the archive's declared uncompressed total, member count and
    per-member compression ratio are within bounds. Readers must still read members with a cap
    (``read_member``): the declared sizes are the sender's claim."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentRefused("corrupt_file", "The archive is damaged.") from exc
    if len(infos) > max_members:
        raise DocumentRefused("too_many_files", f"The archive holds more than {max_members} files.", 413)
    total = 0
    for info in infos:
        total += info.file_size
        if (
            info.compress_size
            and info.file_size > 1024 * 1024
            and info.file_size // info.compress_size > max_ratio
        ):
            raise DocumentRefused(
                "compression_bomb", f"{info.filename[:80]} is compressed more than {max_ratio}:1.", 413
            )
    if total > max_total:
        raise DocumentRefused(
            "archive_too_large",
            f"The archive expands to {total // (1024 * 1024)} MB; the limit is {max_total // (1024 * 1024)} MB.",
            413,
        )


def read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A member's bytes, refusing one that inflates past ``limit`` whatever its header claims."""
    with zf.open(name) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise DocumentRefused("archive_too_large", f"{name[:80]} expands past {limit} bytes.", 413)
    return data
