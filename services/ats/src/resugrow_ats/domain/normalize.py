"""Clean extraction debris so every reader hands the parser the same kind of text."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_SPACES = {"\u00a0", "\u2007", "\u202f", "\u2002", "\u2003", "\u2009", "\u200a", "\u3000", "\u2005", "\u2006"}
_DROPPED = {"\u00ad", "\ufffe", "\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\x7f", "\x02", "\x03"}
# Glyphs generators use for list markers; the parser sees one marker, "•".
BULLETS = frozenset("•●○◦▪▫■□◆◇►▶▸▹➢➤✓✔❖⦁∙·‣⁃–*-")
_BULLET_GLYPHS = "•●○◦▪▫■□◆◇►▶▸▹➢➤✓✔❖⦁∙‣⁃"
_TABLE = str.maketrans(
    {**_LIGATURES, **_QUOTES, **dict.fromkeys(_SPACES, " "), **dict.fromkeys(_DROPPED, None)}
)
_CID = re.compile(r"\(cid:\d+\)")
_MULTISPACE = re.compile(r"[ ]{2,}")
# A tab separates fields (title <tab> dates); runs of tabs and the spaces around them become one.
_TABS = re.compile(r" *\t[\t ]*")
_LEADING_BULLET = re.compile(rf"^\s*[{re.escape(_BULLET_GLYPHS)}\uf0b7\uf0a7\uf076\uf0d8]+\s*")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})


def debris_count(text: str) -> int:
    """How many debris characters a raw string holds (reported as a parseability signal)."""
    return len(_CID.findall(text)) + sum(1 for ch in text if ch in _DROPPED or ch == "\ufffd")


def normalize_line(text: str) -> str:
    """One visual line: NFC, no ligatures/odd spaces/soft hyphens/(cid:N), one bullet glyph."""
    text = _CID.sub("", text)
    text = unicodedata.normalize("NFC", text.translate(_TABLE)).translate(_DASHES)
    text = text.replace("\ufffd", "")
    text = _LEADING_BULLET.sub("• ", text)
    text = _MULTISPACE.sub(" ", text)
    text = _TABS.sub("\t", text)
    return text.strip()


def is_private_use(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def strip_private_use(text: str) -> tuple[str, int]:
    """Icon-font glyphs (phone, envelope icons) read as private-use code points; drop and count them."""
    kept = [ch for ch in text if not is_private_use(ch)]
    return "".join(kept), len(text) - len(kept)
