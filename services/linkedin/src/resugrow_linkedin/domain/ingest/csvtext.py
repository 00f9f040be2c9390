"""Header-driven, lenient reading of LinkedIn export CSVs.

Handles a BOM, CRLF, "Notes:" preambles before the header row, quoted multi-line fields and
files saved in cp1252 or UTF-16 instead of UTF-8, without producing mojibake.
"""

from __future__ import annotations

import csv
import io
import re

_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-16 by BOM, else UTF-8 (BOM optional), else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
            text = data.decode("latin-1")
        encoding = "cp1252"
    return _repair_double_encoding(text), encoding


def _repair_double_encoding(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252 and re-saved as UTF-8 ("JosÃ©" -> "José")."""
    if ("Ã" not in text and "Â" not in text and "â" not in text) or not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def norm_header(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.replace("\ufeff", "")).strip().lower()


def clean_cell(value: str | None) -> str:
    if value is None:
        return ""
    if "\r" not in value and "\u00a0" not in value and "\ufeff" not in value:
        return value.strip()
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    return value.strip()


def read_rows(text: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows as dicts keyed by normalised header, starting at the first row that has ``required``.

    Anything before the header (LinkedIn's "Notes:" preamble) is skipped; blank and exact
    duplicate rows are dropped; short rows are padded, long rows keep their known columns.
    """
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=False)
    header: list[str] | None = None
    want = {norm_header(r) for r in required}
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for raw in reader:
        if header is None:
            names = [norm_header(c) for c in raw]
            if want.issubset(names):
                header = names
            continue
        cells = [clean_cell(c) for c in raw]
        if not any(cells):
            continue
        key = tuple(cells)
        if key in seen:
            continue
        seen.add(key)
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        row = dict(zip(header, cells, strict=False))
        row.pop("", None)
        rows.append(row)
    return rows
