"""Font discovery and glyph coverage.

Fonts are the files shipped by pip packages (``fontpkg-*`` and ``cvttf-notosanscjk-regular``), found
through their import paths so no system font ever changes a render. Typst silently draws tofu for a
character no font has, so coverage is checked here first, from each font's ``cmap`` table.
"""

from __future__ import annotations

import bisect
import importlib
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import MissingGlyph

FONT_PACKAGES: tuple[str, ...] = (
    "fontpkg_arimo",
    "fontpkg_noto_sans",
    "fontpkg_noto_serif",
    "fontpkg_noto_sans_arabic",
    "fontpkg_source_sans_3",
    "fontpkg_ibm_plex_sans",
    "cvttf_NotoSansCJK_Regular",
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")

# Format characters that select or join glyphs rather than draw one (ZWJ, bidi marks, variation
# selectors, soft hyphen, BOM): no font needs a glyph for them.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xE0100, 0xE01EF),
)


@dataclass(frozen=True)
class FontFile:
    package: str
    path: Path


def _package_dir(package: str) -> Path:
    module = importlib.import_module(package)
    return Path(module.__file__ or "").resolve().parent


@lru_cache(maxsize=1)
def font_files() -> tuple[FontFile, ...]:
    found: list[FontFile] = []
    for package in FONT_PACKAGES:
        root = _package_dir(package)
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() in _FONT_SUFFIXES:
                found.append(FontFile(package, path))
    return tuple(found)


@lru_cache(maxsize=1)
def font_dirs() -> tuple[str, ...]:
    """Directories handed to ``typst.Compiler(font_paths=...)``."""
    return tuple(sorted({str(f.path.parent) for f in font_files()}))


def _read_cmap_ranges(data: bytes, offset: int = 0) -> list[tuple[int, int]]:
    """Code point ranges mapped to a real glyph, from the best Unicode cmap subtable."""
    num_tables = struct.unpack_from(">H", data, offset + 4)[0]
    cmap_offset = None
    for i in range(num_tables):
        tag, _checksum, table_offset, _length = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
        if tag == b"cmap":
            cmap_offset = table_offset
            break
    if cmap_offset is None:
        return []
    count = struct.unpack_from(">H", data, cmap_offset + 2)[0]
    subtables: dict[int, int] = {}
    for i in range(count):
        platform, encoding, sub_offset = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, cmap_offset + sub_offset)[0]
        unicode_table = platform == 0 or (platform == 3 and encoding in (1, 10))
        if unicode_table and fmt in (4, 12):
            subtables.setdefault(fmt, cmap_offset + sub_offset)
    if 12 in subtables:
        return _format12(data, subtables[12])
    if 4 in subtables:
        return _format4(data, subtables[4])
    return []


def _format12(data: bytes, at: int) -> list[tuple[int, int]]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    ranges = []
    for i in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
        if glyph == 0:
            start += 1  # a group starting at .notdef still maps the code points after it
        if start <= end:
            ranges.append((start, end))
    return ranges


def _format4(data: bytes, at: int) -> list[tuple[int, int]]:
    seg_x2 = struct.unpack_from(">H", data, at + 6)[0]
    segs = seg_x2 // 2
    ends_at = at + 14
    starts_at = ends_at + seg_x2 + 2
    deltas_at = starts_at + seg_x2
    range_offsets_at = deltas_at + seg_x2
    codepoints: list[int] = []
    for i in range(segs):
        end = struct.unpack_from(">H", data, ends_at + 2 * i)[0]
        start = struct.unpack_from(">H", data, starts_at + 2 * i)[0]
        delta = struct.unpack_from(">h", data, deltas_at + 2 * i)[0]
        range_offset = struct.unpack_from(">H", data, range_offsets_at + 2 * i)[0]
        if start == 0xFFFF:
            continue
        for cp in range(start, end + 1):
            if range_offset == 0:
                glyph = (cp + delta) & 0xFFFF
            else:
                glyph_at = range_offsets_at + 2 * i + range_offset + 2 * (cp - start)
                glyph = struct.unpack_from(">H", data, glyph_at)[0]
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                codepoints.append(cp)
    return _to_ranges(codepoints)


def _to_ranges(codepoints: Iterable[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for cp in sorted(set(codepoints)):
        if ranges and ranges[-1][1] + 1 == cp:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class Coverage:
    """Union of code point ranges, answering membership with a binary search."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged = _merge(ranges)
        self._starts = [r[0] for r in merged]
        self._ends = [r[1] for r in merged]

    def __contains__(self, codepoint: object) -> bool:
        if not isinstance(codepoint, int):
            return False
        i = bisect.bisect_right(self._starts, codepoint) - 1
        return i >= 0 and codepoint <= self._ends[i]

    def __len__(self) -> int:
        return sum(e - s + 1 for s, e in zip(self._starts, self._ends, strict=True))


def file_coverage(path: Path) -> list[tuple[int, int]]:
    data = path.read_bytes()
    if data[:4] == b"ttcf":
        first = struct.unpack_from(">I", data, 12)[0]
        return _read_cmap_ranges(data, first)
    return _read_cmap_ranges(data)


@lru_cache(maxsize=1)
def coverage() -> Coverage:
    """Everything our fonts can draw, plus the ignorable format characters."""
    ranges: list[tuple[int, int]] = list(_IGNORABLE_RANGES)
    for font in font_files():
        ranges.extend(file_coverage(font.path))
    return Coverage(ranges)


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def _texts(value: Any) -> Iterator[str]:
    """Every string in ``value``, without building the field paths ``_walk`` names."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _all_drawn(document: Any, root: str, skip: frozenset[str], covered: Coverage) -> bool:
    """The common case in one pass: every character of every drawn field is covered."""
    if root:
        parts: Any = [] if root.split("[", 1)[0] in skip else [document]
    elif isinstance(document, dict):
        parts = [item for key, item in document.items() if key not in skip]
    else:
        parts = [document]
    chars: set[str] = set()
    for text in _texts(parts):
        if not text.isascii():
            chars.update(text)
    return all(ord(c) < 0x20 or c in "\u2028\u2029" or ord(c) in covered for c in chars)


def check_glyphs(document: Any, root: str = "", skip: frozenset[str] = frozenset()) -> None:
    """Raise ``MissingGlyph`` for the first character no installed font draws, naming its field."""
    covered = coverage()
    if _all_drawn(document, root, skip, covered):
        return
    for path, text in _walk(document, root):
        if path.split(".", 1)[0].split("[", 1)[0] in skip or text.isascii():
            continue
        for char in text:
            cp = ord(char)
            if cp < 0x20 or char in "\u2028\u2029":
                continue  # control characters are removed before rendering
            if cp not in covered:
                raise MissingGlyph(char, cp, path)


def font_licenses() -> list[dict[str, str]]:
    """Package, file and licence of every font, for ``FONTS.md`` and the template listing."""
    out = []
    for font in font_files():
        license_file = font.path.parent / "LICENSE"
        if not license_file.exists():
            license_file = font.path.parent.parent / "LICENSE"
        first_line = license_file.read_text(errors="replace").splitlines()[0] if license_file.exists() else ""
        out.append({"package": font.package, "file": font.path.name, "license_head": first_line})
    return out
