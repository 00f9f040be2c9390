"""Decide what a file is from its bytes, enforce limits, and hand it to the right reader.

Every failure is an ``IngestError`` with a stable code and a message a user can act on; the
service maps it to a 4xx. Readers never see a file that failed sniffing.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from resugrow_ats.domain.document import Document
from resugrow_domain.docguard import DocumentRefused, PdfLimits, check_pdf, check_zip


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_pages: int = 10
    max_chars: int = 200_000
    max_zip_uncompressed: int = 40 * 1024 * 1024
    # One XML part of a DOCX/ODT (the text itself): a long resume is well under 1 MB.
    max_xml_part_bytes: int = 8 * 1024 * 1024
    # PDF streams: what they may inflate to, and how many drawing operations they may hold.
    max_pdf_inflated_bytes: int = 48 * 1024 * 1024
    max_pdf_operators: int = 200_000


class IngestError(Exception):
    """A file the service will not read. ``status`` is the HTTP status the API answers with."""

    def __init__(self, code: str, message: str, *, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def sniff(data: bytes) -> str:
    """Return ``pdf`` | ``docx`` | ``odt`` | ``rtf`` | ``txt`` from magic bytes, or raise."""
    if not data:
        raise IngestError("empty_file", "The file is empty.", status=400)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise IngestError(
            "legacy_doc",
            "Legacy Word .doc files are not supported; save the file as .docx or PDF and upload it again.",
            status=415,
        )
    for magic, name in (
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
    ):
        if head.startswith(magic):
            raise IngestError(
                "image_file",
                f"This is a {name}, not a document; ATS systems cannot read text in pictures. "
                "Upload the PDF or DOCX your editor exports.",
                status=415,
            )
    if _looks_like_text(data):
        return "txt"
    raise IngestError(
        "unsupported_type",
        "Unsupported file type: upload a PDF, DOCX, ODT, RTF or plain-text file.",
        status=415,
    )


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if (
                "mimetype" in names
                and zf.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"
            ):
                return "odt"
    except (zipfile.BadZipFile, KeyError, OSError, zlib.error, EOFError, ValueError) as exc:
        raise IngestError("corrupt_file", "The file looks like a ZIP-based document but is damaged.") from exc
    raise IngestError("unsupported_type", "This ZIP archive is not a DOCX or ODT document.", status=415)


def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    text = decode_text(sample)
    if not text:
        return False
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return printable / len(text) > 0.95


def decode_text(data: bytes) -> str:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cut multi-byte character at the end of a sample is still UTF-8.
        if exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8")
        return data.decode("cp1252", errors="replace")


def read_document(data: bytes, *, limits: Limits | None = None) -> Document:
    """Sniff, check limits and read ``data`` into a ``Document`` (reading order, normalised)."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise IngestError(
            "file_too_large",
            f"The file is {len(data) // 1024} KiB; the limit is {limits.max_bytes // 1024} KiB.",
            status=413,
        )
    kind = sniff(data)
    try:
        doc = _read(kind, data, limits)
    except IngestError:
        raise
    except Exception as exc:  # a damaged file must get a clear answer, never a crash
        raise IngestError(
            "unreadable_file",
            f"The {kind.upper()} file could not be read; it may be damaged. Export it again.",
        ) from exc
    if len(doc.text) > limits.max_chars:
        raise IngestError(
            "too_much_text", f"The document holds more than {limits.max_chars} characters; is it a resume?"
        )
    if not doc.text.strip() and not doc.layout.image_only_pages:
        raise IngestError("no_text", "No text could be read from this file.")
    return doc


def _check_container(kind: str, data: bytes, limits: Limits) -> None:
    """Refuse bombs from the container alone, before a reader inflates anything."""
    try:
        if kind == "pdf":
            check_pdf(
                data,
                PdfLimits(
                    max_inflated_bytes=limits.max_pdf_inflated_bytes, max_operators=limits.max_pdf_operators
                ),
            )
        elif kind in ("docx", "odt"):
            check_zip(data, max_total=limits.max_zip_uncompressed)
            with zipfile.ZipFile(BytesIO(data)) as zf:
                for info in zf.infolist():
                    if info.filename.endswith(".xml") and info.file_size > limits.max_xml_part_bytes:
                        raise DocumentRefused(
                            "too_much_text",
                            f"{info.filename[:80]} expands to {info.file_size // (1024 * 1024)} MB of XML;"
                            " is it a resume?",
                            413,
                        )
    except DocumentRefused as exc:
        raise IngestError(exc.code, exc.message, status=exc.status) from exc


def _read(kind: str, data: bytes, limits: Limits) -> Document:
    _check_container(kind, data, limits)
    if kind == "pdf":
        from resugrow_ats.domain.read_pdf import read_pdf

        doc = read_pdf(data, limits=limits)
    elif kind == "docx":
        from resugrow_ats.domain.read_docx import read_docx

        doc = read_docx(data, limits=limits)
    else:
        from resugrow_ats.domain.read_text import read_odt, read_rtf, read_txt

        reader = {"odt": read_odt, "rtf": read_rtf, "txt": read_txt}[kind]
        doc = reader(data, limits=limits)
    return doc
