"""Read every render back the way an ATS would, and check that nothing was lost.

PDFs are read with pypdfium2, DOCX with python-docx. Checks: the key fields are present and in
reading order, no glyph was lost (U+FFFD or a character that never came back), no word or URL was
split across lines, the PDF is tagged, and the DOCX uses real styles with no tables or text boxes.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium

from .view import ResumeView

_WORD = re.compile(r"\w+(?:-\w+)*")
# Scripts written without spaces break lines between any two characters, so their "words" are not checked.
_NO_SPACE_SCRIPTS = re.compile(
    r"[\u0E00-\u0EFF\u1000-\u109F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]"
)
_LOST = ("\ufffd",)
# Invisible characters dropped before comparing (a regex is several times faster than str.translate)
_IGNORED = re.compile("[\u00ad\u200b\u200c\u200d\u200e\u200f\ufeff\ufffe]")
_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
# An ICC-based colour space as Typst writes it (an object of its own) and the profile stream's
# component count, to name the matching device space instead (see ``_for_text``).
_ICC_SPACE = re.compile(rb"\[/ICCBased (\d+) 0 R\]")  # starts with a literal: a fast scan
_OBJECT_START = re.compile(rb"\d+ 0 obj\s*$")
_PROFILE_COMPONENTS = re.compile(rb"\s*<<[^>]*?/N (\d)")
_DEVICE_SPACES = {b"1": b"/DeviceGray", b"3": b"/DeviceRGB", b"4": b"/DeviceCMYK"}


@dataclass
class Expectations:
    fields: list[tuple[str, str]]  # (label, text) in reading order
    links: list[str]  # shown URLs and e-mail addresses: each must sit on one line
    texts: list[str] = field(default_factory=list)  # everything drawn, for word and glyph checks
    styles: tuple[str, ...] = ()  # Word styles a DOCX must use


def _norm(text: str) -> str:
    return " ".join(_IGNORED.sub("", unicodedata.normalize("NFKC", text)).split())


def expectations_for(view: ResumeView, kind: str = "resume") -> Expectations:
    basics = view.basics
    fields: list[tuple[str, str]] = [("name", basics.get("name", ""))]
    fields += [
        (c["kind"], c["text"]) for c in view.data.get("contacts", []) if c["kind"] in ("email", "phone")
    ]
    texts: list[str] = [basics.get("name", ""), basics.get("label", "")]
    links = [c["text"] for c in view.data.get("contacts", []) if c["url"]]
    texts += [c["text"] for c in view.data.get("contacts", [])]
    for section in view.sections:
        texts.append(section["title"])
        texts.append(section.get("text", ""))
        for line in section.get("lines", []):
            texts += [line["label"], line["text"]]
        for e in section.get("entries", []):
            if section["key"] in ("work", "volunteer"):
                fields.append((f"{section['key']}.position", e["title"]))
                if e["subtitle"]:
                    fields.append((f"{section['key']}.employer", e["subtitle"]))
            elif section["key"] == "education":
                fields.append(("education.degree", e["title"]))
                if e["subtitle"]:
                    fields.append(("education.school", e["subtitle"]))
            texts += [e["title"], e["subtitle"], e["date"], e["location"], e["summary"], *e["bullets"]]
            if e["url"]:
                links.append(e["url"]["text"])
                texts.append(e["url"]["text"])
    letter = view.data.get("letter")
    if kind == "cover_letter" and letter:
        fields.append(("date", letter["date"]))
        fields += [("recipient", line) for line in letter["recipient_lines"]]
        fields += [("greeting", letter["greeting"]), ("closing", letter["closing"])]
        texts += [letter["date"], letter["subject"], letter["greeting"], letter["closing"]]
        texts += letter["recipient_lines"] + letter["paragraphs"]
    styles: tuple[str, ...] = ("Title",)
    if view.sections:
        styles += ("Heading 1",)
    if any(e["bullets"] for s in view.sections for e in s.get("entries", [])):
        styles += ("List Bullet",)
    return Expectations(
        fields=[(k, v) for k, v in fields if v],
        links=[x for x in links if x],
        texts=[t for t in texts if t],
        styles=styles,
    )


def _result(checks: dict[str, bool], problems: list[str], **extra: Any) -> dict[str, Any]:
    return {"passed": all(checks.values()), "checks": checks, "problems": problems, **extra}


def _reading_order(full: str, fields: list[tuple[str, str]]) -> tuple[bool, bool, list[str]]:
    problems: list[str] = []
    present, ordered = True, True
    cursor = 0
    letters = set(full)
    rtl_document = _has_rtl(full)
    for label, value in fields:
        needle = _norm(value)
        if _has_rtl(needle):
            # pdfium returns typst's shaped Arabic in visual order with repeated clusters, so for
            # right-to-left fields only the letters themselves can be checked, not their order.
            if not {ch for ch in needle if not ch.isspace()} <= letters:
                present = False
                problems.append(f"{label} {value!r} is missing")
            continue
        at = full.find(needle, cursor)
        if at >= 0:
            cursor = at + len(needle)
            continue
        if rtl_document and all(part in full for part in _WORD.findall(needle)):
            continue  # a left-to-right run inside right-to-left text comes back with its pieces reordered
        if needle in full:
            ordered = False
            problems.append(f"{label} {value!r} is out of reading order")
        else:
            present = False
            problems.append(f"{label} {value!r} is missing")
    return present, ordered, problems


def _words(text: str) -> set[str]:
    # casefolded: themes may set headings in capitals or small caps
    words = _WORD.findall(text)
    if _NO_SPACE_SCRIPTS.search(text) is None:  # the common case: one scan instead of one per word
        return set(map(str.casefold, set(words)))
    return {w.casefold() for w in set(words) if not _NO_SPACE_SCRIPTS.search(w)}


def _fold(text: str) -> str:
    """NFKC (folds ligatures and Arabic presentation forms) minus invisible characters."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


def _common_checks(lines: list[str], exp: Expectations) -> tuple[dict[str, bool], list[str]]:
    # Normalise the whole text layer once; newlines stay, so words are still found per line
    # (the word pattern never crosses a newline) and a word split over two lines goes missing.
    page = _fold("\n".join(lines))
    full = " ".join(page.split())
    expected = _fold("\n".join(exp.texts))
    problems: list[str] = []
    present, ordered, order_problems = _reading_order(full, exp.fields)
    problems += order_problems

    lost = [ch for ch in _LOST if ch in full]
    missing_chars = sorted(set(expected.casefold()) - set(full.casefold()) - set(" \n\t"))
    if lost:
        problems.append("replacement characters (U+FFFD) in the text layer")
    if missing_chars:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing_chars[:10])
        problems.append(f"characters lost: {shown}")

    split = sorted(w for w in _words(expected) - _words(page) if not _has_rtl(w))
    if split:
        problems.append(f"words split or missing: {', '.join(split[:10])}")

    norm_lines = [" ".join(line.split()) for line in page.split("\n")]
    links = [(u, _norm(u)) for u in exp.links]
    broken_links = [u for u, n in links if not any(_on_line(n, line) for line in norm_lines)]
    if broken_links:
        problems.append(f"URLs or e-mails broken across lines: {', '.join(broken_links)}")
    checks = {
        "text_layer": bool(full),
        "fields_present": present,
        "reading_order": ordered and present,
        "no_lost_glyphs": not lost and not missing_chars,
        "no_split_words": not split,
        "links_intact": not broken_links,
    }
    return checks, problems


def _has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def _on_line(link: str, line: str) -> bool:
    if link in line:
        return True
    # In a right-to-left line the pieces of an embedded URL can come back reordered (b.c@a);
    # what matters to a parser is that they are not spread over two lines.
    return _has_rtl(line) and all(part in line for part in _WORD.findall(link))


def _for_text(pdf: bytes) -> bytes:
    """The PDF as the text reader gets it: each ICC-based colour space named as the device space
    with the same number of components, padded to the same length so every xref offset holds.

    Typst gives every page an ICC-based colour space; pdfium builds a colour transform from the
    profile for every document it opens (a quarter of its page load, about 1 ms a render), which
    text extraction never uses: colour changes no character, position or reading order. The
    caller's bytes are not touched (this is a copy); a space that is not found as Typst writes it
    is left as it is, which only costs the time.
    """

    def device(match: re.Match[bytes]) -> bytes:
        whole = match.group(0)
        if not _OBJECT_START.search(pdf, max(0, match.start() - 24), match.start()):
            return whole  # not an object of its own (or not as Typst writes it)
        header = pdf.find(b"\n" + match.group(1) + b" 0 obj", 0)
        profile = _PROFILE_COMPONENTS.match(pdf, header + len(match.group(1)) + 7) if header >= 0 else None
        space = _DEVICE_SPACES.get(profile.group(1)) if profile else None
        return whole if space is None else space.ljust(len(whole))

    return _ICC_SPACE.sub(device, pdf)


def pages_text(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(_for_text(pdf))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def _fill(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> float:
    """How far down the page the text reaches, as a fraction of the page height."""
    height = page.get_height()
    count = textpage.count_chars()
    if count == 0 or not height:
        return 0.0
    # single column: the last characters in content order are the lowest on the page
    lowest = min(textpage.get_charbox(i)[1] for i in range(max(0, count - 40), count))
    return float(max(0.0, min(1.0, (height - lowest) / height)))


def last_page_fill(pdf: bytes) -> float:
    doc = pdfium.PdfDocument(_for_text(pdf))
    try:
        page = doc[len(doc) - 1]
        textpage = page.get_textpage()
        return _fill(page, textpage)
    finally:
        doc.close()


def verify_pdf(pdf: bytes, exp: Expectations) -> tuple[dict[str, Any], int, float]:
    """Returns (verification, page count, fill of the last page)."""
    try:
        doc = pdfium.PdfDocument(_for_text(pdf))
    except pdfium.PdfiumError as exc:
        checks = {"readable": False}
        return _result(checks, [f"the PDF cannot be opened: {exc}"]), 0, 0.0
    try:
        lines: list[str] = []
        pages = len(doc)
        fill = 1.0
        for i in range(pages):
            page = doc[i]
            textpage = page.get_textpage()
            lines += textpage.get_text_range().replace("\r\n", "\n").split("\n")
            if i == pages - 1 and pages > 1:
                fill = _fill(page, textpage)
            textpage.close()
            page.close()
    finally:
        doc.close()
    checks, problems = _common_checks(lines, exp)
    checks = {"readable": True, **checks, "tagged": b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf}
    if not checks["tagged"]:
        problems.append("the PDF has no structure tree (untagged)")
    return _result(checks, problems, pages=pages), pages, fill


def verify_docx(content: bytes, exp: Expectations) -> dict[str, Any]:
    import docx

    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several unrelated types for a corrupt package
        return _result({"readable": False}, [f"the DOCX cannot be opened: {exc}"])
    paragraphs = document.paragraphs
    lines = [p.text for p in paragraphs]
    checks, problems = _common_checks(lines, exp)
    # read style ids from the XML and map them once: python-docx's per-paragraph lookup is slow
    names = {st.style_id: st.name for st in document.styles}
    styles = {str(names.get(p._p.style or "Normal", p._p.style)) for p in paragraphs}
    body_xml = document.element.body.xml
    no_boxes = not document.tables and "txbxContent" not in body_xml and "<w:drawing" not in body_xml
    has_real_styles = all(s in styles for s in exp.styles)
    if not no_boxes:
        problems.append("content inside tables, text boxes or drawings")
    if not has_real_styles:
        problems.append(f"expected Word styles {', '.join(exp.styles)}, found {', '.join(sorted(styles))}")
    checks = {"readable": True, **checks, "no_tables_or_text_boxes": no_boxes, "word_styles": has_real_styles}
    return _result(checks, problems)
