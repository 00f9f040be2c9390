"""Word-like files: DOCX written with python-docx, ODT with odfpy, both turned into PDF by LibreOffice."""

from __future__ import annotations

import subprocess
from pathlib import Path

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Inches, Pt
from layout import Plan, entry_lines


def _right_tab(paragraph) -> None:  # type: ignore[no-untyped-def]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(7.0), WD_TAB_ALIGNMENT.RIGHT)


def write_docx(pl: Plan, out: Path) -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Inches(0.75)
    sec.top_margin = sec.bottom_margin = Inches(0.6)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10)
    if pl.header_contact:
        head = sec.header.paragraphs[0]
        head.add_run(pl.name).bold = True
        sec.header.add_paragraph(" | ".join(pl.contact))
        doc.add_paragraph(pl.tagline).runs[0].italic = True
    else:
        name = doc.add_paragraph()
        run = name.add_run(pl.name)
        run.bold, run.font.size = True, Pt(20)
        lines = (
            [" | ".join(pl.contact), pl.tagline] if pl.name_apart else [pl.tagline, " | ".join(pl.contact)]
        )
        for text in lines:
            doc.add_paragraph(text)
    for b in pl.body + pl.sidebar:
        if b.kind == "heading":
            doc.add_heading(b.text, level=2)
        elif b.kind == "para":
            doc.add_paragraph(b.text)
        elif b.kind == "list":
            doc.add_paragraph(b.sep.join(b.items))
        elif b.kind == "bullets":
            for item in b.items:
                doc.add_paragraph(item, style="List Bullet")
        elif b.entry is not None:
            for left, right, style in entry_lines(b.entry):
                par = doc.add_paragraph()
                _right_tab(par)
                run = par.add_run(left)
                run.bold, run.italic = style == "bold", style == "italic"
                if right:
                    par.add_run("\t" + right)
            for x in b.entry.bullets:
                if pl.glyph:
                    doc.add_paragraph(f"{pl.glyph}\t{x}")
                else:
                    doc.add_paragraph(x, style="List Bullet")
    doc.core_properties.author = "corpus"
    doc.save(str(out))


def write_odt(pl: Plan, out: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TabStop, TabStops, TextProperties
    from odf.text import H, List, ListItem, P, Span, Tab

    doc = OpenDocumentText()
    bold = Style(name="B", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    italic = Style(name="I", family="text")
    italic.addElement(TextProperties(fontstyle="italic"))
    big = Style(name="Name", family="paragraph")
    big.addElement(TextProperties(fontsize="20pt", fontweight="bold"))
    head = Style(name="Head", family="paragraph")
    head.addElement(TextProperties(fontsize="13pt", fontweight="bold"))
    tabbed = Style(name="Tabbed", family="paragraph")
    props = ParagraphProperties()
    stops = TabStops()
    stops.addElement(TabStop(position="6.5in", type="right"))
    props.addElement(stops)
    tabbed.addElement(props)
    for s in (bold, italic):
        doc.automaticstyles.addElement(s)
    for s in (big, head, tabbed):
        doc.styles.addElement(s)
    doc.text.addElement(P(stylename=big, text=pl.name))
    lines = [" | ".join(pl.contact), pl.tagline] if pl.name_apart else [pl.tagline, " | ".join(pl.contact)]
    for text in lines:
        doc.text.addElement(P(text=text))
    for b in pl.body + pl.sidebar:
        if b.kind == "heading":
            doc.text.addElement(H(outlinelevel=2, stylename=head, text=b.text))
        elif b.kind in ("para", "list"):
            doc.text.addElement(P(text=b.text if b.kind == "para" else b.sep.join(b.items)))
        elif b.kind == "bullets" or b.entry is not None:
            if b.entry is not None:
                for left, right, style in entry_lines(b.entry):
                    par = P(stylename=tabbed)
                    par.addElement(
                        Span(stylename={"bold": bold, "italic": italic}.get(style, bold), text=left)
                    )
                    if right:
                        par.addElement(Tab())
                        par.addText(right)
                    doc.text.addElement(par)
            lst = List()
            for item in b.items if b.entry is None else b.entry.bullets:
                li = ListItem()
                li.addElement(P(text=f"{pl.glyph or '•'} " + item))
                lst.addElement(li)
            doc.text.addElement(lst)
    doc.save(str(out))


def libreoffice_pdf(sources: list[Path], outdir: Path, work: Path) -> None:
    """One headless LibreOffice run converts every file (starting it once per file is slow)."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)],
        check=True,
        capture_output=True,
        timeout=900,
    )  # fmt: skip
