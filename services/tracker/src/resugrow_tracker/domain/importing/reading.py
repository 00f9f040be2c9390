"""Reading an upload: refuse binaries, decode text, detect the format, read CSV records."""

from __future__ import annotations

import csv
import io

from resugrow_tracker.domain.errors import FieldError, InputTooLarge, InvalidInput, UnsupportedFormat
from resugrow_tracker.domain.importing.common import MAX_FIELD_CHARS, MAX_IMPORT_ROWS, ImportFormat, _fail


def sniff(content: bytes) -> None:
    """Refuse binary uploads by their magic bytes before trying to read them as text."""
    head = content[:8]
    if head.startswith(b"PK\x03\x04"):
        raise UnsupportedFormat("This is a ZIP or Excel workbook; export the sheet as CSV first.")
    if head.startswith(b"%PDF"):
        raise UnsupportedFormat("This is a PDF; upload a CSV or JSON export.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat("This is an old Excel (.xls) file; export the sheet as CSV first.")
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat("The upload is binary, not CSV or JSON text.")


def decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved on Windows: cp1252 covers curly quotes and the euro sign.
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            return content.decode("latin-1")


def detect_format(content: bytes) -> ImportFormat:
    sniff(content)
    text = decode(content[:8192]).lstrip()
    if text.startswith(("{", "[")):
        return "huntr"
    first = text.splitlines()[0] if text else ""
    if "Company Name" in first and "Application Date" in first and "Job Title" in first:
        return "linkedin"
    return "csv"


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) of every non-blank record, in the sniffed dialect."""
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    records: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            if number > MAX_IMPORT_ROWS + 1:
                raise InputTooLarge(
                    f"At most {MAX_IMPORT_ROWS} rows can be imported at once.",
                    errors=[FieldError("too many rows", row=number)],
                )
            if any(c.strip() for c in cells):
                records.append((number, cells))
    except csv.Error as exc:
        raise InvalidInput(
            f"The CSV is malformed near row {number + 1}: {exc}.",
            errors=[FieldError(f"malformed CSV: {exc}", row=number + 1)],
        ) from exc
    return records


def _unique_header(raw: list[str]) -> list[str]:
    """Blank names become "column N" and repeats get "(2)", "(3)" so every column has a name."""
    header = [h.strip().lstrip("\ufeff") for h in raw]
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if not name:
            header[i] = name = f"column {i + 1}"
        if name in seen:
            seen[name] += 1
            header[i] = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
    return header


def _fit_rows(header: list[str], records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    errors: list[FieldError] = []
    width = len(header)
    for number, cells in records:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            msg = f"row has {len(cells)} cells but the header has {width} columns"
            errors.append(FieldError(msg, row=number, column=f"column {width + 1}"))
            continue
        rows.append((number, (cells + [""] * width)[:width]))
    if errors:
        raise _fail("Some rows do not fit the header.", errors)
    return rows


def read_csv(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (spreadsheet row number, cells) per non-blank record; the header is row 1."""
    records = _records(text) if text.strip() else []
    if not records:
        raise InvalidInput("The file is empty.", errors=[FieldError("empty file", row=1)])
    header_row, raw_header = records[0]
    header = _unique_header(raw_header)
    rows = _fit_rows(header, records[1:])
    if not rows:
        raise InvalidInput(
            "The file has a header but no rows.", errors=[FieldError("no data rows", row=header_row + 1)]
        )
    return header, rows
