"""ReportLab (platypus) PDFs and our own Typst renderer (the resume service's render_resume)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from layout import Plan, entry_lines
from personas import Persona


def reportlab_pdf(pl: Plan, out: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ss = getSampleStyleSheet()
    body = ParagraphStyle("b", parent=ss["Normal"], fontName="Helvetica", fontSize=9.5, leading=12)
    right = ParagraphStyle("r", parent=body, alignment=TA_RIGHT)
    name = ParagraphStyle("n", parent=body, fontName="Helvetica-Bold", fontSize=20, leading=24)
    head = ParagraphStyle(
        "h", parent=body, fontName="Helvetica-Bold", fontSize=11.5, leading=16, spaceBefore=6
    )
    story: list[Any] = [Paragraph(escape(pl.name), name)]
    lines = [" | ".join(pl.contact), pl.tagline] if pl.name_apart else [pl.tagline, " | ".join(pl.contact)]
    story += [Paragraph(escape(t), body) for t in lines] + [Spacer(1, 6)]
    for b in pl.body + pl.sidebar:
        if b.kind == "heading":
            story.append(Paragraph(escape(b.text.upper()), head))
        elif b.kind in ("para", "list"):
            story.append(Paragraph(escape(b.text if b.kind == "para" else b.sep.join(b.items)), body))
        elif b.kind == "bullets":
            story.append(ListFlowable([Paragraph(escape(i), body) for i in b.items], bulletType="bullet"))
        elif b.entry is not None:
            rows = []
            for left, rt, style in entry_lines(b.entry):
                tag = {"bold": "b", "italic": "i"}.get(style)
                text = f"<{tag}>{escape(left)}</{tag}>" if tag else escape(left)
                rows.append([Paragraph(text, body), Paragraph(escape(rt), right)])
            table = Table(rows, colWidths=[5.2 * inch, 1.9 * inch])
            table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
            story.append(table)
            items = [Paragraph(escape(x), body) for x in b.entry.bullets]
            if pl.glyph:
                story += [Paragraph(escape(f"{pl.glyph} {x}"), body) for x in b.entry.bullets]
            else:
                story.append(ListFlowable(items, bulletType="bullet", leftIndent=12))
    doc = SimpleDocTemplate(str(out), pagesize=LETTER, leftMargin=0.6 * inch, rightMargin=0.6 * inch,
                            topMargin=0.5 * inch, bottomMargin=0.5 * inch, invariant=1)  # fmt: skip
    doc.build(story)


def json_resume(p: Persona) -> dict[str, Any]:
    out: dict[str, Any] = {
        "basics": {
            "name": p.name,
            "label": p.tagline,
            "email": p.email,
            "phone": p.phone,
            "location": {"city": p.location.split(", ")[0], "region": p.location.split(", ")[1]},
            "summary": p.summary,
        },
        "work": [
            {"name": j.company, "position": j.title, "startDate": j.start, "highlights": j.bullets}
            | ({"endDate": j.end} if j.end else {})
            for j in p.jobs
        ],
        "education": [
            {
                "institution": s,
                "studyType": d.split(" in ")[0],
                "area": d.split(" in ")[1] if " in " in d else "",
                "endDate": y,
            }
            for d, s, y in p.education
        ],
        "skills": [{"name": "Skills", "keywords": list(p.skills)}],
        "certificates": [{"name": c.split(", ")[0]} for c in p.certs],
        "languages": [
            {"language": x.split(" (")[0], "fluency": x.split(" (")[1].rstrip(")")} for x in p.languages
        ],
        "interests": [{"name": x} for x in p.interests],
    }
    return out


def typst_pdf(p: Persona, template: str, out: Path) -> None:
    from resugrow_resume.domain.render import RenderOptions, render_resume

    result = render_resume(json_resume(p), RenderOptions(format="pdf", template=template, page_size="letter"))
    out.write_bytes(result.content)
