"""HTML resumes (single column, or a Canva-like shaded sidebar) printed to PDF by headless Chromium."""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

from layout import Block, Plan, entry_lines

CSS = """
@page { size: Letter; margin: 0.5in; }
body { font-family: 'Liberation Sans', 'DejaVu Sans', sans-serif; font-size: 9.5pt; margin: 0; color: #222; }
h1 { font-size: 22pt; margin: 0 0 2pt 0; }
.tag { font-size: 11pt; color: #555; margin: 2pt 0; }
.contact { font-size: 9pt; margin: 2pt 0 8pt 0; }
h2 { font-size: 11pt; text-transform: uppercase; border-bottom: 1px solid #999; margin: 10pt 0 4pt 0; }
.row { display: flex; justify-content: space-between; }
.b { font-weight: bold; } .i { font-style: italic; }
ul { margin: 2pt 0 6pt 14pt; padding: 0; } p { margin: 2pt 0; }
.wrap { display: flex; gap: 18pt; } .side { width: 30%; background: #eef2f5; padding: 8pt; }
.main { width: 70%; } .g { margin: 1pt 0 1pt 10pt; } .side ul { list-style: none; margin-left: 0; }
"""


def _e(text: str) -> str:
    return html.escape(text)


def _block(b: Block, glyph: str = "") -> str:
    if b.kind == "heading":
        return f"<h2>{_e(b.text)}</h2>"
    if b.kind == "para":
        return f"<p>{_e(b.text)}</p>"
    if b.kind == "list":
        return f"<p>{_e(b.sep.join(b.items))}</p>"
    if b.kind == "bullets":
        return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + "</ul>"
    assert b.entry is not None
    rows = []
    for left, right, style in entry_lines(b.entry):
        cls = {"bold": "b", "italic": "i"}.get(style, "")
        rows.append(f'<div class="row"><span class="{cls}">{_e(left)}</span><span>{_e(right)}</span></div>')
    if glyph:
        return "".join(rows) + "".join(
            f'<p class="g">{_e(glyph)}&nbsp;&nbsp;{_e(x)}</p>' for x in b.entry.bullets
        )
    bullets = "".join(f"<li>{_e(x)}</li>" for x in b.entry.bullets)
    return "".join(rows) + f"<ul>{bullets}</ul>"


def _side_block(b: Block, glyph: str = "") -> str:
    if b.kind == "list":
        return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + "</ul>"
    return _block(b, glyph)


def _head(pl: Plan) -> str:
    name = f"<h1>{_e(pl.name)}</h1>"
    tag = f'<div class="tag">{_e(pl.tagline)}</div>'
    contact = f'<div class="contact">{_e(" | ".join(pl.contact))}</div>'
    return name + contact + tag if pl.name_apart else name + tag + contact


def to_html(pl: Plan) -> str:
    main = "".join(_block(b, pl.glyph) for b in pl.body)
    if pl.sidebar:
        side = "".join(_side_block(b) for b in pl.sidebar)
        content = (
            f'{_head(pl)}<div class="wrap"><div class="side">{side}</div><div class="main">{main}</div></div>'
        )
    else:
        content = _head(pl) + main
    return f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS}</style></head><body>{content}</body></html>"


def chromium_pdf(html_text: str, out: Path, work: Path) -> None:
    src = work / (out.stem + ".html")
    src.write_text(html_text, encoding="utf-8")
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={work / 'chrome-profile'}",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def to_markdown(pl: Plan) -> str:
    """Pandoc input: what a person writes in Markdown and turns into a PDF with pandoc."""
    lines = [f"# {pl.name}", ""]
    head = (
        [" | ".join(pl.contact), "", pl.tagline]
        if pl.name_apart
        else [pl.tagline, "", " | ".join(pl.contact)]
    )
    lines += [*head, ""]
    for b in pl.body:
        if b.kind == "heading":
            lines += [f"## {b.text}", ""]
        elif b.kind == "para":
            lines += [b.text, ""]
        elif b.kind == "list":
            lines += [b.sep.join(b.items), ""]
        elif b.kind == "bullets":
            lines += [f"- {i}" for i in b.items] + [""]
        elif b.entry is not None:
            for left, right, style in entry_lines(b.entry):
                mark = {"bold": "**", "italic": "*"}.get(style, "")
                text = f"{mark}{left}{mark}" + (f" \\hfill {right}" if right else "")
                lines += [text + "\\", ""][:1]
            lines[-1] = lines[-1].rstrip("\\")
            if pl.glyph:
                mark = "\\*" if pl.glyph == "*" else pl.glyph
                lines += [""] + [line for x in b.entry.bullets for line in (f"{mark} {x}", "")]
            else:
                lines += [""] + [f"- {x}" for x in b.entry.bullets] + [""]
    return "\n".join(lines) + "\n"


GRID_CSS = """
@page { size: Letter; margin: 0.55in; }
body { font-family: 'Liberation Serif', 'DejaVu Serif', serif; font-size: 10pt; margin: 0; color: #111; }
h1 { font-size: 20pt; margin: 0; letter-spacing: 1pt; } .tag { margin: 2pt 0; } .contact { margin: 0 0 10pt 0; }
table.grid { width: 100%; border-collapse: collapse; }
table.grid td { vertical-align: top; padding: 6pt 0 4pt 0; border-top: 1px solid #bbb; }
td.h { width: 24%; font-weight: bold; text-transform: uppercase; font-size: 9.5pt; padding-right: 10pt; }
.row { display: flex; justify-content: space-between; } .b { font-weight: bold; } .i { font-style: italic; }
ul { margin: 2pt 0 6pt 14pt; padding: 0; } p { margin: 2pt 0; } .g { margin: 1pt 0 1pt 8pt; }
"""


def to_grid_html(pl: Plan) -> str:
    """A Word/Google-Docs-style grid template: section names in a left table column, content right."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for b in pl.body + pl.sidebar:
        if b.kind == "heading":
            sections.append((b.text, []))
        else:
            sections[-1][1].append(_block(b, pl.glyph))
    rows = "".join(
        f'<tr><td class="h">{_e(title)}</td><td>{"".join(parts)}</td></tr>'
        for title, parts in sections
        if parts
    )
    content = _head(pl) + f'<table class="grid">{rows}</table>'
    return f"<!doctype html><html><head><meta charset='utf-8'><style>{GRID_CSS}</style></head><body>{content}</body></html>"
